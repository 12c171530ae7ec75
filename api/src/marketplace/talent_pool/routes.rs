//! The talent pool handlers (an organization's managers and admins): list, keep and remove.
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::marketplace::talent_pool::store;
use crate::marketplace::talent_pool::types::{Keep, PoolEntry};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(keep, remove))
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
    Ok(axum::Json(store::list(&state.db, organization).await?))
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
    body.check()?;
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    let entry = store::keep(
        &state.db,
        organization,
        resume,
        body.note.trim(),
        session.account_id,
    )
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
    store::remove(&state.db, organization, resume).await?;
    Ok(StatusCode::NO_CONTENT)
}
