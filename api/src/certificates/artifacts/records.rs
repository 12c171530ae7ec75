//! An artifact as its owner and its reviewers read it: the upload with its reviews.
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};

#[derive(Debug, Serialize, ToSchema)]
pub struct Artifact {
    pub id: Uuid,
    pub owner: String,
    pub title: String,
    pub media_type: String,
    pub size_bytes: i64,
    /// SHA-256 of the file.
    pub content_hash: String,
    /// `verified` once an organization confirmed it with a certificate, else `unverified`.
    pub label: String,
    pub reviews: Vec<Review>,
    pub created_at: DateTime<Utc>,
}

/// The upload with its reviews; `verified` once one of them confirmed it.
pub async fn load(db: &PgPool, artifact: Uuid) -> ApiResult<Artifact> {
    let a = sqlx::query!(
        r#"SELECT a.id, h.handle, a.title, a.media_type, a.size_bytes, a.content_hash, a.created_at
           FROM artifacts a JOIN accounts h ON h.id = a.account_id WHERE a.id = $1"#,
        artifact
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("artifact"))?;
    let reviews = list(db, Some(artifact), None).await?;
    let verified = reviews.iter().any(|r| r.status == "confirmed");
    Ok(Artifact {
        id: a.id,
        owner: a.handle,
        title: a.title,
        media_type: a.media_type,
        size_bytes: a.size_bytes,
        content_hash: iktomi_chain::hex0x(&a.content_hash),
        label: if verified { "verified" } else { "unverified" }.to_owned(),
        reviews,
        created_at: a.created_at,
    })
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ArtifactReview)]
pub struct Review {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    /// pending, confirmed or rejected.
    pub status: String,
    pub note: Option<String>,
    pub reason: Option<String>,
    pub certificate_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// Reviews of one artifact, or one review.
pub async fn list(
    db: &PgPool,
    artifact: Option<Uuid>,
    review: Option<Uuid>,
) -> ApiResult<Vec<Review>> {
    Ok(sqlx::query_as!(
        Review,
        r#"SELECT r.id, r.organization_id, o.name AS organization_name, r.status::text AS "status!",
                  r.note, r.reason, r.certificate_id, r.created_at
           FROM artifact_reviews r JOIN organizations o ON o.id = r.organization_id
           WHERE ($1::uuid IS NULL OR r.artifact_id = $1) AND ($2::uuid IS NULL OR r.id = $2)
           ORDER BY r.created_at"#,
        artifact,
        review
    )
    .fetch_all(db)
    .await?)
}

/// Whether `account` owns the artifact.
pub async fn is_owner(db: &PgPool, artifact: Uuid, account: Uuid) -> ApiResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM artifacts WHERE id = $1 AND account_id = $2) AS "owned!""#,
        artifact,
        account
    )
    .fetch_one(db)
    .await?)
}
