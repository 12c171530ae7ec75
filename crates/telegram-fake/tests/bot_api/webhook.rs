//! setWebhook: updates POSTed to the bot with its secret, retried until it answers 2xx; no
//! getUpdates meanwhile.
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use iktomi_telegram_fake::FakeBot;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::{refused, result, TOKEN};

/// What the bot's webhook received: the secret header and the update.
type Received = (Option<String>, Value);

#[derive(Clone)]
struct Hook {
    received: mpsc::UnboundedSender<Received>,
    status: Arc<AtomicU16>,
    reply: Value,
}

async fn hook(State(hook): State<Hook>, headers: HeaderMap, Json(update): Json<Value>) -> Response {
    let secret = headers
        .get("X-Telegram-Bot-Api-Secret-Token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let _ = hook.received.send((secret, update));
    let status = StatusCode::from_u16(hook.status.load(Ordering::SeqCst)).expect("status");
    (status, Json(hook.reply.clone())).into_response()
}

/// A bot's webhook on a local port answering `status` (changeable) and `reply`.
async fn webhook_server(
    status: u16,
    reply: Value,
) -> (String, Arc<AtomicU16>, mpsc::UnboundedReceiver<Received>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let status = Arc::new(AtomicU16::new(status));
    let state = Hook {
        received: tx,
        status: status.clone(),
        reply,
    };
    let router = Router::new().route("/hook", post(hook)).with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{addr}/hook"), status, rx)
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("delivered in time")
        .expect("open")
}

#[tokio::test]
async fn updates_reach_the_webhook_with_its_secret() {
    let bot = FakeBot::start(TOKEN).await;
    let (url, _, mut rx) = webhook_server(200, json!({})).await;
    let set = crate::call(
        &bot,
        "setWebhook",
        json!({ "url": url, "secret_token": "s3cr3t_-X" }),
    )
    .await;
    assert_eq!(
        set.1,
        json!({ "ok": true, "result": true, "description": "Webhook was set" })
    );
    assert_eq!(
        bot.webhook(),
        Some((url.clone(), Some("s3cr3t_-X".to_owned())))
    );
    let id = bot.user_says(7001, Some("en"), "hello");
    let (secret, update) = next(&mut rx).await;
    assert_eq!(secret.as_deref(), Some("s3cr3t_-X"));
    assert_eq!(update["update_id"], id);
    assert_eq!(update["message"]["text"], "hello");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let info = result(&bot, "getWebhookInfo", json!({})).await;
    assert_eq!(info["url"], url);
    assert_eq!(info["has_custom_certificate"], false);
    assert_eq!(info["pending_update_count"], 0);
    assert!(info.get("last_error_message").is_none());

    // Telegram may deliver an update twice; the copy is the same update.
    bot.redeliver(id);
    assert_eq!(next(&mut rx).await.1, update);
}

#[tokio::test]
async fn a_failing_webhook_is_retried_and_its_error_shown() {
    let bot = FakeBot::start(TOKEN).await;
    let (url, status, mut rx) = webhook_server(500, json!({})).await;
    result(&bot, "setWebhook", json!({ "url": url })).await;
    bot.user_says(7001, None, "hello");
    let (secret, first) = next(&mut rx).await;
    assert_eq!(secret, None, "no header without a secret");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let info = result(&bot, "getWebhookInfo", json!({})).await;
    assert_eq!(info["pending_update_count"], 1);
    assert_eq!(
        info["last_error_message"],
        "Wrong response from the webhook: 500 Internal Server Error"
    );
    assert!(info["last_error_date"].as_i64().expect("date") > 0);
    status.store(200, Ordering::SeqCst);
    assert_eq!(next(&mut rx).await.1, first, "the same update, retried");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let info = result(&bot, "getWebhookInfo", json!({})).await;
    assert_eq!(info["pending_update_count"], 0);
}

#[tokio::test]
async fn a_webhook_may_answer_with_a_method_call() {
    let bot = FakeBot::start(TOKEN).await;
    let reply = json!({ "method": "sendMessage", "chat_id": 7001, "text": "Welcome" });
    let (url, _, mut rx) = webhook_server(200, reply).await;
    result(&bot, "setWebhook", json!({ "url": url })).await;
    bot.user_says(7001, None, "/start");
    next(&mut rx).await;
    for _ in 0..50 {
        if !bot.delivered().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(bot.delivered()[0]["text"], "Welcome");
}

#[tokio::test]
async fn get_updates_conflicts_with_a_webhook() {
    let bot = FakeBot::start(TOKEN).await;
    let waiting = tokio::spawn({
        let bot = bot.clone();
        async move { refused(&bot, "getUpdates", json!({ "timeout": 10 }), 409).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    result(
        &bot,
        "setWebhook",
        json!({ "url": "http://127.0.0.1:9/hook" }),
    )
    .await;
    assert_eq!(
        waiting.await.expect("poll"),
        "Conflict: terminated by setWebhook request"
    );
    assert_eq!(
        refused(&bot, "getUpdates", json!({}), 409).await,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
    );
    let (_, deleted) = crate::call(
        &bot,
        "deleteWebhook",
        json!({ "drop_pending_updates": true }),
    )
    .await;
    assert_eq!(deleted["description"], "Webhook was deleted");
    assert_eq!(bot.webhook(), None);
    assert_eq!(result(&bot, "getUpdates", json!({})).await, json!([]));
    let info = result(&bot, "getWebhookInfo", json!({})).await;
    assert_eq!(info["url"], "");
}

#[tokio::test]
async fn a_secret_token_takes_only_url_safe_characters() {
    let bot = FakeBot::start(TOKEN).await;
    let url = "http://127.0.0.1:9/hook";
    assert_eq!(
        refused(
            &bot,
            "setWebhook",
            json!({ "url": url, "secret_token": "no spaces" }),
            400
        )
        .await,
        "Bad Request: secret token contains unallowed characters"
    );
    assert_eq!(
        refused(
            &bot,
            "setWebhook",
            json!({ "url": url, "secret_token": "x".repeat(257) }),
            400
        )
        .await,
        "Bad Request: secret token is too long"
    );
    assert_eq!(bot.webhook(), None);
}
