//! The destination wallet's consent to a wallet move: without it the registry does not let the
//! issuer approve, so certificates cannot be handed to a wallet that never asked for them.
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult};
use crate::operations::queue::claim;
use crate::operations::{enqueue, Queued};
use crate::state::AppState;
use crate::wallets::custodial::holder_keypair;

/// Queues `accept_migration` signed by `migration`'s destination wallet, which must be one of
/// `account`'s.
pub async fn accept(state: &AppState, account: Uuid, migration: u64) -> ApiResult<Queued> {
    let to = sqlx::query_scalar!(
        "SELECT m.to_account FROM wallet_migrations m JOIN wallets w ON w.address = m.to_account
         WHERE m.id = $1 AND w.account_id = $2",
        migration as i64,
        account,
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("migration to one of your wallets"))?;
    let to = Address::from_bytes(&to).ok_or_else(|| anyhow::anyhow!("bad address"))?;
    let key = holder_keypair(state, account, &to, None).await?;
    let call = state.chain()?.accept_migration(&key, migration).await?;
    let mut tx = state.db.begin().await?;
    let queued = enqueue(
        &mut tx,
        Some(account),
        "chain.included",
        &call,
        serde_json::Value::Null,
    )
    .await?;
    claim(&mut tx, &format!("migration-accept:{migration}"), queued).await?;
    tx.commit().await?;
    Ok(queued)
}

/// Refuses to approve `migration` unless its destination is a wallet of the same person as its
/// source: a manager cannot be talked into moving a diploma to a buyer.
pub async fn ensure_same_person(state: &AppState, migration: u64) -> ApiResult<()> {
    let same = sqlx::query_scalar!(
        r#"SELECT EXISTS (
               SELECT 1 FROM wallets f JOIN wallets t ON t.account_id = f.account_id
               WHERE f.address = m.from_account AND t.address = m.to_account
           ) AS "same!"
           FROM wallet_migrations m WHERE m.id = $1"#,
        migration as i64,
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("migration"))?;
    if !same {
        return Err(ApiError::conflict(
            "foreign-destination",
            "the destination wallet does not belong to the holder: only a move between one \
             person's own wallets can be approved",
        ));
    }
    Ok(())
}
