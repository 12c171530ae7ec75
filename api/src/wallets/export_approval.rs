//! Two people to take an organization's issuer seed off the platform: one admin asks, another
//! admin or a platform operator approves, and the asker exports once within
//! `APPROVAL_WINDOW_MINUTES`. A single admin (or a stolen admin session) can no longer walk away
//! with the key every certificate of the organization is signed with, and every export names two
//! accountable people. The seed cannot be taken from the asker's side alone because the approval
//! is bound to the asker, and the approver cannot export with it either.
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::challenges::parse_address;
use crate::auth::session::Session;
use crate::http::error::{ApiError, ApiResult};
use crate::organizations::membership::{self, Role};
use crate::organizations::operator::is_operator;
use crate::state::AppState;

/// How long an approval may be used, and how long a request may wait for one.
const APPROVAL_WINDOW_MINUTES: i32 = 15;
const REQUEST_TTL_HOURS: i32 = 24;

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportApproval {
    pub id: Uuid,
    pub address: String,
    pub requested_by: Uuid,
    pub requested_at: DateTime<Utc>,
    pub approved_by: Option<Uuid>,
    pub approved_at: Option<DateTime<Utc>>,
}

async fn load(state: &AppState, id: Uuid) -> ApiResult<ExportApproval> {
    let row = sqlx::query!(
        "SELECT id, address, requested_by, requested_at, approved_by, approved_at
         FROM seed_export_approvals WHERE id = $1",
        id
    )
    .fetch_one(&state.db)
    .await?;
    Ok(ExportApproval {
        id: row.id,
        address: crate::auth::wallet::Address::from_bytes(&row.address)
            .map(|a| a.ss58())
            .unwrap_or_default(),
        requested_by: row.requested_by,
        requested_at: row.requested_at,
        approved_by: row.approved_by,
        approved_at: row.approved_at,
    })
}

/// An admin of `organization` asks to export its custodial wallet `address`.
pub async fn ask(
    state: &AppState,
    session: &Session,
    organization: Uuid,
    address: &str,
) -> ApiResult<ExportApproval> {
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    let address = parse_address(address)?;
    let id = sqlx::query_scalar!(
        "INSERT INTO seed_export_approvals (organization_id, address, requested_by)
         SELECT $1, address, $3 FROM wallets
         WHERE address = $2 AND organization_id = $1 AND kind = 'custodial'
         RETURNING id",
        organization,
        &address.0[..],
        session.account_id,
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("custodial wallet"))?;
    tracing::warn!(%organization, account = %session.account_id, address = %address.ss58(), "organization seed export asked");
    load(state, id).await
}

/// Another admin of the organization, or a platform operator, approves request `id`.
pub async fn approve(
    state: &AppState,
    session: &Session,
    organization: Uuid,
    id: Uuid,
) -> ApiResult<ExportApproval> {
    if !is_operator(state, session.account_id).await? {
        membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    }
    let request = sqlx::query!(
        "SELECT requested_by, approved_at IS NOT NULL AS \"approved!\",
                requested_at < now() - make_interval(hours => $3) AS \"stale!\"
         FROM seed_export_approvals WHERE id = $1 AND organization_id = $2",
        id,
        organization,
        REQUEST_TTL_HOURS,
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("export request"))?;
    if request.requested_by == session.account_id {
        return Err(ApiError::Forbidden(
            "an export must be approved by another admin or a platform operator",
        ));
    }
    if request.approved || request.stale {
        return Err(ApiError::conflict(
            "export-request-closed",
            "this export request is already approved or has expired; ask again",
        ));
    }
    let approved = sqlx::query!(
        "UPDATE seed_export_approvals SET approved_by = $2, approved_at = now()
         WHERE id = $1 AND approved_at IS NULL",
        id,
        session.account_id,
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if approved == 0 {
        return Err(ApiError::conflict(
            "export-request-closed",
            "this export request is already approved",
        ));
    }
    tracing::warn!(%organization, request = %id, approver = %session.account_id, "organization seed export approved");
    load(state, id).await
}

/// Uses the caller's approved, unused and recent export approval for `address`; 403
/// `forbidden` when there is none. Used once: a second export needs a new approval.
pub async fn consume(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    address: &crate::auth::wallet::Address,
) -> ApiResult<()> {
    let used = sqlx::query_scalar!(
        "UPDATE seed_export_approvals SET used_at = now()
         WHERE id = (SELECT id FROM seed_export_approvals
                     WHERE organization_id = $1 AND address = $2 AND requested_by = $3
                       AND used_at IS NULL
                       AND approved_at > now() - make_interval(mins => $4)
                     ORDER BY approved_at DESC LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id",
        organization,
        &address.0[..],
        account,
        APPROVAL_WINDOW_MINUTES,
    )
    .fetch_optional(&state.db)
    .await?;
    match used {
        Some(_) => Ok(()),
        None => Err(ApiError::Forbidden(
            "exporting an organization's seed needs your request approved by another admin \
             or a platform operator within the last 15 minutes",
        )),
    }
}
