//! The issuing organization's decision on a wallet move, signed with its custodial issuer key.
use uuid::Uuid;

use crate::certificates::issue::issuer;
use crate::certificates::wallet_moves::accepting::ensure_same_person;
use crate::http::error::ApiResult;
use crate::operations::queue::claim;
use crate::operations::{enqueue, Queued};
use crate::state::AppState;

/// Queues the approval (the certificates, and for all the tenure, move) or rejection of
/// `migration`; the migration is claimed, so a second concurrent decision is refused.
pub async fn decide(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    migration: u64,
    approve: bool,
) -> ApiResult<Queued> {
    let issuer = issuer(state, organization, account).await?;
    if approve {
        ensure_same_person(state, migration).await?;
    }
    let call = state
        .chain()?
        .decide_migration(issuer.key()?, migration, approve)
        .await?;
    let mut tx = state.db.begin().await?;
    let queued = enqueue(
        &mut tx,
        Some(account),
        "chain.included",
        &call,
        serde_json::Value::Null,
    )
    .await?;
    claim(&mut tx, &format!("migration:{migration}"), queued).await?;
    tx.commit().await?;
    Ok(queued)
}
