//! Wallet challenges: a message with a nonce and an expiry, issued for an address, stored, and
//! consumed by the first valid signature of it (to sign in, or to bind the wallet).
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::vk;
use crate::auth::wallet::{self, Address};
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct ChallengeRequest {
    /// SS58 address of the wallet.
    pub address: String,
}

#[derive(Serialize, ToSchema)]
pub struct Challenge {
    pub nonce: String,
    /// Sign exactly this text (as is, or as polkadot.js `signRaw` wraps it in `<Bytes>`).
    pub message: String,
    pub expires_at: chrono::DateTime<Utc>,
}

/// A new challenge for the wallet `address` names, stored until it is used or expires.
pub async fn issue(state: &AppState, address: &str) -> ApiResult<Challenge> {
    let address = parse_address(address)?;
    let nonce = vk::random_token();
    let issued_at = Utc::now();
    let expires_at = issued_at + Duration::seconds(state.settings.wallet.challenge_ttl_secs);
    let message = wallet::challenge_message(
        &state.settings.wallet.domain,
        &address,
        &nonce,
        issued_at,
        expires_at,
    );
    sqlx::query!(
        "INSERT INTO wallet_challenges (nonce, address, message, expires_at) VALUES ($1, $2, $3, $4)",
        nonce,
        &address.0[..],
        message,
        expires_at,
    )
    .execute(&state.db)
    .await?;
    Ok(Challenge {
        nonce,
        message,
        expires_at,
    })
}

pub fn parse_address(text: &str) -> ApiResult<Address> {
    Address::parse(text).ok_or_else(|| ApiError::invalid("address", "is not an SS58 address"))
}

#[derive(Deserialize, ToSchema)]
pub struct SignedChallenge {
    pub address: String,
    pub nonce: String,
    /// The sr25519 signature, hex.
    pub signature: String,
}

/// Consumes a challenge if `body` is its valid signature; a used or expired one is refused.
pub async fn consume_challenge(state: &AppState, body: &SignedChallenge) -> ApiResult<Address> {
    let address = parse_address(&body.address)?;
    let signature = wallet::parse_signature(&body.signature)
        .ok_or_else(|| ApiError::invalid("signature", "is not a 64-byte hex signature"))?;
    let mut tx = state.db.begin().await?;
    let challenge = sqlx::query!(
        "SELECT message, expires_at, used_at FROM wallet_challenges
         WHERE nonce = $1 AND address = $2 FOR UPDATE",
        body.nonce,
        &address.0[..],
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::InvalidCredentials(
        "no challenge with this nonce for this address",
    ))?;
    if challenge.used_at.is_some() {
        return Err(ApiError::InvalidCredentials(
            "this challenge was already used",
        ));
    }
    if challenge.expires_at <= Utc::now() {
        return Err(ApiError::InvalidCredentials("this challenge has expired"));
    }
    if !wallet::verify(&address, &challenge.message, &signature) {
        return Err(ApiError::InvalidCredentials(
            "the signature is not this address's signature of the challenge",
        ));
    }
    sqlx::query!(
        "UPDATE wallet_challenges SET used_at = now() WHERE nonce = $1",
        body.nonce
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(address)
}
