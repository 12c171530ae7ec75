//! What an organization has issued, for its managers: the list an employer promotes, dismisses
//! or revokes from, newest first, across every issuer account the organization has had.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::http::pagination::{self, Page};
use crate::organizations::membership::{self, Role};

#[derive(Debug, Deserialize, IntoParams)]
pub struct IssuedQuery {
    /// Only this kind: `diploma`, `course`, `employment`, `award` …
    pub kind: Option<String>,
    /// Only this status: `active`, `expired`, `revoked`, `superseded`, `issuer_suspended`.
    pub status: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedListing {
    pub id: u64,
    pub kind: String,
    pub status: String,
    pub issued_at: DateTime<Utc>,
    pub title: Option<String>,
    /// The holder's handle, when the holding wallet belongs to someone on the platform.
    pub holder_handle: Option<String>,
    pub superseded_by: Option<u64>,
}

/// The organization's certificates (its managers), newest first.
pub async fn issued_by(
    db: &PgPool,
    organization: Uuid,
    account: Uuid,
    query: &IssuedQuery,
) -> ApiResult<Page<IssuedListing>> {
    membership::require(db, organization, account, Role::Manager).await?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::after(query.cursor.as_deref())?;
    let before_id: i64 = if after.is_empty() {
        i64::MAX
    } else {
        after
            .parse()
            .map_err(|_| ApiError::invalid("cursor", "is not a cursor this API returned"))?
    };
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!", c.kind AS "kind!", c.status AS "status!", c.issued_at AS "issued_at!",
                  d.document->>'name' AS title, a.handle AS "holder_handle?", c.superseded_by
           FROM certificate_status c
           JOIN issuers i ON i.account = c.issuer AND i.organization_id = $1
           LEFT JOIN certificate_documents d ON d.content_hash = c.content_hash
           LEFT JOIN wallets w ON w.address = c.holder
           LEFT JOIN accounts a ON a.id = w.account_id
           WHERE c.id < $2 AND ($3::text IS NULL OR c.kind = $3) AND ($4::text IS NULL OR c.status = $4)
           ORDER BY c.id DESC LIMIT $5"#,
        organization,
        before_id,
        query.kind,
        query.status,
        limit + 1
    )
    .fetch_all(db)
    .await?;
    let items = rows
        .into_iter()
        .map(|r| IssuedListing {
            id: u64::try_from(r.id).unwrap_or_default(),
            kind: r.kind,
            status: r.status,
            issued_at: r.issued_at,
            title: r.title,
            holder_handle: r.holder_handle,
            superseded_by: r.superseded_by.and_then(|id| u64::try_from(id).ok()),
        })
        .collect();
    Ok(Page::from_rows(items, limit, |c| c.id.to_string()))
}
