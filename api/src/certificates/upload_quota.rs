//! Upload quotas per person: so many uploads a day and so many bytes in all, artifacts and CVs
//! together. The check comes before the body is read, and the body is cut off at what is left
//! of the quota, so one upload cannot go past it by much: concurrent uploads of one person can
//! each take what was left, which the per-account rate limit on uploads keeps small.
use axum::body::Body;
use uuid::Uuid;

use crate::certificates::artifact_store::{self, Stored};
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Debug, Clone, Copy)]
pub enum UploadKind {
    Artifact,
    Cv,
}

impl UploadKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Artifact => "artifact",
            Self::Cv => "cv",
        }
    }
}

fn exceeded(detail: String) -> ApiError {
    ApiError::conflict("upload-quota-exceeded", detail)
}

/// How many bytes `account`'s next upload may have, or 409 when the quota is used up.
async fn allowance(state: &AppState, account: Uuid) -> ApiResult<usize> {
    let settings = &state.settings.artifacts;
    let used = sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE created_at > now() - interval '1 day') AS "today!",
                  coalesce(sum(size_bytes), 0)::bigint AS "bytes!"
           FROM upload_ledger WHERE account_id = $1"#,
        account
    )
    .fetch_one(&state.db)
    .await?;
    if used.today >= settings.daily_uploads {
        return Err(exceeded(format!(
            "at most {} uploads a day",
            settings.daily_uploads
        )));
    }
    let left = settings.quota_bytes - used.bytes;
    if left <= 0 {
        return Err(exceeded(format!(
            "your uploads take the {} bytes you may store",
            settings.quota_bytes
        )));
    }
    Ok(usize::try_from(left).map_or(settings.max_bytes, |left| left.min(settings.max_bytes)))
}

/// Stores `body` as `account`'s upload within their quota, and counts it.
pub async fn store(
    state: &AppState,
    account: Uuid,
    kind: UploadKind,
    media_type: &'static str,
    body: Body,
) -> ApiResult<Stored> {
    let cap = allowance(state, account).await?;
    let dir = &state.settings.artifacts.dir;
    let stored = match artifact_store::store(dir, media_type, body, cap).await {
        Err(ApiError::PayloadTooLarge) if cap < state.settings.artifacts.max_bytes => {
            return Err(exceeded(format!(
                "this file is larger than the {cap} bytes left of your quota"
            )))
        }
        other => other?,
    };
    sqlx::query!(
        "INSERT INTO upload_ledger (account_id, kind, size_bytes) VALUES ($1, $2, $3)",
        account,
        kind.as_str(),
        stored.size as i64
    )
    .execute(&state.db)
    .await?;
    Ok(stored)
}
