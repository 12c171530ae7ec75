//! `setWebhook`, `deleteWebhook`, `getWebhookInfo`, and the sender that POSTs each pending
//! update to the webhook, one at a time in order, retrying until the bot answers 2xx.
use std::sync::Arc;
use std::time::Duration;

use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::{flag, int, refuse, unix_now, BotState, FakeBot, Inner};

/// How long the sender waits for the bot's answer.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(10);

/// How long after a failed delivery the sender tries again.
const RETRY: Duration = Duration::from_secs(1);

pub(crate) struct Webhook {
    url: String,
    secret: Option<String>,
    max_connections: i64,
    /// When and why the last delivery failed.
    last_error: Option<(i64, String)>,
}

impl FakeBot {
    /// The webhook's url and secret token, if one is set.
    pub fn webhook(&self) -> Option<(String, Option<String>)> {
        let state = self.inner.lock();
        state
            .webhook
            .as_ref()
            .map(|w| (w.url.clone(), w.secret.clone()))
    }
}

/// An answer with the `description` Telegram adds to successful webhook calls.
fn done(description: &str) -> Response {
    Json(json!({ "ok": true, "result": true, "description": description })).into_response()
}

pub(crate) fn set(state: &mut BotState, params: &Value) -> Response {
    let url = params["url"].as_str().unwrap_or_default();
    if url.is_empty() {
        return delete(state, params);
    }
    // Telegram wants https on a few ports; the fake takes local http servers too.
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return refuse(400, "Bad Request: invalid webhook URL specified", None);
    }
    let secret = params["secret_token"].as_str().unwrap_or_default();
    if secret.len() > 256 {
        return refuse(400, "Bad Request: secret token is too long", None);
    }
    if !secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return refuse(
            400,
            "Bad Request: secret token contains unallowed characters",
            None,
        );
    }
    if flag(&params["drop_pending_updates"]) {
        state.updates.clear();
    }
    if params.get("allowed_updates").is_some() {
        state.updates.set_allowed(&params["allowed_updates"]);
    }
    state.webhook = Some(Webhook {
        url: url.to_owned(),
        secret: (!secret.is_empty()).then(|| secret.to_owned()),
        max_connections: int(&params["max_connections"]).unwrap_or(40).clamp(1, 100),
        last_error: None,
    });
    done("Webhook was set")
}

pub(crate) fn delete(state: &mut BotState, params: &Value) -> Response {
    if flag(&params["drop_pending_updates"]) {
        state.updates.clear();
    }
    match state.webhook.take() {
        Some(_) => done("Webhook was deleted"),
        None => done("Webhook is already deleted"),
    }
}

pub(crate) fn info(state: &BotState) -> Response {
    let mut info = json!({
        "url": state.webhook.as_ref().map_or("", |w| w.url.as_str()),
        "has_custom_certificate": false,
        "pending_update_count": state.updates.pending_count(),
    });
    if let Some(webhook) = &state.webhook {
        if let Some((date, message)) = &webhook.last_error {
            info["last_error_date"] = json!(date);
            info["last_error_message"] = json!(message);
        }
        info["max_connections"] = json!(webhook.max_connections);
        info["ip_address"] = json!("127.0.0.1");
    }
    if let Some(allowed) = state.updates.allowed() {
        info["allowed_updates"] = json!(allowed);
    }
    crate::ok(info)
}

/// Why a delivery failed, in the words `getWebhookInfo` uses.
fn failure(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "Read timeout expired".into()
    } else if error.is_connect() {
        "Connection refused".into()
    } else {
        format!("Webhook connection failed: {error}")
    }
}

/// Runs for the fake's lifetime: idle without a webhook or pending updates.
pub(crate) async fn run(inner: Arc<Inner>) {
    let mut wake = inner.wake.subscribe();
    loop {
        let job = {
            let mut state = inner.lock();
            let target = state
                .webhook
                .as_ref()
                .map(|w| (w.url.clone(), w.secret.clone()));
            target.and_then(|target| {
                state
                    .updates
                    .next_for_webhook()
                    .map(|update| (target, update))
            })
        };
        let Some(((url, secret), (id, update))) = job else {
            if wake.changed().await.is_err() {
                return;
            }
            continue;
        };
        let mut request = inner.http.post(&url).json(&update);
        if let Some(secret) = &secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        let outcome = match request.send().await {
            Ok(response) if response.status().is_success() => {
                Ok(response.json::<Value>().await.ok())
            }
            Ok(response) => {
                let status = response.status();
                Err(format!(
                    "Wrong response from the webhook: {} {}",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or_default()
                ))
            }
            Err(error) => Err(failure(&error)),
        };
        match outcome {
            Ok(reply) => {
                inner.lock().updates.delivered(id);
                if let Some(reply) = reply {
                    answer_in_reply(&inner, reply).await;
                }
            }
            Err(message) => {
                tracing::info!(url, message, "webhook delivery failed");
                if let Some(webhook) = inner.lock().webhook.as_mut() {
                    webhook.last_error = Some((unix_now(), message));
                }
                tokio::time::sleep(RETRY).await;
            }
        }
    }
}

/// A webhook may answer with a method call, which Telegram then makes (all but the getters and
/// webhook changes), its result unseen by the bot.
async fn answer_in_reply(inner: &Inner, mut reply: Value) {
    let Some(method) = reply
        .as_object_mut()
        .and_then(|o| o.remove("method"))
        .and_then(|m| m.as_str().map(str::to_owned))
    else {
        return;
    };
    let name = method.to_ascii_lowercase();
    if name.starts_with("get")
        || matches!(
            name.as_str(),
            "setwebhook" | "deletewebhook" | "close" | "logout"
        )
    {
        return;
    }
    let _ = crate::dispatch(inner, &method, reply).await;
}
