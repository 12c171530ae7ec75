//! A person trusting an organization: `trust_issuer` for each of its live issuer accounts, so
//! what it sends from then on is listed at once instead of waiting pending (a new hire trusts
//! their employer once rather than accepting every certificate). Withdrawing the trust makes
//! what it sends next wait again; what is already listed stays.
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::operations::{enqueue_all, Queued};
use crate::state::AppState;
use crate::wallets::custodial::{holder_address, holder_keypair};

/// Queues `trust_issuer(issuer, trusted)` from the wallet `account` receives certificates in,
/// for every issuer account of `organization` that may still issue.
pub async fn trust(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    trusted: bool,
) -> ApiResult<Queued> {
    let registry = state.chain()?;
    let issuers = sqlx::query_scalar!(
        "SELECT account FROM issuers
         WHERE organization_id = $1 AND suspended_at IS NULL AND retired_at IS NULL
         ORDER BY registered_at, account",
        organization
    )
    .fetch_all(&state.db)
    .await?;
    if issuers.is_empty() {
        return Err(ApiError::NotFound("verified organization"));
    }
    let address = holder_address(state, account).await?;
    let key = holder_keypair(state, account, &address, None).await?;
    let mut calls = Vec::with_capacity(issuers.len());
    for issuer in issuers {
        let issuer = <[u8; 32]>::try_from(&issuer[..]).map_err(|_| {
            ApiError::Internal(anyhow::anyhow!("an issuer account is not 32 bytes"))
        })?;
        calls.push(registry.trust_issuer(&key, issuer.into(), trusted).await?);
    }
    let mut tx = state.db.begin().await?;
    let queued = enqueue_all(
        &mut tx,
        Some(account),
        "chain.included",
        &calls,
        serde_json::Value::Null,
    )
    .await?;
    tx.commit().await?;
    Ok(queued)
}
