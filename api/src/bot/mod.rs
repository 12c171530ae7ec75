//! The Telegram bot's conversations: updates arrive through the webhook (production) or one
//! poller across replicas (development), feed one handler, and are answered in the person's
//! language from the shared catalogue. Notices go out through the outbox, not here.
pub mod commands;
pub mod handle;
pub mod links;
pub mod poller;
pub mod replies;
pub mod setup;
pub mod types;
pub mod webhook;

use crate::config::UpdatesMode;
use crate::notifications::telegram_bot::BotApi;
use crate::state::AppState;

/// Sets the bot up, then polls when configured to (until the task is dropped).
pub async fn run(state: AppState) {
    if state.settings.telegram.updates == UpdatesMode::Off {
        return;
    }
    let Ok(bot) = BotApi::of(&state) else {
        tracing::info!("no Telegram bot token: the bot reads no updates");
        return;
    };
    setup::run(&state, &bot).await;
    if state.settings.telegram.updates == UpdatesMode::Poll {
        poller::run(state, bot.long_polling()).await;
    }
}
