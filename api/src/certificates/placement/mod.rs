//! A holder's say over certificates it never asked for (issue 15, item 6): the registry keeps a
//! certificate from an organization the holder has no relationship with `pending`, outside the
//! holder's list; the holder accepts it (listed, and the issuer trusted from then on) or hides it.
//! Signed with the holder's custodial key; an external wallet signs these calls itself.
pub mod routes;

use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult};
use crate::operations::{enqueue_alone, Queued};
use crate::state::AppState;
use crate::wallets::custodial::holder_keypair;

/// The wallet holding `certificate`, which must be one of `account`'s: anyone else learns only
/// that it is not theirs, whatever the certificate is.
async fn holder_wallet(state: &AppState, account: Uuid, certificate: u64) -> ApiResult<Address> {
    let id = i64::try_from(certificate).map_err(|_| ApiError::NotFound("certificate of yours"))?;
    let holder = sqlx::query_scalar!(
        "SELECT c.holder FROM certificates c JOIN wallets w ON w.address = c.holder
         WHERE c.id = $1 AND w.account_id = $2",
        id,
        account,
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("certificate of yours"))?;
    Address::from_bytes(&holder).ok_or_else(|| anyhow::anyhow!("bad holder").into())
}

/// Queues `accept_certificate` (or, when `accept` is false, `hide_certificate`) for `account`'s
/// `certificate`, signed by the wallet that holds it. The registry is the judge of whether the
/// certificate is still pending; its refusal comes back as a problem before anything is queued.
pub async fn place(
    state: &AppState,
    account: Uuid,
    certificate: u64,
    accept: bool,
) -> ApiResult<Queued> {
    let registry = state.chain()?;
    let address = holder_wallet(state, account, certificate).await?;
    let key = holder_keypair(state, account, &address, None).await?;
    let call = registry
        .place_certificate(&key, certificate, accept)
        .await?;
    enqueue_alone(
        &state.db,
        Some(account),
        "chain.included",
        &call,
        serde_json::Value::Null,
    )
    .await
}
