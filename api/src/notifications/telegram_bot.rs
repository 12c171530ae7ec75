//! A client of the Telegram Bot API (`<base>/bot<token>/<method>`, JSON in and out). The base URL
//! is configurable so tests run it against a local server that speaks the same protocol.
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Clone)]
pub struct BotApi {
    http: reqwest::Client,
    base: String,
    token: SecretString,
}

#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// 429: wait this many seconds before the next call.
    #[error("Telegram asks to retry after {0} s")]
    RetryAfter(u64),
    #[error("Telegram refused ({code}): {description}")]
    Refused { code: u16, description: String },
    #[error("Telegram unreachable: {0}")]
    Transport(String),
}

impl From<BotError> for ApiError {
    fn from(error: BotError) -> Self {
        ApiError::Upstream(error.to_string())
    }
}

#[derive(Deserialize)]
struct Answer<T> {
    ok: bool,
    result: Option<T>,
    error_code: Option<u16>,
    description: Option<String>,
    parameters: Option<Parameters>,
}

#[derive(Deserialize)]
struct Parameters {
    retry_after: Option<u64>,
}

#[derive(Deserialize)]
struct InviteLink {
    invite_link: String,
}

#[derive(Deserialize)]
struct BotUser {
    id: i64,
}

/// A `Chat` as `getChat` answers it; `type` is private, group, supergroup or channel.
#[derive(Debug, Deserialize)]
pub struct ChatInfo {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub title: Option<String>,
}

/// A `ChatMember`: its `status` (creator, administrator, member, restricted, left, kicked) and,
/// for administrators, whether they may invite users.
#[derive(Debug, Deserialize)]
pub struct ChatMember {
    pub status: String,
    #[serde(default)]
    pub can_invite_users: bool,
}

impl ChatMember {
    /// The chat's creator, or an administrator allowed to invite people.
    pub fn may_invite(&self) -> bool {
        self.status == "creator" || (self.status == "administrator" && self.can_invite_users)
    }
}

/// Calls waited out after a 429 before giving up, and the longest wait honoured inline.
const RETRIES: usize = 2;
const MAX_INLINE_WAIT: u64 = 3;

impl BotApi {
    pub fn new(http: reqwest::Client, base: &str, token: SecretString) -> Self {
        Self {
            http,
            base: base.trim_end_matches('/').to_owned(),
            token,
        }
    }

    /// The bot's user id: the number its token starts with.
    pub fn id(&self) -> i64 {
        self.token
            .expose_secret()
            .split(':')
            .next()
            .and_then(|id| id.parse().ok())
            .unwrap_or_default()
    }

    /// The same bot, through a client that waits out a long poll (`getUpdates` with `timeout`).
    pub fn long_polling(&self) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(90))
            .build()
            .unwrap_or_else(|_| self.http.clone());
        Self {
            http,
            ..self.clone()
        }
    }

    /// The bot this server is configured with, or 503 when it has none.
    pub fn of(state: &AppState) -> ApiResult<Self> {
        let telegram = &state.settings.telegram;
        let token = telegram
            .bot_token
            .clone()
            .ok_or(ApiError::Unavailable("no Telegram bot is configured"))?;
        Ok(Self::new(state.http.clone(), &telegram.api_base, token))
    }

    /// One call, as the Bot API answers it.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        params: &Value,
    ) -> Result<T, BotError> {
        let url = format!("{}/bot{}/{method}", self.base, self.token.expose_secret());
        let response = self
            .http
            .post(url)
            .json(params)
            .send()
            .await
            // The URL holds the token: never let it into an error message.
            .map_err(|e| BotError::Transport(e.without_url().to_string()))?;
        let status = response.status().as_u16();
        let answer: Answer<T> = response
            .json()
            .await
            .map_err(|e| BotError::Transport(format!("HTTP {status}: {}", e.without_url())))?;
        match (answer.ok, answer.result) {
            (true, Some(result)) => Ok(result),
            _ => {
                let code = answer.error_code.unwrap_or(status);
                match answer.parameters.and_then(|p| p.retry_after) {
                    Some(after) if code == 429 => Err(BotError::RetryAfter(after)),
                    _ => Err(BotError::Refused {
                        code,
                        description: answer.description.unwrap_or_default(),
                    }),
                }
            }
        }
    }

    /// `call`, waiting out short 429s (`retry_after` up to a few seconds) a couple of times.
    pub async fn call_patiently<T: DeserializeOwned>(
        &self,
        method: &str,
        params: &Value,
    ) -> Result<T, BotError> {
        let mut tries = 0;
        loop {
            match self.call(method, params).await {
                Err(BotError::RetryAfter(after)) if tries < RETRIES && after <= MAX_INLINE_WAIT => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_secs(after)).await;
                }
                other => return other,
            }
        }
    }

    /// The bot's own user id (`getMe`).
    pub async fn bot_id(&self) -> Result<i64, BotError> {
        let me: BotUser = self.call_patiently("getMe", &json!({})).await?;
        Ok(me.id)
    }

    pub async fn chat(&self, chat_id: i64) -> Result<ChatInfo, BotError> {
        self.call_patiently("getChat", &json!({ "chat_id": chat_id }))
            .await
    }

    /// What `user_id` is in `chat_id` (`left` when not in it).
    pub async fn chat_member(&self, chat_id: i64, user_id: i64) -> Result<ChatMember, BotError> {
        self.call_patiently(
            "getChatMember",
            &json!({ "chat_id": chat_id, "user_id": user_id }),
        )
        .await
    }

    /// A personal invite link to `chat_id` that admits one person.
    pub async fn create_invite_link(&self, chat_id: i64, name: &str) -> Result<String, BotError> {
        let link: InviteLink = self
            .call_patiently(
                "createChatInviteLink",
                &json!({"chat_id": chat_id, "name": name, "member_limit": 1}),
            )
            .await?;
        Ok(link.invite_link)
    }
}
