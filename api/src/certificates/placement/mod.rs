//! A holder's say over certificates it never asked for (issue 15, item 6): the registry keeps a
//! certificate from an organization the holder has no relationship with `pending`, outside the
//! holder's list; the holder accepts it (listed, and the issuer trusted from then on) or hides it.
//! Signed with the holder's custodial key; an external wallet signs these calls itself.
pub mod routes;
pub mod trust;

use uuid::Uuid;

use crate::certificates::tenure::staking::holder_wallet;
use crate::http::error::ApiResult;
use crate::operations::{enqueue_alone, Queued};
use crate::state::AppState;
use crate::wallets::custodial::holder_keypair;

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
