//! What the bot tells Telegram at start: its commands in Russian (also the default for other
//! languages) and English, the menu button that opens the Mini App, and where updates go — the
//! webhook with its secret, or none when this API polls.
use std::time::Duration;

use secrecy::ExposeSecret;
use serde_json::{json, Value};

use crate::bot::replies::menu_button;
use crate::config::UpdatesMode;
use crate::i18n::{t, Lang};
use crate::notifications::telegram_bot::BotApi;
use crate::state::AppState;

const COMMANDS: [&str; 5] = ["start", "help", "language", "notifications", "stop"];

fn commands(lang: Lang) -> Value {
    Value::Array(
        COMMANDS
            .iter()
            .map(|c| json!({ "command": c, "description": t(lang, &format!("bot-command-{c}")) }))
            .collect(),
    )
}

/// The calls, in order.
pub fn calls(state: &AppState) -> Vec<(&'static str, Value)> {
    let telegram = &state.settings.telegram;
    let mut calls = vec![
        ("setMyCommands", json!({ "commands": commands(Lang::Ru) })),
        (
            "setMyCommands",
            json!({ "commands": commands(Lang::Ru), "language_code": "ru" }),
        ),
        (
            "setMyCommands",
            json!({ "commands": commands(Lang::En), "language_code": "en" }),
        ),
    ];
    let menu = menu_button(telegram, None, Lang::default());
    calls.push((menu.method, menu.params));
    match telegram.updates {
        UpdatesMode::Webhook => {
            let mut params = json!({
                "url": telegram.webhook_url,
                "allowed_updates": ["message", "callback_query"],
            });
            if let Some(secret) = &telegram.webhook_secret {
                params["secret_token"] = json!(secret.expose_secret());
            }
            calls.push(("setWebhook", params));
        }
        UpdatesMode::Poll => {
            calls.push(("deleteWebhook", json!({ "drop_pending_updates": false })))
        }
        UpdatesMode::Off => {}
    }
    calls
}

/// Makes the calls, retrying each a few times: a bot without its commands still works, so a
/// failure is logged, not fatal.
pub async fn run(state: &AppState, bot: &BotApi) {
    for (method, params) in calls(state) {
        let mut tries = 0;
        loop {
            match bot.call_patiently::<Value>(method, &params).await {
                Ok(_) => break,
                Err(error) if tries < 3 => {
                    tries += 1;
                    tracing::warn!(method, %error, "bot setup call failed; retrying");
                    tokio::time::sleep(Duration::from_secs(tries)).await;
                }
                Err(error) => {
                    tracing::error!(method, %error, "bot setup call failed");
                    break;
                }
            }
        }
    }
    tracing::info!(mode = ?state.settings.telegram.updates, "bot set up");
}
