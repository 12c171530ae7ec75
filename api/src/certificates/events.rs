//! What follows a certificate issued or revoked through the API, for its holder: a notification
//! and, for an issue, the gamification action (employees of the issuing organization earn). Both
//! run in the transaction that marks the chain operation final, so they happen once.
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::gamification::rules::{self as gamification, Action};
use crate::http::error::ApiResult;
use crate::notifications::notify::{self, Kind};
use crate::state::AppState;

pub async fn issued(
    state: &AppState,
    conn: &mut PgConnection,
    organization: Uuid,
    holder: Uuid,
    certificate: u64,
    kind: &str,
    title: &str,
) -> ApiResult<()> {
    let name = notify::organization_name(&mut *conn, organization).await?;
    notify::push(
        &mut *conn,
        holder,
        Kind::CertificateIssued,
        json!({"certificate_id": certificate, "organization_id": organization, "organization": name,
               "kind": kind, "title": title}),
    )
    .await?;
    gamification::record(
        &mut *conn,
        &state.settings.gamification,
        organization,
        holder,
        Action::CertificateReceived,
        &format!("certificate:{certificate}"),
        state.clock.now(),
    )
    .await?;
    Ok(())
}

pub async fn revoked(
    conn: &mut PgConnection,
    holder: Uuid,
    certificate: u64,
    reason: &str,
) -> ApiResult<()> {
    // What was revoked, by whom: the title and organization its stored document names.
    let about = sqlx::query!(
        r#"SELECT d.document->>'name' AS "title?", o.name AS "organization?"
           FROM certificates c JOIN certificate_documents d ON d.content_hash = c.content_hash
           LEFT JOIN organizations o ON o.id = d.organization_id
           WHERE c.id = $1"#,
        certificate as i64
    )
    .fetch_optional(&mut *conn)
    .await?;
    let (title, organization) = about.map(|a| (a.title, a.organization)).unwrap_or_default();
    notify::push(
        &mut *conn,
        holder,
        Kind::CertificateRevoked,
        json!({"certificate_id": certificate, "reason": reason, "title": title,
               "organization": organization}),
    )
    .await?;
    Ok(())
}

/// The holder of a mirrored certificate, found through the stored document of its hash.
pub async fn holder_account(
    db: impl sqlx::PgExecutor<'_>,
    certificate: u64,
) -> ApiResult<Option<Uuid>> {
    Ok(sqlx::query_scalar!(
        "SELECT d.holder_account FROM certificates c JOIN certificate_documents d ON d.content_hash = c.content_hash
         WHERE c.id = $1",
        certificate as i64
    )
    .fetch_optional(db)
    .await?
    .flatten())
}
