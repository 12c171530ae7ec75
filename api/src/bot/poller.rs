//! `getUpdates` long polling, for development and for deployments without a public URL. Exactly
//! one replica polls: the one holding the `telegram.poller` advisory lock (Telegram answers 409
//! to a second concurrent poller, and would split the updates between them). Updates are
//! confirmed by asking for the next offset only after they were handled, so a crash re-reads
//! them and the `update_id` mark keeps them from being handled twice.
use std::time::Duration;

use serde_json::{json, Value};

use crate::bot::handle::handle;
use crate::notifications::telegram_bot::{BotApi, BotError};
use crate::operations::election::{try_lead, Leadership};
use crate::state::AppState;

/// How long one `getUpdates` waits for an update.
const LONG_POLL_SECS: u64 = 25;
/// How often a replica that does not poll asks whether it may.
const STANDBY: Duration = Duration::from_secs(2);

pub async fn run(state: AppState, bot: BotApi) {
    loop {
        let leadership = match try_lead(&state.db, "telegram.poller").await {
            Ok(Some(leadership)) => leadership,
            Ok(None) => {
                tokio::time::sleep(STANDBY).await;
                continue;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot ask for the poller's lock");
                tokio::time::sleep(STANDBY).await;
                continue;
            }
        };
        tracing::info!("this replica polls Telegram for updates");
        poll(&state, &bot, leadership).await;
        tracing::info!("this replica stopped polling");
    }
}

async fn poll(state: &AppState, bot: &BotApi, mut leadership: Leadership) {
    let mut offset = match next_offset(state).await {
        Ok(offset) => offset,
        Err(error) => {
            tracing::warn!(%error, "cannot read the last update handled");
            return;
        }
    };
    while leadership.held().await {
        let params = json!({
            "offset": offset,
            "timeout": LONG_POLL_SECS,
            "allowed_updates": ["message", "callback_query"],
        });
        match bot.call::<Vec<Value>>("getUpdates", &params).await {
            Ok(updates) => {
                for update in updates {
                    let Some(id) = update["update_id"].as_i64() else {
                        continue;
                    };
                    if let Err(error) = handle(state, bot, update).await {
                        tracing::error!(update = id, %error, "handling an update failed; retrying");
                        tokio::time::sleep(STANDBY).await;
                        break;
                    }
                    offset = offset.max(id + 1);
                }
            }
            Err(BotError::RetryAfter(secs)) => tokio::time::sleep(Duration::from_secs(secs)).await,
            Err(BotError::Refused {
                code: 409,
                description,
            }) => {
                // A webhook is set, or a poller outside this database runs with the same token.
                tracing::warn!(%description, "Telegram refuses polling");
                tokio::time::sleep(STANDBY * 5).await;
            }
            Err(error) => {
                tracing::warn!(%error, "getUpdates failed");
                tokio::time::sleep(STANDBY).await;
            }
        }
    }
}

/// The offset after the newest update handled: Telegram drops everything below it.
async fn next_offset(state: &AppState) -> sqlx::Result<i64> {
    let last = sqlx::query_scalar!("SELECT max(update_id) FROM bot_updates")
        .fetch_one(&state.db)
        .await?;
    Ok(last.map_or(0, |id| id + 1))
}
