//! Notices through the fake Bot API as their readers get them: in the recipient's language
//! (what Telegram reports, ru by default), with the content and a translated button into the
//! screen where they act, hostile names escaped in Telegram HTML, and no more sending to a person
//! who blocked the bot.
use std::time::Duration;

use iktomi_api::notifications::outbox::deliver_due;
use iktomi_api::notifications::telegram_bot::BotApi;
use iktomi_telegram_fake::FakeBot;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::support::{spawn_app_with, user, TestApp, User};

async fn fake_and_app(db: PgPool) -> (FakeBot, TestApp) {
    let bot = FakeBot::start(crate::support::BOT_TOKEN).await;
    let base = bot.url.clone();
    let app = spawn_app_with(db, move |s| s.telegram.api_base = base).await;
    (bot, app)
}

/// Sends rounds until nothing is due now.
async fn drain(app: &TestApp, bot: &BotApi) {
    for _ in 0..20 {
        if deliver_due(&app.state, bot).await.expect("round") == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn telegram_user(app: &TestApp, id: i64, language: Option<&str>) -> User {
    let (status, body) = app.telegram_attempt_in(id, language, None).await;
    assert_eq!(status, 200, "{body}");
    user(&body)
}

async fn invite(app: &TestApp, org: &str, admin: &User, who: &User) {
    let (status, body) = app
        .post(
            &format!("/v1/organizations/{org}/members"),
            Some(&admin.token),
            json!({ "handle": who.handle, "role": "manager" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
}

fn to(fake: &FakeBot, chat: i64) -> Vec<Value> {
    fake.delivered()
        .into_iter()
        .filter(|m| m["chat_id"] == chat)
        .collect()
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn each_reader_gets_the_notice_in_their_language_with_its_content_escaped(db: PgPool) {
    let (fake, app) = fake_and_app(db).await;
    let bot = BotApi::of(&app.state).expect("bot");
    let olga = app.named_user("olga").await;
    let org = app.organization(&olga, r#"<b>Evil</b> & "Co""#).await;
    let dana = telegram_user(&app, 8101, Some("en-GB")).await;
    let ivan = telegram_user(&app, 8102, None).await;
    invite(&app, &org, &olga, &dana).await;
    invite(&app, &org, &olga, &ivan).await;
    drain(&app, &bot).await;

    let english = to(&fake, 8101);
    assert_eq!(english.len(), 1, "{english:?}");
    let message = &english[0];
    assert_eq!(message["parse_mode"], "HTML");
    assert_eq!(
        message["text"],
        "🏢 <b>@olga</b> invites you to the organization “&lt;b&gt;Evil&lt;/b&gt; &amp; &quot;Co&quot;”. Role: manager."
    );
    let button = &message["reply_markup"]["inline_keyboard"][0][0];
    assert_eq!(button["text"], "Accept the invitation");
    assert_eq!(
        button["web_app"]["url"],
        format!("https://app.iktomi.test/organization/{org}/invitation")
    );

    let russian = to(&fake, 8102);
    assert_eq!(russian.len(), 1, "{russian:?}");
    assert_eq!(
        russian[0]["text"],
        "🏢 <b>@olga</b> приглашает вас в организацию «&lt;b&gt;Evil&lt;/b&gt; &amp; &quot;Co&quot;». Роль: менеджер."
    );
    assert_eq!(
        russian[0]["reply_markup"]["inline_keyboard"][0][0]["text"],
        "Принять приглашение"
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_person_who_blocked_the_bot_is_not_sent_to_again(db: PgPool) {
    let (fake, app) = fake_and_app(db.clone()).await;
    let bot = BotApi::of(&app.state).expect("bot");
    let olga = app.named_user("olga").await;
    let first = app.organization(&olga, "Acme").await;
    let second = app.organization(&olga, "Globex").await;
    let dana = telegram_user(&app, 8201, None).await;
    fake.block(8201);
    invite(&app, &first, &olga, &dana).await;
    drain(&app, &bot).await;
    assert_eq!(fake.received(), 1, "one try, refused with 403");
    let unreachable: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM telegram_unreachable WHERE chat_id = 8201)",
    )
    .fetch_one(&db)
    .await
    .expect("query");
    assert!(unreachable);

    invite(&app, &second, &olga, &dana).await;
    let queued: i64 = sqlx::query_scalar("SELECT count(*) FROM deliveries WHERE chat_id = 8201")
        .fetch_one(&db)
        .await
        .expect("count");
    assert_eq!(queued, 1, "nothing more is queued for a blocked chat");
    drain(&app, &bot).await;
    assert_eq!(fake.received(), 1, "and nothing more is sent");
    let (_, inbox) = app.get("/v1/me/notifications", Some(&dana.token)).await;
    assert_eq!(
        inbox.as_array().map(Vec::len),
        Some(2),
        "the inbox still has both"
    );
}
