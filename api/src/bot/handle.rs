//! One handler for updates from the webhook and from the poller: each `update_id` is handled
//! once (Telegram may deliver one twice, and a replica may poll what another answered), and its
//! effects commit together with that mark.
use serde_json::Value;

use crate::bot::commands::respond;
use crate::bot::types::Update;
use crate::notifications::telegram_bot::{BotApi, BotError};
use crate::state::AppState;

/// Handles `update` unless it was handled before; whether it was handled now.
pub async fn handle(state: &AppState, bot: &BotApi, update: Value) -> anyhow::Result<bool> {
    let update: Update = match serde_json::from_value(update) {
        Ok(update) => update,
        Err(error) => {
            // Nothing to retry: an update this bot cannot read stays unread.
            tracing::warn!(%error, "an update the bot cannot read");
            return Ok(false);
        }
    };
    let mut tx = state.db.begin().await?;
    let first = sqlx::query!(
        "INSERT INTO bot_updates (bot_id, update_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        bot.id(),
        update.update_id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !first {
        tracing::debug!(update = update.update_id, "update handled before");
        return Ok(false);
    }
    let replies = respond(state, &mut tx, &update)
        .await
        .map_err(|e| anyhow::anyhow!("update {}: {e}", update.update_id))?;
    tx.commit().await?;
    for reply in replies {
        match bot.call::<Value>(reply.method, &reply.params).await {
            Ok(_) => {}
            Err(BotError::Refused { code: 403, .. }) => {
                tracing::info!(
                    update = update.update_id,
                    "the person blocked the bot meanwhile"
                );
            }
            // A reply lost here is not retried: the person sees no answer and asks again,
            // which is better than answering an old command late.
            Err(error) => {
                tracing::warn!(update = update.update_id, method = reply.method, %error, "reply failed")
            }
        }
    }
    tracing::info!(update = update.update_id, "update handled");
    Ok(true)
}
