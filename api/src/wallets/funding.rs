//! The operator's funds for a person's custodial wallet, sent once so it can pay its own fees:
//! claimed atomically (`funded_at`), so two concurrent requests queue one transfer, and given
//! back to the claim pool if the transfer fails.
//!
//! Only a wallet with a verified relationship is funded, never one merely created: a sign-up
//! costs nothing, so funding every new wallet would let one person drain the operator with many
//! accounts. A relationship is an accepted membership in a verified organization, a certificate
//! held from a registered issuer, or the certificate request the person is signing to a verified
//! organization; the last is open to anyone, so all fundings together are also capped per hour
//! (`chain.holder_fundings_per_hour`).
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

/// What `fund` did.
#[derive(Debug)]
pub enum Funding {
    /// Funding is off (no chain, or no funds configured).
    Off,
    /// Funded before (or being funded).
    Already,
    /// Queued now.
    Queued(Queued),
    /// The owner has no verified relationship yet.
    NotEligible,
    /// The hourly cap on fundings is reached.
    RateLimited,
}

/// Queues the wallet's funds unless they were sent already, funding is off, the owner has no
/// verified relationship (`asking`: the verified organization the owner is requesting a
/// certificate from), or the hourly cap is reached.
pub async fn fund(
    state: &AppState,
    address: &Address,
    asking: Option<uuid::Uuid>,
) -> ApiResult<Funding> {
    let funds = state.settings.chain.holder_funds;
    let Some(registry) = state.registry.as_deref() else {
        return Ok(Funding::Off);
    };
    if funds == 0 {
        return Ok(Funding::Off);
    }
    let mut tx = state.db.begin().await?;
    // One claim at a time, so the hourly count cannot be overrun by concurrent claims.
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtext('iktomi:wallet.fund'))")
        .execute(&mut *tx)
        .await?;
    let wallet = sqlx::query!(
        r#"SELECT w.funded_at IS NOT NULL AS "funded!",
             (EXISTS (SELECT 1 FROM memberships m
                      JOIN organizations o ON o.id = m.organization_id
                      JOIN issuers i ON i.account = o.issuer_account AND i.organization_id = o.id
                      WHERE m.account_id = w.account_id AND m.accepted_at IS NOT NULL
                        AND i.suspended_at IS NULL)
              OR EXISTS (SELECT 1 FROM certificates c
                         JOIN wallets h ON h.address = c.holder
                         JOIN issuers i ON i.account = c.issuer
                         WHERE h.account_id = w.account_id)
              OR EXISTS (SELECT 1 FROM organizations o
                         JOIN issuers i ON i.account = o.issuer_account AND i.organization_id = o.id
                         WHERE o.id = $2 AND i.suspended_at IS NULL)) AS "eligible!"
           FROM wallets w WHERE w.address = $1 AND w.kind = 'custodial'"#,
        &address.0[..],
        asking,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::NotFound("custodial wallet"))?;
    if wallet.funded {
        return Ok(Funding::Already);
    }
    if !wallet.eligible {
        return Ok(Funding::NotEligible);
    }
    let last_hour = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM wallets WHERE funded_at > now() - interval '1 hour'"#
    )
    .fetch_one(&mut *tx)
    .await?;
    if last_hour >= i64::from(state.settings.chain.holder_fundings_per_hour) {
        tracing::warn!(last_hour, "hourly cap on wallet fundings reached");
        return Ok(Funding::RateLimited);
    }
    let claimed = sqlx::query!(
        "UPDATE wallets SET funded_at = now() WHERE address = $1 AND funded_at IS NULL",
        &address.0[..]
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(Funding::Already);
    }
    let call = registry.fund(address.0, funds).await?;
    let payload = FundPayload {
        address: hex::encode(address.0),
    };
    let queued = enqueue(&mut tx, None, KIND, &call, to_payload(&payload)?).await?;
    tx.commit().await?;
    tracing::info!(address = %address.ss58(), "funding a custodial wallet");
    Ok(Funding::Queued(queued))
}

/// Returns once the wallet's funds have landed: queues them if nobody did, waits for them as
/// long as the request's `Prefer: wait` allows, else answers 409 `wallet-being-funded`. A wallet
/// the operator will not fund is refused with 409 `wallet-not-funded`.
pub async fn await_funds(
    state: &AppState,
    address: &Address,
    asking: Option<uuid::Uuid>,
) -> ApiResult<()> {
    match fund(state, address, asking).await? {
        Funding::NotEligible => {
            return Err(ApiError::conflict(
                "wallet-not-funded",
                "the platform pays the fees of a wallet once its owner has a verified \
                 relationship: a membership in a verified organization, a certificate, or a \
                 request to a verified organization; bind a wallet of your own to pay them yourself",
            ))
        }
        Funding::RateLimited => {
            return Err(ApiError::conflict(
                "funding-rate-limited",
                "too many wallets were funded in the last hour; try again later",
            ))
        }
        Funding::Off | Funding::Already | Funding::Queued(_) => {}
    }
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
