//! The operator's funds for a person's custodial wallet, sent once so it can pay its own fees:
//! claimed atomically (`funded_at`), so two concurrent requests queue one transfer, and given
//! back to the claim pool if the transfer fails.
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult};
use crate::operations::queue::preferred_wait;
use crate::operations::queue::to_payload;
use crate::operations::types::OperationStatus;
use crate::operations::{enqueue, Queued};
use crate::state::AppState;

pub const KIND: &str = "wallet.fund";

#[derive(Debug, Serialize, Deserialize)]
pub struct FundPayload {
    /// The wallet's address, hex.
    pub address: String,
}

/// Queues the wallet's funds unless they were sent already (or funding is off).
pub async fn fund(state: &AppState, address: &Address) -> ApiResult<Option<Queued>> {
    let funds = state.settings.chain.holder_funds;
    let Some(registry) = state.registry.as_deref() else {
        return Ok(None);
    };
    if funds == 0 {
        return Ok(None);
    }
    let mut tx = state.db.begin().await?;
    let claimed = sqlx::query!(
        "UPDATE wallets SET funded_at = now() WHERE address = $1 AND funded_at IS NULL",
        &address.0[..]
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(None);
    }
    let call = registry.fund(address.0, funds).await?;
    let payload = FundPayload {
        address: hex::encode(address.0),
    };
    let queued = enqueue(&mut tx, None, KIND, &call, to_payload(&payload)?).await?;
    tx.commit().await?;
    tracing::info!(address = %address.ss58(), "funding a custodial wallet");
    Ok(Some(queued))
}

/// Returns once the wallet's funds have landed: queues them if nobody did, waits for them as
/// long as the request's `Prefer: wait` allows, else answers 409 `wallet-being-funded`.
pub async fn await_funds(state: &AppState, address: &Address) -> ApiResult<()> {
    fund(state, address).await?;
    let deadline = tokio::time::Instant::now() + preferred_wait().unwrap_or_default();
    loop {
        let pending = sqlx::query!(
            r#"SELECT status AS "status: OperationStatus" FROM chain_operations
               WHERE kind = $1 AND payload->>'address' = $2 ORDER BY created_at DESC LIMIT 1"#,
            KIND,
            hex::encode(address.0),
        )
        .fetch_optional(&state.db)
        .await?;
        match pending.map(|p| p.status) {
            None | Some(OperationStatus::Finalized) => return Ok(()),
            Some(OperationStatus::Failed) => {
                return Err(ApiError::Upstream(
                    "sending your wallet its fee money failed; try again".into(),
                ))
            }
            Some(_) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            Some(_) => {
                return Err(ApiError::conflict(
                    "wallet-being-funded",
                    "your wallet is receiving the funds for its fees; try again in a few seconds",
                ))
            }
        }
    }
}

/// The transfer failed: the wallet may be funded again.
pub async fn fund_failed(conn: &mut PgConnection, payload: &FundPayload) -> ApiResult<()> {
    let address = hex::decode(&payload.address).map_err(|e| ApiError::Internal(e.into()))?;
    sqlx::query!(
        "UPDATE wallets SET funded_at = NULL WHERE address = $1",
        &address[..]
    )
    .execute(conn)
    .await?;
    Ok(())
}
