//! The routes of taking an attestation's test (`taking`): start or resume an attempt, read it,
//! answer, and hand it in.
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::attestations::attempt_view::{view, AttemptView};
use crate::attestations::attestation::access;
use crate::attestations::taking::{self, Answer, Started};
use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start))
        .routes(routes!(get_one))
        .routes(routes!(answer))
        .routes(routes!(finish_now))
}

/// Start an attempt — or resume the one running, with its order and remaining time.
#[utoipa::path(post, path = "/v1/attestations/{id}/attempts", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 201, body = AttemptView, description = "a new attempt"),
              (status = 200, body = AttemptView, description = "the running attempt, resumed"),
              (status = 401, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn start(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(attestation): Path<Uuid>,
) -> ApiResult<(StatusCode, axum::Json<AttemptView>)> {
    access(&state.db, attestation, session.account_id).await?;
    let (status, attempt) = match taking::start(&state, attestation, session.account_id).await? {
        Started::Resumed(attempt) => (StatusCode::OK, attempt),
        Started::New(attempt) => (StatusCode::CREATED, attempt),
    };
    Ok((status, axum::Json(view(&state, &attempt).await?)))
}

/// An attempt: yours, or any in your organization if you are a manager or admin.
#[utoipa::path(get, path = "/v1/attempts/{id}", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AttemptView), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<AttemptView>> {
    let attempt = taking::current(&state, id, session.account_id, true).await?;
    Ok(axum::Json(view(&state, &attempt).await?))
}

/// Answer a question (again, to change the answer) while time remains.
#[utoipa::path(put, path = "/v1/attempts/{id}/answers/{question}", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path), ("question" = Uuid, Path)), request_body = Answer,
    responses((status = 200, body = AttemptView), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn answer(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((id, question)): Path<(Uuid, Uuid)>,
    Json(body): Json<Answer>,
) -> ApiResult<axum::Json<AttemptView>> {
    let attempt = taking::answer(&state, id, session.account_id, question, &body).await?;
    Ok(axum::Json(view(&state, &attempt).await?))
}

/// Hand the attempt in now and see the result.
#[utoipa::path(post, path = "/v1/attempts/{id}/finish", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AttemptView), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn finish_now(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<AttemptView>> {
    let attempt = taking::finish_now(&state, id, session.account_id).await?;
    Ok(axum::Json(view(&state, &attempt).await?))
}
