//! An organization's talent pool: resumes its managers keep for later, with private notes. One
//! organization never sees another's pool or notes; a resume enters only if the organization may
//! read it (public, or shown to employers and the organization is verified).
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

/// Whether `organization` may read `resume` (the rule lives in SQL: `iktomi_resume_open_to`).
pub async fn resume_open_to(
    db: &sqlx::PgPool,
    resume: Uuid,
    organization: Uuid,
) -> ApiResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT iktomi_resume_open_to($1, $2) AS "open!""#,
        resume,
        organization
    )
    .fetch_one(db)
    .await?)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(keep, remove))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Keep {
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PoolEntry {
    pub resume_id: Uuid,
    pub owner: String,
    pub title: String,
    pub note: String,
    pub added_at: DateTime<Utc>,
}

/// The organization's pool, most recently added first (its managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/talent-pool", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<PoolEntry>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn list(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<PoolEntry>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    Ok(axum::Json(
        sqlx::query_as!(
            PoolEntry,
            r#"SELECT p.resume_id, a.handle AS owner, r.title, p.note, p.added_at
               FROM talent_pool p JOIN resumes r ON r.id = p.resume_id JOIN accounts a ON a.id = r.account_id
               WHERE p.organization_id = $1 ORDER BY p.added_at DESC LIMIT 500"#,
            organization
        )
        .fetch_all(&state.db)
        .await?,
    ))
}

/// Keep a resume in the pool, or change its note.
#[utoipa::path(put, path = "/v1/organizations/{id}/talent-pool/{resume}", tag = "marketplace",
    security(("session" = [])), params(("id" = Uuid, Path), ("resume" = Uuid, Path)), request_body = Keep,
    responses((status = 200, body = PoolEntry), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn keep(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, resume)): Path<(Uuid, Uuid)>,
    Json(body): Json<Keep>,
) -> ApiResult<axum::Json<PoolEntry>> {
    let mut c = Checks::default();
    c.text(&body.note, "note", 0, 2000);
    c.finish()?;
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    if !resume_open_to(&state.db, resume, organization).await? {
        return Err(ApiError::NotFound("resume"));
    }
    let entry = sqlx::query_as!(
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
        body.note.trim(),
        session.account_id
    )
    .fetch_one(&state.db)
    .await?;
    Ok(axum::Json(entry))
}

/// Take a resume out of the pool.
#[utoipa::path(delete, path = "/v1/organizations/{id}/talent-pool/{resume}", tag = "marketplace",
    security(("session" = [])), params(("id" = Uuid, Path), ("resume" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn remove(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, resume)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    let gone = sqlx::query!(
        "DELETE FROM talent_pool WHERE organization_id = $1 AND resume_id = $2",
        organization,
        resume
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if gone == 0 {
        return Err(ApiError::NotFound("pool entry"));
    }
    Ok(StatusCode::NO_CONTENT)
}
