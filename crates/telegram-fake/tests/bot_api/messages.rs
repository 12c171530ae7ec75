//! sendMessage's checks, edits, callback answers and blocked users.
use iktomi_telegram_fake::{FakeBot, CHAT};
use serde_json::json;

use crate::{refused, result, TOKEN};

#[tokio::test]
async fn html_must_be_well_formed() {
    let bot = FakeBot::start(TOKEN).await;
    let html = |text: &str| json!({ "chat_id": 7001, "text": text, "parse_mode": "HTML" });
    let sent = result(&bot, "sendMessage", html("<b>a &amp; b</b>")).await;
    assert_eq!(sent["message_id"], 1);
    assert_eq!(
        refused(&bot, "sendMessage", html("<b>a < b</b>"), 400).await,
        "Bad Request: can't parse entities: Unsupported start tag \"\" at byte offset 5"
    );
    let bare = refused(&bot, "sendMessage", html("a & b"), 400).await;
    assert!(
        bare.starts_with("Bad Request: can't parse entities: "),
        "{bare}"
    );
    assert!(refused(&bot, "sendMessage", html("<b>open"), 400)
        .await
        .contains("Can't find end tag corresponding to start tag \"b\""));
    assert_eq!(bot.delivered().len(), 1);
    assert_eq!(bot.received(), 4);
}

#[tokio::test]
async fn markdown_v2_wants_reserved_characters_escaped() {
    let bot = FakeBot::start(TOKEN).await;
    let md = |text: &str| json!({ "chat_id": 7001, "text": text, "parse_mode": "MarkdownV2" });
    result(
        &bot,
        "sendMessage",
        md(r"*Done*\. See [docs](https://x\.test)\!"),
    )
    .await;
    assert_eq!(
        refused(&bot, "sendMessage", md("Done."), 400).await,
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"
    );
}

#[tokio::test]
async fn text_and_keyboards_are_checked() {
    let bot = FakeBot::start(TOKEN).await;
    assert_eq!(
        refused(
            &bot,
            "sendMessage",
            json!({ "chat_id": 7001, "text": "x".repeat(4097) }),
            400
        )
        .await,
        "Bad Request: message is too long"
    );
    result(
        &bot,
        "sendMessage",
        json!({ "chat_id": 7001, "text": "x".repeat(4096) }),
    )
    .await;
    let keyboard = |button| {
        json!({ "chat_id": 7001, "text": "Pick",
        "reply_markup": { "inline_keyboard": [[button]] } })
    };
    for button in [
        json!({ "text": "No kind" }),
        json!({ "text": "Two", "url": "https://a.test", "callback_data": "x" }),
        json!({ "text": "Long", "callback_data": "x".repeat(65) }),
        json!({ "callback_data": "no text" }),
    ] {
        assert_eq!(
            refused(&bot, "sendMessage", keyboard(button), 400).await,
            "Bad Request: BUTTON_DATA_INVALID"
        );
    }
    // Groups still refuse web_app buttons first, as before.
    let group = json!({ "chat_id": CHAT, "text": "Open",
        "reply_markup": { "inline_keyboard": [[{ "text": "Open", "web_app": { "url": "https://a.test" } }]] } });
    assert_eq!(
        refused(&bot, "sendMessage", group, 400).await,
        "Bad Request: BUTTON_TYPE_INVALID"
    );
}

#[tokio::test]
async fn a_user_who_blocked_the_bot_gets_nothing() {
    let bot = FakeBot::start(TOKEN).await;
    bot.block(7001);
    let message = json!({ "chat_id": 7001, "text": "Hello" });
    assert_eq!(
        refused(&bot, "sendMessage", message.clone(), 403).await,
        "Forbidden: bot was blocked by the user"
    );
    assert_eq!((bot.received(), bot.delivered().len()), (1, 0));
    result(
        &bot,
        "sendMessage",
        json!({ "chat_id": 7002, "text": "Hello" }),
    )
    .await;
    bot.unblock(7001);
    result(&bot, "sendMessage", message).await;
    assert_eq!((bot.received(), bot.delivered().len()), (3, 2));
}

#[tokio::test]
async fn a_pressed_button_is_answered_and_its_message_edited() {
    let bot = FakeBot::start(TOKEN).await;
    let sent = result(
        &bot,
        "sendMessage",
        json!({ "chat_id": 7001, "text": "Join Acme?",
        "reply_markup": { "inline_keyboard": [[{ "text": "Yes", "callback_data": "join:1" }]] } }),
    )
    .await;
    let message_id = sent["message_id"].as_i64().expect("id");
    assert_eq!(sent["reply_markup"]["inline_keyboard"][0][0]["text"], "Yes");
    bot.user_presses(7001, message_id, "join:1");
    let update = result(&bot, "getUpdates", json!({})).await;
    let query = update[0]["callback_query"]["id"].clone();
    result(
        &bot,
        "answerCallbackQuery",
        json!({ "callback_query_id": query, "text": "Joined" }),
    )
    .await;
    assert_eq!(
        refused(
            &bot,
            "answerCallbackQuery",
            json!({ "callback_query_id": query }),
            400
        )
        .await,
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    );
    assert_eq!(bot.callback_answers()[0]["text"], "Joined");

    let edit = json!({ "chat_id": 7001, "message_id": message_id, "text": "<b>Joined</b> Acme",
        "parse_mode": "HTML" });
    let edited = result(&bot, "editMessageText", edit.clone()).await;
    assert_eq!(edited["message_id"], message_id);
    assert_eq!(edited["text"], "<b>Joined</b> Acme");
    assert!(edited["edit_date"].is_i64());
    assert!(
        edited.get("reply_markup").is_none(),
        "an edit without a keyboard drops it"
    );
    assert!(refused(&bot, "editMessageText", edit, 400)
        .await
        .starts_with("Bad Request: message is not modified"));
    let elsewhere = json!({ "chat_id": 7002, "message_id": message_id, "text": "x" });
    assert_eq!(
        refused(&bot, "editMessageText", elsewhere, 400).await,
        "Bad Request: message to edit not found"
    );
    // A message the fake never sent (from before it started) is edited on trust.
    let unknown = json!({ "chat_id": 7001, "message_id": 1_000, "text": "Done" });
    assert_eq!(
        result(&bot, "editMessageText", unknown).await["message_id"],
        1_000
    );
    let markup = json!({ "chat_id": 7001, "message_id": message_id,
        "reply_markup": { "inline_keyboard": [[{ "text": "Leave", "callback_data": "leave:1" }]] } });
    let remarked = result(&bot, "editMessageReplyMarkup", markup).await;
    assert_eq!(
        remarked["reply_markup"]["inline_keyboard"][0][0]["text"],
        "Leave"
    );
    assert_eq!(bot.edits().len(), 3);
    assert_eq!(bot.sent()[0]["text"], "<b>Joined</b> Acme");
    assert_eq!(
        bot.delivered()[0]["text"],
        "Join Acme?",
        "delivered keeps what was sent"
    );
}

#[tokio::test]
async fn calls_are_listed_and_parameters_may_come_as_a_form_or_query() {
    let bot = FakeBot::start(TOKEN).await;
    let client = reqwest::Client::new();
    let me: serde_json::Value = client
        .get(format!("{}/bot{TOKEN}/getMe", bot.url))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(me["result"]["id"], 123_456);
    let sent: serde_json::Value = client
        .post(format!("{}/bot{TOKEN}/sendMessage", bot.url))
        .form(&[("chat_id", "7001"), ("text", "a form")])
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    assert_eq!(sent["result"]["chat"]["id"], 7001);
    let calls: serde_json::Value = client
        .get(format!("{}/calls", bot.url))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(calls[0], json!({ "method": "getMe", "params": {} }));
    assert_eq!(calls[1]["method"], "sendMessage");
    assert_eq!(calls[1]["params"]["text"], "a form");
    let wrong = client
        .post(format!("{}/bot1:wrong/getMe", bot.url))
        .send()
        .await
        .expect("post");
    assert_eq!(wrong.status(), 401);
}
