//! The application handlers: apply, list yours or a vacancy's, read one, and move one along.
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::marketplace::applications::store;
use crate::marketplace::applications::types::{Application, Move, NewApplication};
use crate::marketplace::vacancies::store::managed;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(apply, of_vacancy))
        .routes(routes!(mine))
        .routes(routes!(get_one))
        .routes(routes!(move_status))
}

/// Apply to an open vacancy with one of your resumes.
#[utoipa::path(post, path = "/v1/vacancies/{id}/applications", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = NewApplication,
    responses((status = 201, body = Application), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn apply(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(vacancy): Path<Uuid>,
    Json(body): Json<NewApplication>,
) -> ApiResult<(StatusCode, axum::Json<Application>)> {
    body.check()?;
    let application = store::apply(&state.db, vacancy, session.account_id, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(application)))
}

/// Your applications, newest first.
#[utoipa::path(get, path = "/v1/me/applications", tag = "marketplace", security(("session" = [])),
    responses((status = 200, body = Vec<Application>), (status = 401, body = Problem)))]
async fn mine(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Application>>> {
    Ok(axum::Json(
        store::of_candidate(&state.db, session.account_id).await?,
    ))
}

/// Applications to a vacancy (managers and admins of its organization).
#[utoipa::path(get, path = "/v1/vacancies/{id}/applications", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Application>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn of_vacancy(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(vacancy): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<Application>>> {
    managed(&state.db, vacancy, session.account_id).await?;
    Ok(axum::Json(store::of_vacancy(&state.db, vacancy).await?))
}

/// One application with its history (its candidate and the organization's managers).
#[utoipa::path(get, path = "/v1/applications/{id}", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Application), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Application>> {
    let (app, candidate) = store::load(&state.db, id).await?;
    store::side_of(&state.db, &app, candidate, session.account_id).await?;
    Ok(axum::Json(app))
}

/// Move an application: the employer forward or to rejected, the candidate to withdrawn.
#[utoipa::path(post, path = "/v1/applications/{id}/status", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Move,
    responses((status = 200, body = Application), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn move_status(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Move>,
) -> ApiResult<axum::Json<Application>> {
    body.check()?;
    let (app, candidate) = store::load(&state.db, id).await?;
    let side = store::side_of(&state.db, &app, candidate, session.account_id).await?;
    let moved = store::move_to(
        &state.db,
        &app,
        candidate,
        session.account_id,
        side,
        body.status,
        body.note.trim(),
    )
    .await?;
    Ok(axum::Json(moved))
}
