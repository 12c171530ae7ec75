//! The routes of taking an attestation's test (`taking`): start or resume an attempt, read it,
//! answer, and hand it in.
use axum::body::Bytes;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::attestations::attempt_view::{view, AttemptView};
use crate::attestations::attestation::access;
use crate::attestations::taking::{self, Answer, StartAttempt, Started};
use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start))
        .routes(routes!(get_one))
        .routes(routes!(answer))
        .routes(routes!(finish_now))
}

/// Start an attempt — or resume the one running, with its order and remaining time. Coming back
/// after an attempt finished (handed in, or by itself at the deadline) shows that attempt with its
/// result; a new one starts only when the body asks for it with `{"retry": true}`.
#[utoipa::path(post, path = "/v1/attestations/{id}/attempts", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body(content = StartAttempt, description = "optional; without it no new attempt follows a finished one"),
    responses((status = 201, body = AttemptView, description = "a new attempt"),
              (status = 200, body = AttemptView,
               description = "the running attempt, resumed, or the last one, finished, when no retry was asked"),
              (status = 401, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn start(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(attestation): Path<Uuid>,
    body: Bytes,
) -> ApiResult<(StatusCode, axum::Json<AttemptView>)> {
    // The body is optional (clients that only resume send none), so it is read by hand.
    let body: StartAttempt = if body.iter().all(u8::is_ascii_whitespace) {
        StartAttempt::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::Malformed(e.to_string()))?
    };
    access(&state.db, attestation, session.account_id).await?;
    let started = taking::start(&state, attestation, session.account_id, body.retry).await?;
    let (status, attempt) = match started {
        Started::Resumed(attempt) | Started::Review(attempt) => (StatusCode::OK, attempt),
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
