//! Opaque session tokens: 32 random bytes shown once to the client, stored as their SHA-256,
//! expiring, and revoked by logout.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{PgExecutor, PgPool};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::http::error::ApiResult;

/// How a person signed in; kept with the session for the audit trail and for re-authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Telegram,
    Vk,
    Wallet,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Telegram => "telegram",
            Self::Vk => "vk",
            Self::Wallet => "wallet",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub account_id: Uuid,
    pub token_hash: Vec<u8>,
    pub created_at: DateTime<Utc>,
    /// The wallet whose signature opened this session, and when it signed.
    pub wallet_signature: Option<(Address, DateTime<Utc>)>,
}

impl Session {
    /// Whether the person proved who they are within the last `window_secs`.
    pub fn is_fresh(&self, window_secs: i64) -> bool {
        Utc::now() - self.created_at <= Duration::seconds(window_secs)
    }

    /// The wallet that signed this session open within the last `window_secs`, if any.
    pub fn freshly_signed_by(&self, window_secs: i64) -> Option<Address> {
        self.wallet_signature
            .filter(|(_, at)| Utc::now() - *at <= Duration::seconds(window_secs))
            .map(|(address, _)| address)
    }
}

/// What a sign-in answers: the token (shown once) and whose it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedIn {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub account_id: Uuid,
    pub handle: String,
    /// True when this sign-in created the account.
    pub created: bool,
}

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A new session for `account_id`; `wallet` is the wallet whose signature opened it.
pub async fn create(
    db: impl PgExecutor<'_>,
    account_id: Uuid,
    method: Method,
    wallet: Option<&Address>,
    ttl_hours: i64,
) -> ApiResult<(String, DateTime<Utc>)> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let expires_at = Utc::now() + Duration::hours(ttl_hours);
    sqlx::query!(
        "INSERT INTO sessions (token_hash, account_id, method, expires_at, wallet_address, wallet_signed_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $5::bytea IS NULL THEN NULL ELSE now() END)",
        hash(&token),
        account_id,
        method.as_str(),
        expires_at,
        wallet.map(|a| a.0.to_vec()),
    )
    .execute(db)
    .await?;
    Ok((token, expires_at))
}

/// The live session behind `token`, if any.
pub async fn resolve(db: &PgPool, token: &str) -> ApiResult<Option<Session>> {
    let token_hash = hash(token);
    let row = sqlx::query!(
        "SELECT account_id, created_at, wallet_address, wallet_signed_at FROM sessions
         WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()",
        token_hash,
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Session {
        account_id: r.account_id,
        token_hash,
        created_at: r.created_at,
        wallet_signature: r
            .wallet_address
            .as_deref()
            .and_then(Address::from_bytes)
            .zip(r.wallet_signed_at),
    }))
}

pub async fn revoke(db: &PgPool, session: &Session) -> ApiResult<()> {
    sqlx::query!(
        "UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL",
        session.token_hash,
    )
    .execute(db)
    .await?;
    Ok(())
}
