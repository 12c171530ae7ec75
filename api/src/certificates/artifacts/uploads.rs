//! Uploads: storing one (the file on disk, its row in `artifacts`), reading one with its reviews
//! and label, the owner's list, and serving the file to whoever may read it.
use axum::body::Body;
use axum::response::Response;
use sqlx::PgPool;
use uuid::Uuid;

use crate::certificates::artifact_store;
use crate::certificates::artifacts::records::{self, Artifact};
use crate::certificates::upload_quota::{self, UploadKind};
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Stores `body` (already declared as `media_type`) and records it as `account`'s upload.
pub async fn upload(
    state: &AppState,
    account: Uuid,
    title: &str,
    media_type: &'static str,
    body: Body,
) -> ApiResult<Artifact> {
    let stored =
        upload_quota::store(state, account, UploadKind::Artifact, media_type, body).await?;
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO artifacts (id, account_id, content_hash, media_type, size_bytes, title)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        account,
        &stored.hash[..],
        stored.media_type,
        stored.size as i64,
        title.trim(),
    )
    .execute(&state.db)
    .await?;
    tracing::info!(%id, size = stored.size, media_type, "artifact uploaded");
    records::load(&state.db, id).await
}

/// `account`'s uploads, newest first.
pub async fn of_owner(db: &PgPool, account: Uuid) -> ApiResult<Vec<Artifact>> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM artifacts WHERE account_id = $1 ORDER BY created_at DESC LIMIT 200",
        account
    )
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(records::load(db, id).await?);
    }
    Ok(out)
}

/// Whether `account` may read the artifact: its owner, or a manager of an organization asked to
/// review it.
async fn may_read(db: &PgPool, artifact: Uuid, account: Uuid) -> ApiResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM artifacts WHERE id = $1 AND account_id = $2)
               OR EXISTS (SELECT 1 FROM artifact_reviews r
                          JOIN memberships m ON m.organization_id = r.organization_id
                          WHERE r.artifact_id = $1 AND m.account_id = $2
                            AND m.accepted_at IS NOT NULL AND m.role IN ('manager', 'admin'))
           AS "ok!""#,
        artifact,
        account
    )
    .fetch_one(db)
    .await?)
}

/// The stored file with its type, for those who may read it.
pub async fn file(state: &AppState, artifact: Uuid, account: Uuid) -> ApiResult<Response> {
    // Somebody else's file answers as a missing one: ids do not leak.
    if !may_read(&state.db, artifact, account).await? {
        return Err(ApiError::NotFound("artifact"));
    }
    let a = sqlx::query!(
        "SELECT content_hash, media_type FROM artifacts WHERE id = $1",
        artifact
    )
    .fetch_one(&state.db)
    .await?;
    let hash = artifact_store::stored_hash(a.content_hash)?;
    artifact_store::serve(&state.settings.artifacts.dir, &hash, &a.media_type).await
}
