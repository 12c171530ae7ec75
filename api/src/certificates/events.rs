//! What follows a certificate issued or revoked through the API, for its holder: a notification
//! and, for an issue, the gamification action (employees of the issuing organization earn).
use serde_json::json;
use uuid::Uuid;

use crate::gamification::rules::{self as gamification, Action};
use crate::http::error::ApiResult;
use crate::notifications::notify::{self, Kind};
use crate::state::AppState;

pub async fn issued(
    state: &AppState,
    organization: Uuid,
    holder: Uuid,
    certificate: u64,
    kind: &str,
    title: &str,
) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    notify::push(
        &mut tx,
        holder,
        Kind::CertificateIssued,
        json!({"certificate_id": certificate, "organization_id": organization, "kind": kind, "title": title}),
    )
    .await?;
    gamification::record(
        &mut tx,
        &state.settings.gamification,
        organization,
        holder,
        Action::CertificateReceived,
        &format!("certificate:{certificate}"),
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The holder is found through the stored document of the certificate's content hash.
pub async fn revoked(state: &AppState, certificate: u64, reason: &str) -> ApiResult<()> {
    let holder = sqlx::query_scalar!(
        "SELECT d.holder_account FROM certificates c JOIN certificate_documents d ON d.content_hash = c.content_hash
         WHERE c.id = $1",
        certificate as i64
    )
    .fetch_optional(&state.db)
    .await?
    .flatten();
    if let Some(holder) = holder {
        let mut tx = state.db.begin().await?;
        notify::push(
            &mut tx,
            holder,
            Kind::CertificateRevoked,
            json!({"certificate_id": certificate, "reason": reason}),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}
