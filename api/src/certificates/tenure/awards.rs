//! Claiming a tenure program's award: the registry issues it once the milestone is met, and a
//! year or more of tenure counts for the employee's points.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::chain::first;
use crate::http::error::{ApiError, ApiResult};
use crate::operations::follow_up::Landed;
use crate::operations::queue::claim as claim_subject;
use crate::operations::queue::to_payload;
use crate::operations::{enqueue, Queued};
use crate::state::AppState;
use crate::wallets::custodial::holder_keypair;
use iktomi_shared::events::AwardClaimed;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Claimed {
    /// The award certificate the registry issued.
    pub certificate_id: u64,
    pub block: String,
}

/// The tenure counted is the one of the wallet that staked with the program's issuer.
async fn staking_wallet(state: &AppState, account: Uuid, program: u32) -> ApiResult<Address> {
    let holder = sqlx::query_scalar!(
        "SELECT w.address FROM wallets w
         JOIN tenure t ON t.holder = w.address
         JOIN tenure_programs p ON p.issuer = t.issuer
         WHERE w.account_id = $1 AND p.id = $2
         ORDER BY t.accrued_ms DESC LIMIT 1",
        account,
        program as i32,
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| {
        ApiError::conflict(
            "milestone-not-reached",
            "you have no verifiable tenure with this program's issuer",
        )
    })?;
    Ok(Address::from_bytes(&holder).ok_or_else(|| anyhow::anyhow!("bad address"))?)
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ClaimPayload {
    pub account: Uuid,
    pub program: u32,
}

/// Queues the claim of `program`'s award for `account`.
pub async fn claim(state: &AppState, account: Uuid, program: u32) -> ApiResult<Queued> {
    let registry = state.chain()?;
    let address = staking_wallet(state, account, program).await?;
    let key = holder_keypair(state, account, &address, None).await?;
    let call = registry.claim(&key, program).await?;
    let mut tx = state.db.begin().await?;
    let payload = to_payload(&ClaimPayload { account, program })?;
    let queued = enqueue(&mut tx, Some(account), "award.claim", &call, payload).await?;
    claim_subject(&mut tx, &format!("award:{program}:{account}"), queued).await?;
    tx.commit().await?;
    Ok(queued)
}

/// The award is issued: a year of tenure, if the program is that long.
pub async fn claim_landed(
    state: &AppState,
    conn: &mut sqlx::PgConnection,
    payload: ClaimPayload,
    landed: &Landed,
) -> ApiResult<Claimed> {
    year_of_tenure(state, conn, payload.account, payload.program).await?;
    Ok(Claimed {
        certificate_id: first::<AwardClaimed>(&landed.events)?.certificate,
        block: iktomi_chain::hex0x(landed.block),
    })
}

/// A claimed award of a program whose milestone is a year or more counts as a year of tenure in
/// the issuing organization (points and the badge, for its employees).
async fn year_of_tenure(
    state: &AppState,
    conn: &mut sqlx::PgConnection,
    account: Uuid,
    program: u32,
) -> ApiResult<()> {
    const YEAR_MS: i64 = 365 * 24 * 3600 * 1000;
    let organization = sqlx::query_scalar!(
        "SELECT i.organization_id AS \"id!\" FROM tenure_programs p JOIN issuers i ON i.account = p.issuer
         WHERE p.id = $1 AND p.milestone_ms >= $2",
        program as i32,
        YEAR_MS
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(organization) = organization {
        crate::gamification::rules::record(
            conn,
            &state.settings.gamification,
            organization,
            account,
            crate::gamification::rules::Action::TenureYear,
            &format!("program:{program}"),
            state.clock.now(),
        )
        .await?;
    }
    Ok(())
}
