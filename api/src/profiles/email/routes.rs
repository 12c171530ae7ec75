//! `/v1/me/email`: your e-mail address for notices when Telegram cannot reach you.
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::addresses::{self, EmailAddress, NewEmailAddress};
use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{AuthUser, Json};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_email, put_email, delete_email))
}

/// Your e-mail address and whether it is confirmed.
#[utoipa::path(get, path = "/v1/me/email", tag = "profiles", security(("session" = [])),
    responses((status = 200, body = EmailAddress), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn get_email(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<EmailAddress>> {
    addresses::get(&state.db, session.account_id)
        .await?
        .map(axum::Json)
        .ok_or(ApiError::NotFound("e-mail address"))
}

/// Give (or change) your e-mail address: a confirmation link is sent to it, in your language.
#[utoipa::path(put, path = "/v1/me/email", tag = "profiles", security(("session" = [])),
    request_body = NewEmailAddress,
    responses((status = 200, body = EmailAddress), (status = 401, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
async fn put_email(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<NewEmailAddress>,
) -> ApiResult<axum::Json<EmailAddress>> {
    Ok(axum::Json(
        addresses::set(&state, session.account_id, &body).await?,
    ))
}

/// Forget your e-mail address.
#[utoipa::path(delete, path = "/v1/me/email", tag = "profiles", security(("session" = [])),
    responses((status = 204), (status = 401, body = Problem)))]
async fn delete_email(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<StatusCode> {
    addresses::remove(&state.db, session.account_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
