//! The bot's conversations through the fake Bot API: `/start` in Russian and in English with the
//! role choice, the same account as the Mini App's sign-in, deep links, `/language`,
//! `/notifications` and `/stop`, groups, a replayed update handled once, the webhook's secret,
//! and one poller across two replicas.
use std::time::Duration;

use iktomi_api::config::UpdatesMode;
use iktomi_telegram_fake::FakeBot;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::support::{spawn_app_with, TestApp, BOT_TOKEN};

const SECRET: &str = "webhook_secret-42";

async fn polling(db: PgPool, fake: &FakeBot) -> TestApp {
    let base = fake.url.clone();
    let app = spawn_app_with(db, move |s| {
        s.telegram.api_base = base;
        s.telegram.updates = UpdatesMode::Poll;
    })
    .await;
    tokio::spawn(iktomi_api::bot::run(app.state.clone()));
    app
}

/// Messages the bot sent to `chat`, once there are at least `n` (or after 10 s).
async fn messages_to(fake: &FakeBot, chat: i64, n: usize) -> Vec<Value> {
    for _ in 0..200 {
        let sent: Vec<Value> = fake
            .delivered()
            .into_iter()
            .filter(|m| m["chat_id"] == chat)
            .collect();
        if sent.len() >= n {
            return sent;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    fake.delivered()
        .into_iter()
        .filter(|m| m["chat_id"] == chat)
        .collect()
}

fn buttons(message: &Value) -> Vec<Value> {
    message["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .collect()
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn start_greets_in_the_users_language_with_the_roles_and_is_the_mini_apps_account(
    db: PgPool,
) {
    let fake = FakeBot::start(BOT_TOKEN).await;
    let app = polling(db.clone(), &fake).await;

    fake.user_says(9001, Some("ru"), "/start");
    let russian = messages_to(&fake, 9001, 1).await;
    assert_eq!(russian.len(), 1, "{russian:?}");
    let text = russian[0]["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("👋 Здравствуйте, User 9001!"), "{text}");
    assert_eq!(russian[0]["parse_mode"], "HTML");
    let roles = buttons(&russian[0]);
    assert_eq!(roles[0]["text"], "🔎 Ищу работу");
    assert_eq!(
        roles[0]["web_app"]["url"],
        "https://app.iktomi.test/profile?edit=1"
    );
    assert_eq!(roles[1]["text"], "🏢 Я работодатель");
    assert_eq!(
        roles[1]["web_app"]["url"],
        "https://app.iktomi.test/organization?new=1"
    );

    fake.user_says(9002, Some("en"), "/start");
    let english = messages_to(&fake, 9002, 1).await;
    let text = english[0]["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("👋 Hello, User 9002!"), "{text}");
    assert_eq!(buttons(&english[0])[0]["text"], "🔎 I am looking for a job");

    // The Mini App's sign-in finds the account /start created.
    let (status, signed_in) = app.telegram_attempt(9001, None).await;
    assert_eq!(status, 200, "{signed_in}");
    assert_eq!(signed_in["created"], false, "{signed_in}");
    let accounts: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM identities WHERE provider = 'telegram' AND subject IN ('9001', '9002')",
    )
    .fetch_one(&db)
    .await
    .expect("count");
    assert_eq!(accounts, 2);

    // The commands and the menu button were registered at start.
    let ru: Vec<String> = fake
        .commands("ru")
        .iter()
        .map(|c| c["command"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(ru, ["start", "help", "language", "notifications", "stop"]);
    assert_eq!(fake.commands("en")[1]["description"], "What the bot does");
    assert_eq!(fake.commands("ru")[1]["description"], "Что умеет бот");
    let menu = fake.menu_button().expect("a menu button");
    assert_eq!(menu["type"], "web_app");
    assert_eq!(menu["web_app"]["url"], "https://app.iktomi.test");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_deep_link_opens_its_screen_and_a_replayed_update_is_handled_once(db: PgPool) {
    let fake = FakeBot::start(BOT_TOKEN).await;
    let _app = polling(db, &fake).await;
    let org = "0b6c4a52-7d0e-4d3f-9a77-2f4f8c1e5a10";
    let id = fake.user_says(9101, Some("en"), &format!("/start invite_{org}"));
    let sent = messages_to(&fake, 9101, 1).await;
    assert_eq!(
        buttons(&sent[0])[0]["web_app"]["url"],
        format!("https://app.iktomi.test/organization/{org}/invitation")
    );
    fake.redeliver(id);
    fake.user_says(9101, Some("en"), "/help");
    let sent = messages_to(&fake, 9101, 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent_after = messages_to(&fake, 9101, 2).await;
    assert_eq!(sent.len(), 2, "the replay answered nothing: {sent:?}");
    assert_eq!(sent_after.len(), 2);
    assert!(sent[1]["text"]
        .as_str()
        .unwrap_or_default()
        .contains("/language"));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn language_notifications_and_stop_change_what_the_person_gets(db: PgPool) {
    let fake = FakeBot::start(BOT_TOKEN).await;
    let _app = polling(db.clone(), &fake).await;
    // Before /start there is no profile to set anything on, and none is made behind one's back.
    fake.user_says(9201, Some("ru"), "/language");
    let sent = messages_to(&fake, 9201, 1).await;
    assert_eq!(
        sent[0]["text"],
        "Сначала отправьте /start — так появится ваш профиль."
    );
    fake.user_says(9201, Some("ru"), "/start");
    messages_to(&fake, 9201, 2).await;
    fake.user_says(9201, Some("ru"), "/language");
    let sent = messages_to(&fake, 9201, 3).await;
    let choices = buttons(&sent[2]);
    assert_eq!(choices[1]["callback_data"], "lang:en");
    let message_id = 1_000;
    fake.user_presses(9201, message_id, "lang:en");
    for _ in 0..100 {
        if !fake.edits().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let edit = fake
        .edits()
        .last()
        .cloned()
        .expect("the message was edited");
    assert_eq!(edit["text"], "Done: messages will be in English.");
    let language: Option<String> = sqlx::query_scalar(
        "SELECT a.language FROM accounts a JOIN identities i ON i.account_id = a.id
         WHERE i.provider = 'telegram' AND i.subject = '9201'",
    )
    .fetch_one(&db)
    .await
    .expect("language");
    assert_eq!(language.as_deref(), Some("en"));
    assert!(
        !fake.callback_answers().is_empty(),
        "the button's spinner was closed"
    );

    fake.user_says(9201, Some("ru"), "/notifications");
    let sent = messages_to(&fake, 9201, 4).await;
    assert_eq!(
        sent[3]["text"], "Notifications: press to turn one on or off.",
        "the chosen language wins"
    );
    let toggles = buttons(&sent[3]);
    assert_eq!(toggles.len(), 20);
    assert!(toggles
        .iter()
        .all(|b| b["text"].as_str().unwrap_or_default().starts_with('✅')));
    fake.user_presses(9201, message_id, "mute:mailing");
    let muted = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM notification_mutes m JOIN identities i ON i.account_id = m.account_id
             WHERE i.subject = '9201' AND m.kind = 'mailing'",
        )
        .fetch_one(&db)
        .await
        .expect("count")
    };
    for _ in 0..100 {
        if muted().await == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(muted().await, 1);

    // /stop stops Telegram only: the inbox keeps everything, and only /start turns it back on.
    let stopped = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT reason FROM telegram_unreachable WHERE chat_id = 9201",
        )
        .fetch_optional(&db)
        .await
        .expect("reason")
    };
    fake.user_says(9201, None, "/stop");
    let sent = messages_to(&fake, 9201, 5).await;
    assert!(sent[4]["text"]
        .as_str()
        .unwrap_or_default()
        .starts_with("Telegram notifications are off"));
    assert_eq!(stopped().await.as_deref(), Some("stopped"));
    fake.user_says(9201, None, "/help");
    messages_to(&fake, 9201, 6).await;
    assert_eq!(
        stopped().await.as_deref(),
        Some("stopped"),
        "only /start undoes /stop"
    );
    fake.user_says(9201, None, "/start");
    messages_to(&fake, 9201, 7).await;
    assert_eq!(stopped().await, None);
    assert_eq!(muted().await, 1, "/stop muted no kind");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn in_groups_the_bot_answers_only_when_addressed(db: PgPool) {
    let fake = FakeBot::start(BOT_TOKEN).await;
    let _app = polling(db, &fake).await;
    let group = -1_009_999;
    fake.group_says(group, 9301, "hello everyone");
    fake.group_says(group, 9301, "/start");
    fake.group_says(group, 9301, "/help@iktomi_test_bot");
    let sent = messages_to(&fake, group, 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent_after = messages_to(&fake, group, 1).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent_after.len(), 1);
    assert!(buttons(&sent[0]).is_empty(), "no web_app button in a group");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_webhook_needs_its_secret_and_handles_an_update_once(db: PgPool) {
    let fake = FakeBot::start(BOT_TOKEN).await;
    let base = fake.url.clone();
    let app = spawn_app_with(db, move |s| {
        s.telegram.api_base = base;
        s.telegram.updates = UpdatesMode::Webhook;
        s.telegram.webhook_secret = Some(SECRET.to_owned().into());
    })
    .await;
    iktomi_api::bot::setup::run(
        &app.state,
        &iktomi_api::notifications::telegram_bot::BotApi::of(&app.state).expect("bot"),
    )
    .await;
    assert_eq!(
        fake.webhook(),
        Some((
            "https://api.iktomi.test/telegram/webhook".to_owned(),
            Some(SECRET.to_owned())
        ))
    );
    let update = json!({ "update_id": 777, "message": { "message_id": 1, "date": 1_800_000_000,
        "from": { "id": 9401, "is_bot": false, "first_name": "Ира", "language_code": "ru" },
        "chat": { "id": 9401, "type": "private" }, "text": "/start",
        "entities": [{ "type": "bot_command", "offset": 0, "length": 6 }] } });
    let post = |secret: Option<&'static str>| {
        let mut request = app.http.post(app.at("/telegram/webhook")).json(&update);
        if let Some(secret) = secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        request.send()
    };
    assert_eq!(post(None).await.expect("post").status(), 401);
    assert_eq!(post(Some("wrong")).await.expect("post").status(), 401);
    assert!(fake.delivered().is_empty(), "a refused call does nothing");
    assert_eq!(post(Some(SECRET)).await.expect("post").status(), 200);
    assert_eq!(post(Some(SECRET)).await.expect("post").status(), 200);
    let sent = messages_to(&fake, 9401, 1).await;
    assert_eq!(
        sent.len(),
        1,
        "the repeated update is handled once: {sent:?}"
    );
    assert!(sent[0]["text"].as_str().unwrap_or_default().contains("Ира"));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn two_replicas_poll_as_one_and_answer_each_update_once(db: PgPool) {
    let fake = FakeBot::start(BOT_TOKEN).await;
    let _first = polling(db.clone(), &fake).await;
    let _second = polling(db, &fake).await;
    for user in 9501..9511 {
        fake.user_says(user, Some("en"), "/help");
    }
    for user in 9501..9511 {
        assert_eq!(messages_to(&fake, user, 1).await.len(), 1, "user {user}");
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(fake.delivered().len(), 10, "nothing was sent twice");
    assert_eq!(fake.poll_conflicts(), 0, "never two getUpdates at once");
}
