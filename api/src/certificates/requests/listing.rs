//! Certificate requests as mirrored from the chain, for their holder or their organization.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RequestView {
    pub id: u64,
    pub kind: String,
    /// `pending`, `approved`, `rejected` or `cancelled`.
    pub state: String,
    pub holder_handle: Option<String>,
    pub organization_name: Option<String>,
    pub title: Option<String>,
    pub created_at: DateTime<Utc>,
    pub certificate_id: Option<i64>,
    pub reject_code: Option<i32>,
}

/// Requests of `holder` or to `organization` (whichever is given), newest first.
pub async fn list(
    state: &AppState,
    holder: Option<Uuid>,
    organization: Option<Uuid>,
) -> ApiResult<Vec<RequestView>> {
    let rows = sqlx::query!(
        r#"SELECT r.id, r.kind, r.state, r.created_at, r.certificate_id, r.reject_code,
                  a.handle AS "handle?", o.name AS "organization_name?", d.document->>'name' AS title
           FROM certificate_requests r
           LEFT JOIN wallets w ON w.address = r.holder
           LEFT JOIN accounts a ON a.id = w.account_id
           LEFT JOIN issuers i ON i.account = r.issuer
           LEFT JOIN organizations o ON o.id = i.organization_id
           LEFT JOIN certificate_documents d ON d.content_hash = r.content_hash
           WHERE ($1::uuid IS NULL OR w.account_id = $1) AND ($2::uuid IS NULL OR o.id = $2)
           ORDER BY r.id DESC LIMIT 500"#,
        holder,
        organization,
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RequestView {
            id: u64::try_from(r.id).unwrap_or_default(),
            kind: r.kind,
            state: r.state,
            holder_handle: r.handle,
            organization_name: r.organization_name,
            title: r.title,
            created_at: r.created_at,
            certificate_id: r.certificate_id,
            reject_code: r.reject_code,
        })
        .collect())
}
