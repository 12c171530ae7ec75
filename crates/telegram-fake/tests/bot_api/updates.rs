//! getUpdates: long polling, confirmation by offset, one poller at a time, redelivery.
use std::time::{Duration, Instant};

use iktomi_telegram_fake::FakeBot;
use serde_json::json;

use crate::{call, refused, result, TOKEN};

#[tokio::test]
async fn a_long_poll_returns_an_update_pushed_while_it_waits() {
    let bot = FakeBot::start(TOKEN).await;
    let poll = tokio::spawn({
        let bot = bot.clone();
        async move { result(&bot, "getUpdates", json!({ "timeout": 10 })).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let id = bot.user_says(7001, Some("ru"), "/start invite_x");
    let updates = poll.await.expect("poll");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "woken, not timed out"
    );
    assert_eq!(id, 1);
    let message = &updates[0]["message"];
    assert_eq!(updates[0]["update_id"], 1);
    assert_eq!(message["text"], "/start invite_x");
    assert_eq!(message["from"]["language_code"], "ru");
    assert_eq!(message["from"]["username"], "user7001");
    assert_eq!(
        message["chat"],
        json!({ "id": 7001, "type": "private",
        "first_name": "User 7001", "username": "user7001" })
    );
    assert_eq!(
        message["entities"],
        json!([{ "type": "bot_command", "offset": 0, "length": 6 }])
    );
}

#[tokio::test]
async fn a_poll_without_updates_answers_empty_after_its_timeout() {
    let bot = FakeBot::start(TOKEN).await;
    let started = Instant::now();
    assert_eq!(
        result(&bot, "getUpdates", json!({ "timeout": 1 })).await,
        json!([])
    );
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn offset_confirms_earlier_updates_and_limit_caps_the_batch() {
    let bot = FakeBot::start(TOKEN).await;
    for text in ["one", "two", "three"] {
        bot.user_says(7001, None, text);
    }
    assert!(bot.group_says(iktomi_telegram_fake::CHAT, 7001, "hi all") > 3);
    let first = result(&bot, "getUpdates", json!({ "limit": 2 })).await;
    assert_eq!(first.as_array().expect("array").len(), 2);
    // Unconfirmed, the same updates come again.
    assert_eq!(
        result(&bot, "getUpdates", json!({ "limit": 2 })).await,
        first
    );
    let rest = result(&bot, "getUpdates", json!({ "offset": 3 })).await;
    assert_eq!(rest[0]["update_id"], 3);
    assert_eq!(rest[1]["message"]["chat"]["type"], "supergroup");
    assert_eq!(rest[1]["message"]["chat"]["title"], "Iktomi community");
    assert_eq!(bot.pending_updates().len(), 2);
    assert_eq!(
        result(&bot, "getUpdates", json!({ "offset": 5 })).await,
        json!([])
    );
    assert!(bot.pending_updates().is_empty());
}

#[tokio::test]
async fn overlapping_polls_end_the_earlier_with_409() {
    let bot = FakeBot::start(TOKEN).await;
    let earlier = tokio::spawn({
        let bot = bot.clone();
        async move { refused(&bot, "getUpdates", json!({ "timeout": 10 }), 409).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let later = result(&bot, "getUpdates", json!({ "timeout": 1 })).await;
    assert_eq!(later, json!([]));
    assert_eq!(
        earlier.await.expect("earlier"),
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    );
    assert_eq!(bot.poll_conflicts(), 1);
    // Polls one after another are no conflict.
    result(&bot, "getUpdates", json!({})).await;
    assert_eq!(bot.poll_conflicts(), 1);
}

#[tokio::test]
async fn a_redelivered_update_comes_again_after_it_was_confirmed() {
    let bot = FakeBot::start(TOKEN).await;
    let id = bot.user_presses(7001, 5, "accept:9");
    let got = result(&bot, "getUpdates", json!({})).await;
    assert_eq!(got[0]["callback_query"]["data"], "accept:9");
    assert_eq!(got[0]["callback_query"]["message"]["message_id"], 5);
    assert!(got[0]["callback_query"]["id"].is_string());
    assert_eq!(
        result(&bot, "getUpdates", json!({ "offset": id + 1 })).await,
        json!([])
    );
    bot.redeliver(id);
    let again = result(&bot, "getUpdates", json!({ "offset": id + 1 })).await;
    assert_eq!(again, got, "an identical copy");
    assert_eq!(
        result(&bot, "getUpdates", json!({ "offset": id + 1 })).await,
        json!([])
    );
}

#[tokio::test]
async fn allowed_updates_leave_out_other_types_and_are_kept() {
    let bot = FakeBot::start(TOKEN).await;
    bot.user_says(7001, None, "hello");
    bot.user_presses(7001, 1, "go");
    let got = result(
        &bot,
        "getUpdates",
        json!({ "allowed_updates": ["callback_query"] }),
    )
    .await;
    assert_eq!(got.as_array().expect("array").len(), 1);
    assert!(got[0].get("callback_query").is_some());
    bot.user_says(7001, None, "ignored");
    let later = result(&bot, "getUpdates", json!({ "offset": 3 })).await;
    assert_eq!(later, json!([]), "the setting holds without the parameter");
}

#[tokio::test]
async fn scripts_post_updates_in_shorthand() {
    let bot = FakeBot::start(TOKEN).await;
    let client = reqwest::Client::new();
    let post = |body: serde_json::Value| {
        client
            .post(format!("{}/updates", bot.url))
            .json(&body)
            .send()
    };
    let said: serde_json::Value =
        post(json!({ "user_id": 7001, "text": "hi", "language_code": "ru" }))
            .await
            .expect("post")
            .json()
            .await
            .expect("json");
    assert_eq!(said, json!({ "update_id": 1 }));
    result(
        &bot,
        "sendMessage",
        json!({ "chat_id": 7001, "text": "Pick",
        "reply_markup": { "inline_keyboard": [[{ "text": "Yes", "callback_data": "yes" }]] } }),
    )
    .await;
    let pressed: serde_json::Value = post(json!({ "user_id": 7001, "callback_data": "yes" }))
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    assert_eq!(pressed["update_id"], 2);
    assert_eq!(pressed["message_id"], 2, "the message with the button");
    assert!(pressed["callback_query_id"].is_string());
    let full = post(
        json!({ "message": { "message_id": 99, "date": 1, "text": "raw",
        "chat": { "id": 7002, "type": "private" } } }),
    )
    .await
    .expect("post");
    assert_eq!(full.status(), 200);
    let bad = post(json!({ "user_id": 7001 })).await.expect("post");
    assert_eq!(bad.status(), 400);

    let updates = result(&bot, "getUpdates", json!({})).await;
    assert_eq!(updates[0]["message"]["from"]["language_code"], "ru");
    let query = &updates[1]["callback_query"];
    assert_eq!(
        query["message"]["text"], "Pick",
        "the bot's own message, found by its button"
    );
    assert_eq!(
        query["message"]["reply_markup"]["inline_keyboard"][0][0]["text"],
        "Yes"
    );
    assert_eq!(updates[2]["update_id"], 3);

    let listed: serde_json::Value = client
        .get(format!("{}/updates", bot.url))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(listed.as_array().expect("array").len(), 3);
}

#[tokio::test]
async fn polls_do_not_take_answers_scripted_for_other_calls() {
    use iktomi_telegram_fake::Scripted;
    let bot = FakeBot::start(TOKEN).await;
    bot.script([Scripted::TooManyRequests { retry_after: 3 }]);
    result(&bot, "getUpdates", json!({})).await;
    refused(
        &bot,
        "sendMessage",
        json!({ "chat_id": 7001, "text": "x" }),
        429,
    )
    .await;
    bot.script_method(
        "getUpdates",
        [Scripted::Fail {
            code: 502,
            description: "Bad Gateway",
        }],
    );
    assert_eq!(
        refused(&bot, "getUpdates", json!({}), 502).await,
        "Bad Gateway"
    );
    let (status, _) = call(&bot, "getUpdates", json!({})).await;
    assert_eq!(status, 200);
}
