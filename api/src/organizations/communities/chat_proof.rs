//! Proof that an organization may use a Telegram chat as a community, asked before the bot makes
//! invite links to it: otherwise any organization admin could name the audit group or another
//! organization's private chat and have the bot hand out ways in. The chat must be a group the bot
//! administers with the right to invite, and the person adding it must be, by the Telegram account
//! they signed in with, its creator or an administrator allowed to invite. The platform's audit
//! chat is never a community.
use sqlx::PgPool;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::notifications::telegram_bot::{BotApi, BotError};
use crate::state::AppState;

/// The Telegram user `account` signed in with, if any.
async fn telegram_user_of(db: &PgPool, account: Uuid) -> ApiResult<Option<i64>> {
    let subject = sqlx::query_scalar!(
        "SELECT subject FROM identities WHERE account_id = $1 AND provider = 'telegram'",
        account
    )
    .fetch_optional(db)
    .await?;
    Ok(subject.and_then(|s| s.parse().ok()))
}

/// Telegram's 400 and 403 on a chat mean the bot cannot see it; anything else is upstream.
fn unseen_chat(error: BotError) -> ApiError {
    match error {
        BotError::Refused {
            code: 400 | 403, ..
        } => ApiError::invalid(
            "telegram_chat_id",
            "the bot is not in this chat: add it as an administrator first",
        ),
        other => other.into(),
    }
}

/// Proves that `account` may add `chat_id` as a community; the Telegram user who proved it.
pub async fn prove(state: &AppState, account: Uuid, chat_id: i64) -> ApiResult<i64> {
    if state.settings.telegram.audit_chat_id == Some(chat_id) {
        return Err(ApiError::Forbidden(
            "the platform's audit chat cannot be a community",
        ));
    }
    let bot = BotApi::of(state)?;
    let caller = telegram_user_of(&state.db, account)
        .await?
        .ok_or(ApiError::Forbidden(
            "sign in with Telegram first: only an administrator of the chat may add it",
        ))?;
    let chat = bot.chat(chat_id).await.map_err(unseen_chat)?;
    if !matches!(chat.kind.as_str(), "group" | "supergroup") {
        return Err(ApiError::invalid(
            "telegram_chat_id",
            "must be a group or a supergroup",
        ));
    }
    let bot_id = bot.bot_id().await?;
    let bot_member = bot
        .chat_member(chat_id, bot_id)
        .await
        .map_err(unseen_chat)?;
    if !bot_member.may_invite() {
        return Err(ApiError::conflict(
            "bot-not-chat-admin",
            "make the bot an administrator of the chat who may invite users, then try again",
        ));
    }
    let not_admin = ApiError::Forbidden(
        "only an administrator of the chat who may invite users can add it as a community",
    );
    // Telegram answers 400 for a user it never saw in the chat: not an administrator either.
    let member = match bot.chat_member(chat_id, caller).await {
        Ok(member) => member,
        Err(BotError::Refused { code: 400, .. }) => return Err(not_admin),
        Err(other) => return Err(other.into()),
    };
    if !member.may_invite() {
        return Err(not_admin);
    }
    Ok(caller)
}
