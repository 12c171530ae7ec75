//! The notification outbox against the local fake Bot API: a `web_app` button into the right Mini
//! App screen; a sender that crashes mid-send loses nothing and sends nothing twice; a 429 is
//! waited out for its `retry_after`; muted kinds are never queued.
use std::time::Duration;

use iktomi_api::notifications::outbox::deliver_due;
use iktomi_api::notifications::telegram_bot::BotApi;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::support::{spawn_app_with, user, TestApp};
use iktomi_telegram_fake::{FakeBot, Scripted};

async fn fake_and_app(db: PgPool) -> (FakeBot, TestApp) {
    let bot = FakeBot::start(crate::support::BOT_TOKEN).await;
    let base = bot.url.clone();
    let app = spawn_app_with(db, move |s| {
        s.telegram.api_base = base;
        s.outbox.lease_secs = 1;
    })
    .await;
    (bot, app)
}

async fn pending(db: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM deliveries WHERE status = 'pending'")
        .fetch_one(db)
        .await
        .expect("count")
}

/// Runs the sender round by round (as `outbox::run` does) until nothing is pending.
async fn drain(app: &TestApp, bot: &BotApi) {
    for _ in 0..50 {
        deliver_due(&app.state, bot).await.expect("round");
        if pending(&app.state.db).await == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("deliveries still pending");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_crash_mid_send_neither_loses_nor_repeats_and_429_waits(db: PgPool) {
    let (fake, app) = fake_and_app(db.clone()).await;
    let bot = BotApi::of(&app.state).expect("bot");
    let admin = app.named_user("hr_admin").await;
    let (_, body) = app.telegram_attempt_in(7001, Some("en"), None).await;
    let dana = user(&body);
    let org = app.organization(&admin, "Acme").await;
    // The invitation's own notice is another test's matter.
    app.send(
        reqwest::Method::PUT,
        "/v1/me/notification-settings",
        Some(&dana.token),
        Some(json!({ "muted": ["organization_invitation"] })),
    )
    .await;
    app.join(&org, &admin, &dana, "employee").await;
    let now = chrono::Utc::now();
    let (_, attestation) = app.post(&format!("/v1/organizations/{org}/attestations"), Some(&admin.token), json!({
        "title": "Safety", "time_limit_secs": 600, "passing_score": 50, "max_attempts": 1,
        "opens_at": now - chrono::Duration::minutes(1), "closes_at": now + chrono::Duration::days(1),
        "questions": [{ "text": "Q", "kind": "single", "options": ["a", "b"], "correct": [0] }],
        "assignees": [dana.handle] })).await;
    let attestation = attestation["id"].as_str().expect("id").to_owned();
    assert_eq!(
        pending(&db).await,
        2,
        "assigned and opened, queued with the notices"
    );

    // The sender claims both and crashes while Telegram holds the first request.
    fake.script([Scripted::Stall]);
    let sender = tokio::spawn(iktomi_api::notifications::outbox::run(app.state.clone()));
    for _ in 0..100 {
        if fake.received() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    sender.abort();
    let _ = sender.await;
    assert_eq!(
        fake.delivered().len(),
        0,
        "nothing was delivered before the crash"
    );
    // Another sender finds the rows again once the crashed one's lease ran out.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    drain(&app, &bot).await;
    let delivered = fake.delivered();
    assert_eq!(
        delivered.len(),
        2,
        "each notice exactly once: {delivered:?}"
    );
    for message in &delivered {
        assert_eq!(message["chat_id"], 7001);
        let button = &message["reply_markup"]["inline_keyboard"][0][0];
        assert_eq!(
            button["web_app"]["url"],
            format!("https://app.iktomi.test/attestations/{attestation}")
        );
    }
    let texts: Vec<&str> = delivered
        .iter()
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert!(
        texts.contains(&"📝 You were assigned the attestation “Safety”."),
        "{texts:?}"
    );
    drain(&app, &bot).await;
    assert_eq!(
        fake.delivered().len(),
        2,
        "a later round sends nothing again"
    );

    // Telegram asks to wait: the row waits retry_after without counting as a failure.
    fake.script([Scripted::TooManyRequests { retry_after: 1 }]);
    app.post(
        &format!("/v1/organizations/{org}/points"),
        Some(&admin.token),
        json!({ "handle": dana.handle, "amount": 150, "reason": "Quarter's best" }),
    )
    .await;
    let before = fake.received();
    assert_eq!(deliver_due(&app.state, &bot).await.expect("round"), 0);
    assert_eq!(
        deliver_due(&app.state, &bot).await.expect("round"),
        0,
        "not due again before retry_after"
    );
    assert_eq!(fake.received(), before + 1, "one call, the refused one");
    let (attempts, wait): (i32, f64) = sqlx::query_as(
        "SELECT attempts, extract(epoch FROM next_attempt_at - now())::float8 FROM deliveries WHERE status = 'pending'")
        .fetch_one(&db).await.expect("row");
    assert_eq!(attempts, 0, "a 429 is not a failed attempt");
    assert!(wait > 0.0 && wait <= 1.0, "due after retry_after: {wait}");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    drain(&app, &bot).await;
    let last: Value = fake.delivered().last().cloned().expect("message");
    assert!(
        last["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("⬆️ You reached level 2")),
        "{last}"
    );
    assert_eq!(last["parse_mode"], "HTML");
    assert_eq!(
        last["reply_markup"]["inline_keyboard"][0][0]["web_app"]["url"],
        "https://app.iktomi.test/achievements"
    );

    // Muted kinds are never written, so never sent.
    app.send(
        reqwest::Method::PUT,
        "/v1/me/notification-settings",
        Some(&dana.token),
        Some(json!({ "muted": ["badge_received"] })),
    )
    .await;
    app.post(
        &format!("/v1/organizations/{org}/badges/first-certificate/grants"),
        Some(&admin.token),
        json!({ "handle": dana.handle }),
    )
    .await;
    assert_eq!(pending(&db).await, 0);
}
