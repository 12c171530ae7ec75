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
/// Tries of one update before it is skipped.
const GIVE_UP_AFTER: u32 = 5;

/// Marks update `id` handled without its effects.
async fn skip(state: &AppState, bot: &BotApi, id: i64) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO bot_updates (bot_id, update_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        bot.id(),
        id
    )
    .execute(&state.db)
    .await?;
    Ok(())
}

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
    // No offset is kept between leaders: Telegram holds what was not confirmed, and the marks of
    // handled updates skip what was. (A kept offset goes deaf when Telegram restarts its ids.)
    let mut offset: Option<i64> = None;
    let mut failed: Option<(i64, u32)> = None;
    while leadership.held().await {
        let mut params = json!({
            "timeout": LONG_POLL_SECS,
            "allowed_updates": ["message", "callback_query"],
        });
        if let Some(offset) = offset {
            params["offset"] = json!(offset);
        }
        match bot.call::<Vec<Value>>("getUpdates", &params).await {
            Ok(updates) => {
                for update in updates {
                    let Some(id) = update["update_id"].as_i64() else {
                        continue;
                    };
                    if let Err(error) = handle(state, bot, update).await {
                        let tries = match failed {
                            Some((update, tries)) if update == id => tries + 1,
                            _ => 1,
                        };
                        failed = Some((id, tries));
                        if tries < GIVE_UP_AFTER {
                            tracing::error!(update = id, %error, tries, "handling an update failed; retrying");
                            tokio::time::sleep(STANDBY).await;
                            break;
                        }
                        // One update that always fails must not stop everyone else's.
                        tracing::error!(update = id, %error, "an update failed every time; skipped");
                        if let Err(error) = skip(state, bot, id).await {
                            tracing::error!(update = id, %error, "cannot mark the update skipped");
                            break;
                        }
                    }
                    offset = Some(offset.map_or(id + 1, |o| o.max(id + 1)));
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
