//! The handlers for responses to resumes (an organization's managers and admins).
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::marketplace::responses::store;
use crate::marketplace::responses::types::{NewResponse, ResumeResponse};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(respond, list))
}

/// Write to the owner of a resume the organization may read; they get it as a notification.
#[utoipa::path(post, path = "/v1/organizations/{id}/responses", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = NewResponse,
    responses((status = 201, body = ResumeResponse), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn respond(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<NewResponse>,
) -> ApiResult<(StatusCode, axum::Json<ResumeResponse>)> {
    body.check()?;
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    let response = store::respond(&state.db, organization, session.account_id, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(response)))
}

/// The organization's responses to resumes, newest first (its managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/responses", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<ResumeResponse>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn list(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<ResumeResponse>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    Ok(axum::Json(store::list(&state.db, organization).await?))
}
