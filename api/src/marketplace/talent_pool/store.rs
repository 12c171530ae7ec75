//! Reading and writing an organization's talent pool.
use sqlx::PgPool;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::resumes::access::resume_open_to;
use crate::marketplace::talent_pool::types::PoolEntry;

/// The organization's pool, most recently added first: only the resumes it may still read. One
/// made private later drops out (its entry and note are kept, and return if it opens again).
pub async fn list(db: &PgPool, organization: Uuid) -> ApiResult<Vec<PoolEntry>> {
    Ok(sqlx::query_as!(
        PoolEntry,
        r#"SELECT p.resume_id, a.handle AS owner, r.title, p.note, p.added_at
           FROM talent_pool p JOIN resumes r ON r.id = p.resume_id JOIN accounts a ON a.id = r.account_id
           WHERE p.organization_id = $1 AND iktomi_resume_open_to(p.resume_id, p.organization_id)
           ORDER BY p.added_at DESC LIMIT 500"#,
        organization
    )
    .fetch_all(db)
    .await?)
}

/// Keeps a resume the organization may read in its pool with `note` (replacing the note of one
/// already kept); 404 when the organization may not read it.
pub async fn keep(
    db: &PgPool,
    organization: Uuid,
    resume: Uuid,
    note: &str,
    added_by: Uuid,
) -> ApiResult<PoolEntry> {
    if !resume_open_to(db, resume, organization).await? {
        return Err(ApiError::NotFound("resume"));
    }
    Ok(sqlx::query_as!(
        PoolEntry,
        r#"WITH kept AS (
               INSERT INTO talent_pool (organization_id, resume_id, note, added_by)
               VALUES ($1, $2, $3, $4)
               ON CONFLICT (organization_id, resume_id) DO UPDATE SET note = EXCLUDED.note
               RETURNING resume_id, note, added_at)
           SELECT k.resume_id, a.handle AS owner, r.title, k.note, k.added_at
           FROM kept k JOIN resumes r ON r.id = k.resume_id JOIN accounts a ON a.id = r.account_id"#,
        organization,
        resume,
        note,
        added_by
    )
    .fetch_one(db)
    .await?)
}

/// Takes a resume out of the pool; 404 when it is not in it.
pub async fn remove(db: &PgPool, organization: Uuid, resume: Uuid) -> ApiResult<()> {
    let gone = sqlx::query!(
        "DELETE FROM talent_pool WHERE organization_id = $1 AND resume_id = $2",
        organization,
        resume
    )
    .execute(db)
    .await?
    .rows_affected();
    if gone == 0 {
        return Err(ApiError::NotFound("pool entry"));
    }
    Ok(())
}
