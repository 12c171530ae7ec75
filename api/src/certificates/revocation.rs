//! Revoking a certificate of the caller's organization: queued with the custodial issuer key; once
//! final, its holder is told.
use iktomi_shared::RevocationReason;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::session::Session;
use crate::certificates::issue::{issuer, Revoked};
use crate::http::error::ApiResult;
use crate::operations::follow_up::Landed;
use crate::operations::queue::to_payload;
use crate::operations::{enqueue_alone, Queued};
use crate::state::AppState;

/// What a revocation's follow-up needs.
#[derive(Debug, Serialize, Deserialize)]
pub struct RevokePayload {
    pub certificate: u64,
    pub organization: Uuid,
    pub holder_account: Option<Uuid>,
    pub reason: String,
}

/// Queues the revocation of `certificate` of `session`'s organization.
pub async fn revoke(
    state: &AppState,
    session: &Session,
    organization: Uuid,
    certificate: u64,
    reason: RevocationReason,
) -> ApiResult<Queued> {
    let issuer = issuer(state, organization, session.account_id).await?;
    let call = state
        .chain()?
        .revoke(issuer.key()?, certificate, reason)
        .await?;
    let payload = RevokePayload {
        certificate,
        organization,
        holder_account: crate::certificates::events::holder_account(&state.db, certificate).await?,
        reason: format!("{reason:?}"),
    };
    enqueue_alone(
        &state.db,
        Some(session.account_id),
        "certificate.revoke",
        &call,
        to_payload(&payload)?,
    )
    .await
}

/// The revocation is final: tells the holder.
pub async fn revoke_landed(
    conn: &mut sqlx::PgConnection,
    payload: &RevokePayload,
    landed: &Landed,
) -> ApiResult<Revoked> {
    tracing::info!(id = payload.certificate, organization = %payload.organization, reason = %payload.reason, "certificate revoked");
    if let Some(holder) = payload.holder_account {
        crate::certificates::events::revoked(conn, holder, payload.certificate, &payload.reason)
            .await?;
    }
    Ok(Revoked {
        id: payload.certificate,
        block: iktomi_chain::hex0x(landed.block),
    })
}
