//! `POST /telegram/webhook`: where Telegram posts updates in production (`setWebhook` with a
//! `secret_token`). A call without that secret in `X-Telegram-Bot-Api-Secret-Token` is refused,
//! so nobody but Telegram can speak as a user to the bot.
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use secrecy::ExposeSecret;
use serde_json::Value;
use subtle::ConstantTimeEq;

use crate::bot::handle::handle;
use crate::config::UpdatesMode;
use crate::notifications::telegram_bot::BotApi;
use crate::state::AppState;

pub const PATH: &str = "/telegram/webhook";

pub fn router() -> Router<AppState> {
    Router::new().route(PATH, post(receive))
}

async fn receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(update): Json<Value>,
) -> StatusCode {
    let telegram = &state.settings.telegram;
    let (UpdatesMode::Webhook, Some(secret)) = (telegram.updates, telegram.webhook_secret.as_ref())
    else {
        return StatusCode::NOT_FOUND;
    };
    let sent = headers
        .get("x-telegram-bot-api-secret-token")
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !bool::from(sent.ct_eq(secret.expose_secret().as_bytes())) {
        tracing::warn!("a webhook call without the secret token");
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(bot) = BotApi::of(&state) else {
        return StatusCode::NOT_FOUND;
    };
    match handle(&state, &bot, update).await {
        Ok(_) => StatusCode::OK,
        Err(error) => {
            // Telegram sends the update again later; its mark was rolled back with the rest.
            tracing::error!(%error, "handling a webhook update failed");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}
