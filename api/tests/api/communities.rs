//! Communities: the talent pool invited to a Telegram chat through the Bot API (a local fake that
//! speaks its protocol), one personal link each, delivered as notifications; mailings to those
//! invited; opting out of either; 429s waited out and failures that keep what was done.
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::hiring_support::{post_resume, post_vacancy};
use crate::support::{kind, spawn_app_with, TestApp, User};
use iktomi_telegram_fake::{FakeBot, Scripted, Status, CHAT};

async fn pooled(app: &TestApp, hr: &User, org: &str, who: &User) {
    let resume = post_resume(app, who, json!([{ "name": "Rust", "level": 3 }])).await;
    let (status, body) = app
        .send(
            Method::PUT,
            &format!("/v1/organizations/{org}/talent-pool/{resume}"),
            Some(&hr.token),
            Some(json!({ "note": "strong" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn mute(app: &TestApp, who: &User, kinds: Value) {
    let (status, body) = app
        .send(
            Method::PUT,
            "/v1/me/notification-settings",
            Some(&who.token),
            Some(json!({ "muted": kinds })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn inbox_of(app: &TestApp, who: &User, kind: &str) -> Vec<Value> {
    let (_, inbox) = app.get("/v1/me/notifications", Some(&who.token)).await;
    inbox
        .as_array()
        .expect("inbox")
        .iter()
        .filter(|n| n["kind"] == kind)
        .cloned()
        .collect()
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_pool_is_invited_once_each_through_the_bot_and_mailed_unless_opted_out(db: PgPool) {
    let bot = FakeBot::start(crate::support::BOT_TOKEN).await;
    let base = bot.url.clone();
    let app = spawn_app_with(db, move |s| s.telegram.api_base = base).await;
    let hr = app.named_user("hr_lead").await;
    // hr_lead administers the chat on Telegram, which is what lets Acme make it a community.
    let (status, body) = app.telegram_attempt(5001, Some(&hr.token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    bot.set_member(CHAT, 5001, Status::Creator);
    let rival = app.named_user("rival").await;
    let org = app.organization(&hr, "Acme").await;
    let rival_org = app.organization(&rival, "Rival").await;
    let communities = format!("/v1/organizations/{org}/communities");

    let (status, problem) = app
        .post(
            &communities,
            Some(&hr.token),
            json!({ "name": " ", "telegram_chat_id": 0 }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"].as_array().map(Vec::len), Some(2));
    let body = json!({ "name": "Acme Rustaceans", "telegram_chat_id": CHAT });
    assert_eq!(
        app.post(&communities, Some(&rival.token), body.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, community) = app.post(&communities, Some(&hr.token), body).await;
    assert_eq!(status, StatusCode::CREATED, "{community}");
    let cid = community["id"].as_str().expect("id").to_owned();
    let invites = format!("{communities}/{cid}/invites");

    let anna = app.named_user("anna").await;
    let bea = app.named_user("bea").await;
    let carl = app.named_user("carl").await;
    for who in [&anna, &bea, &carl] {
        pooled(&app, &hr, &org, who).await;
    }
    mute(&app, &carl, json!(["community_invite"])).await;
    mute(&app, &bea, json!(["mailing"])).await;

    // Telegram first asks to slow down; the client waits `retry_after` and goes on.
    bot.script([Scripted::TooManyRequests { retry_after: 1 }]);
    assert_eq!(
        app.post(&invites, Some(&rival.token), json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, _) = app
        .post(
            &format!("/v1/organizations/{rival_org}/communities/{cid}/invites"),
            Some(&rival.token),
            json!({}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another organization's community"
    );
    let (status, done) = app.post(&invites, Some(&hr.token), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        done,
        json!({ "invited": 2, "already_invited": 0, "opted_out": 1 })
    );
    let calls: Vec<_> = bot
        .calls()
        .into_iter()
        .filter(|(method, _)| method == "createChatInviteLink")
        .collect();
    assert_eq!(calls.len(), 3, "one 429 and two links");
    for (method, params) in &calls {
        assert_eq!(method, "createChatInviteLink");
        assert_eq!(
            (params["chat_id"].as_i64(), params["member_limit"].as_i64()),
            (Some(CHAT), Some(1))
        );
    }
    let invite = &inbox_of(&app, &anna, "community_invite").await[0];
    assert!(invite["payload"]["invite_link"]
        .as_str()
        .unwrap_or_default()
        .starts_with("https://t.me/+"));
    assert_eq!(invite["payload"]["community"], "Acme Rustaceans");
    assert!(
        inbox_of(&app, &carl, "community_invite").await.is_empty(),
        "carl opted out"
    );

    // Run again after the pool grew: only the newcomer; a Telegram failure keeps what was done.
    let dan = app.named_user("dan").await;
    pooled(&app, &hr, &org, &dan).await;
    bot.script([Scripted::Fail {
        code: 400,
        description: "Bad Request: not enough rights to manage chat invite links",
    }]);
    let (status, problem) = app.post(&invites, Some(&hr.token), json!({})).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::BAD_GATEWAY, "upstream"),
        "{problem}"
    );
    assert!(problem["detail"]
        .as_str()
        .unwrap_or_default()
        .contains("not enough rights"));
    let (_, listed) = app.get(&communities, Some(&hr.token)).await;
    assert_eq!(listed[0]["invited"], 2);
    let (_, done) = app.post(&invites, Some(&hr.token), json!({})).await;
    assert_eq!(
        done,
        json!({ "invited": 1, "already_invited": 2, "opted_out": 1 })
    );

    // Mailings reach those invited who did not opt out of mailings.
    let mailings = format!("{communities}/{cid}/mailings");
    let (status, problem) = app
        .post(
            &mailings,
            Some(&hr.token),
            json!({ "kind": "vacancy", "title": "Hiring" }),
        )
        .await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("vacancy_id"))
    );
    let foreign = post_vacancy(&app, &rival, &rival_org, "Elsewhere", json!([])).await;
    let (status, _) = app
        .post(
            &mailings,
            Some(&hr.token),
            json!({ "kind": "vacancy", "vacancy_id": foreign, "title": "Hiring" }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "not this organization's vacancy"
    );
    let vacancy = post_vacancy(
        &app,
        &hr,
        &org,
        "Rust engineer",
        json!([{ "name": "Rust", "level": 3 }]),
    )
    .await;
    let (status, mailing) = app.post(&mailings, Some(&hr.token),
        json!({ "kind": "vacancy", "vacancy_id": vacancy, "title": "We are hiring", "body": "Apply by Friday" })).await;
    assert_eq!(status, StatusCode::CREATED, "{mailing}");
    assert_eq!(
        mailing["recipients"], 2,
        "anna and dan; bea muted mailings, carl was never invited"
    );
    let (_, event) = app
        .post(
            &mailings,
            Some(&hr.token),
            json!({ "kind": "event", "title": "Rust meetup", "body": "Thursday 19:00" }),
        )
        .await;
    assert_eq!(event["recipients"], 2);
    let mails = inbox_of(&app, &anna, "mailing").await;
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[1]["payload"]["vacancy_id"], vacancy.as_str());
    assert!(inbox_of(&app, &bea, "mailing").await.is_empty());
    let (_, settings) = app
        .get("/v1/me/notification-settings", Some(&bea.token))
        .await;
    assert_eq!(settings, json!({ "muted": ["mailing"] }));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn without_a_bot_no_chat_can_be_proven_so_none_is_added(db: PgPool) {
    let app = spawn_app_with(db, |s| s.telegram.bot_token = None).await;
    let hr = app.named_user("hr_lead").await;
    let org = app.organization(&hr, "Acme").await;
    let (status, problem) = app
        .post(
            &format!("/v1/organizations/{org}/communities"),
            Some(&hr.token),
            json!({ "name": "Acme", "telegram_chat_id": CHAT }),
        )
        .await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    );
}
