//! Wallet challenges: a message with a purpose (sign in, or bind to one named account), a nonce
//! and an expiry, issued for an address, stored, and consumed by the first valid signature of
//! it used for that purpose.
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::session::Session;
use crate::auth::vk;
use crate::auth::wallet::{self, Address, MessageScope, Purpose};
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct ChallengeRequest {
    /// SS58 address of the wallet.
    pub address: String,
    /// `sign-in` (the default) or `bind` (with a session: the wallet is to be bound to it).
    #[serde(default)]
    pub purpose: ChallengePurpose,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChallengePurpose {
    #[default]
    SignIn,
    Bind,
}

#[derive(Serialize, ToSchema)]
pub struct Challenge {
    pub nonce: String,
    /// Sign exactly this text (as is, or as polkadot.js `signRaw` wraps it in `<Bytes>`).
    pub message: String,
    pub expires_at: chrono::DateTime<Utc>,
}

/// A new challenge for the wallet `address` names, stored until it is used or expires. A `bind`
/// challenge needs `current`, whose account it names.
pub async fn issue(
    state: &AppState,
    body: &ChallengeRequest,
    current: Option<&Session>,
) -> ApiResult<Challenge> {
    let address = parse_address(&body.address)?;
    let purpose = match (body.purpose, current) {
        (ChallengePurpose::SignIn, _) => Purpose::SignIn,
        (ChallengePurpose::Bind, None) => return Err(ApiError::Unauthenticated),
        (ChallengePurpose::Bind, Some(session)) => Purpose::Bind {
            account: session.account_id,
            handle: sqlx::query_scalar!(
                "SELECT handle FROM accounts WHERE id = $1",
                session.account_id
            )
            .fetch_one(&state.db)
            .await?,
        },
    };
    let nonce = vk::random_token();
    let issued_at = Utc::now();
    let expires_at = issued_at + Duration::seconds(state.settings.wallet.challenge_ttl_secs);
    let message = wallet::challenge_message(
        &address,
        &purpose,
        &MessageScope {
            domain: &state.settings.wallet.domain,
            uri: &state.settings.public_url,
            chain_id: &state.settings.wallet.chain_id,
            nonce: &nonce,
            issued_at,
            expires_at,
        },
    );
    let account = match &purpose {
        Purpose::Bind { account, .. } => Some(*account),
        Purpose::SignIn => None,
    };
    sqlx::query!(
        "INSERT INTO wallet_challenges (nonce, address, message, expires_at, purpose, account_id)
         VALUES ($1, $2, $3, $4, $5, $6)",
        nonce,
        &address.0[..],
        message,
        expires_at,
        purpose.as_str(),
        account,
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

/// What the caller wants a signature for: to sign in, or to bind the wallet to their account.
#[derive(Debug, Clone, Copy)]
pub enum Use {
    SignIn,
    Bind(Uuid),
}

/// Consumes a challenge if `body` is its valid signature and it was issued for `intended`; a
/// used or expired one, or one issued for another purpose or account, is refused (and stays
/// unused).
pub async fn consume_challenge(
    state: &AppState,
    body: &SignedChallenge,
    intended: Use,
) -> ApiResult<Address> {
    let address = parse_address(&body.address)?;
    let signature = wallet::parse_signature(&body.signature)
        .ok_or_else(|| ApiError::invalid("signature", "is not a 64-byte hex signature"))?;
    let mut tx = state.db.begin().await?;
    let challenge = sqlx::query!(
        "SELECT message, expires_at, used_at, purpose, account_id FROM wallet_challenges
         WHERE nonce = $1 AND address = $2 FOR UPDATE",
        body.nonce,
        &address.0[..],
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::InvalidCredentials(
        "no challenge with this nonce for this address",
    ))?;
    match (intended, challenge.purpose.as_str()) {
        (Use::SignIn, "sign-in") => {}
        (Use::Bind(account), "bind") if challenge.account_id == Some(account) => {}
        (Use::Bind(_), "bind") => {
            return Err(ApiError::Forbidden(
                "this challenge binds the wallet to another account",
            ))
        }
        (Use::Bind(_), _) => return Err(ApiError::Forbidden(
            "a sign-in challenge cannot bind a wallet; ask for a `bind` challenge while signed in",
        )),
        (Use::SignIn, _) => {
            return Err(ApiError::Forbidden(
                "a bind challenge cannot sign in; use it while signed in to the account it names",
            ))
        }
    }
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
