//! The issuer verification routes: an organization's admins ask and its members follow; platform
//! operators work through the queue of pending requests.
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use axum::response::Response;

use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path, Query};
use crate::http::pagination::Page;
use crate::operations::types::Operation;
use crate::operations::waiting::{self, PreferWait};
use crate::organizations::issuer_verification::decisions::{self, Decision, Rejection};
use crate::organizations::issuer_verification::requests::{
    self, VerificationInput, VerificationRequest,
};
use crate::organizations::issuer_verification::rotation::{self, Rotation};
use crate::organizations::issuer_verification::suspension::{
    self, Issuer, IssuerStanding, Suspension,
};
use crate::organizations::membership::{self, Role};
use crate::organizations::operator::require_operator;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_verification, organization_requests))
        .routes(routes!(pending_requests))
        .routes(routes!(approve))
        .routes(routes!(reject))
        .routes(routes!(rotate_issuer_key))
        .routes(routes!(issuers))
        .routes(routes!(suspend_issuer))
        .routes(routes!(reinstate_issuer))
}

/// Ask for verified status (organization admins).
#[utoipa::path(post, path = "/v1/organizations/{id}/verification", tag = "verification",
    security(("session" = [])), params(("id" = Uuid, Path)), request_body = VerificationInput,
    responses((status = 201, body = VerificationRequest), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem)))]
async fn request_verification(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<VerificationInput>,
) -> ApiResult<(StatusCode, axum::Json<VerificationRequest>)> {
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    let request = requests::submit(&state.db, organization, session.account_id, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(request)))
}

/// The organization's verification requests (its members).
#[utoipa::path(get, path = "/v1/organizations/{id}/verification", tag = "verification",
    security(("session" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<VerificationRequest>), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn organization_requests(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<VerificationRequest>>> {
    membership::require(&state.db, organization, session.account_id, Role::Employee).await?;
    Ok(axum::Json(
        requests::of_organization(&state.db, organization).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct QueueQuery {
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

/// Requests waiting for a decision, oldest first (operators).
#[utoipa::path(get, path = "/v1/verification-requests", tag = "verification", security(("session" = [])),
    params(QueueQuery),
    responses((status = 200, body = Page<VerificationRequest>), (status = 401, body = Problem),
              (status = 403, body = Problem)))]
async fn pending_requests(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Query(query): Query<QueueQuery>,
) -> ApiResult<axum::Json<Page<VerificationRequest>>> {
    require_operator(&state, &session).await?;
    Ok(axum::Json(
        requests::pending(&state.db, query.cursor.as_deref(), query.limit).await?,
    ))
}

/// Approve: registers the organization's wallet as an issuer on chain with the operator's key.
/// The organization shows `verified` once the indexer has mirrored the registration.
#[utoipa::path(post, path = "/v1/verification-requests/{id}/approve", tag = "verification",
    security(("session" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Decision), (status = 202, body = Operation), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 502, body = Problem), (status = 503, body = Problem)))]
async fn approve(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    PreferWait(wait): PreferWait,
) -> ApiResult<Response> {
    require_operator(&state, &session).await?;
    let queued = decisions::approve(&state, session.account_id, id).await?;
    waiting::answer(&state.db, queued.0, wait).await
}

/// Reject with a reason the organization can read.
#[utoipa::path(post, path = "/v1/verification-requests/{id}/reject", tag = "verification",
    security(("session" = [])), params(("id" = Uuid, Path)), request_body = Rejection,
    responses((status = 200, body = VerificationRequest), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem)))]
async fn reject(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Rejection>,
) -> ApiResult<axum::Json<VerificationRequest>> {
    require_operator(&state, &session).await?;
    Ok(axum::Json(
        decisions::reject(&state, session.account_id, id, &body).await?,
    ))
}

/// Rotate the organization's issuer key (its admins, signed in within the re-authentication
/// window): a new custodial issuer account is registered on chain and the old one retired in
/// one operator call. Certificates the old key issued stay valid and the new key revokes or
/// renews them; credentials exported before keep verifying against the JWKS, which lists every
/// earlier signing key.
#[utoipa::path(post, path = "/v1/organizations/{id}/issuer-key/rotate", tag = "verification",
    security(("session" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Rotation), (status = 202, body = Operation), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 503, body = Problem)))]
async fn rotate_issuer_key(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    PreferWait(wait): PreferWait,
) -> ApiResult<Response> {
    let queued = rotation::rotate(&state, &session, organization).await?;
    waiting::answer(&state.db, queued.0, wait).await
}

/// Every registered issuer account, newest first (operators).
#[utoipa::path(get, path = "/v1/issuers", tag = "verification", security(("session" = [])),
    params(QueueQuery),
    responses((status = 200, body = Page<Issuer>), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn issuers(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Query(query): Query<QueueQuery>,
) -> ApiResult<axum::Json<Page<Issuer>>> {
    require_operator(&state, &session).await?;
    Ok(axum::Json(
        suspension::list(&state.db, query.cursor.as_deref(), query.limit).await?,
    ))
}

/// Suspend an issuer (operators): it cannot issue until reinstated, and its certificates read
/// `issuer_suspended` meanwhile. The reason is kept off chain for the organization's admins.
#[utoipa::path(post, path = "/v1/issuers/{account}/suspend", tag = "verification",
    security(("session" = [])), params(("account" = String, Path, description = "SS58 address")),
    request_body = Suspension,
    responses((status = 200, body = IssuerStanding), (status = 202, body = Operation),
              (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem), (status = 502, body = Problem),
              (status = 503, body = Problem)))]
async fn suspend_issuer(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(account): Path<String>,
    PreferWait(wait): PreferWait,
    Json(body): Json<Suspension>,
) -> ApiResult<Response> {
    require_operator(&state, &session).await?;
    let queued = suspension::change(&state, &session, &account, Some(&body.reason)).await?;
    waiting::answer(&state.db, queued.0, wait).await
}

/// Reinstate a suspended issuer (operators).
#[utoipa::path(post, path = "/v1/issuers/{account}/reinstate", tag = "verification",
    security(("session" = [])), params(("account" = String, Path, description = "SS58 address")),
    responses((status = 200, body = IssuerStanding), (status = 202, body = Operation),
              (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 502, body = Problem), (status = 503, body = Problem)))]
async fn reinstate_issuer(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(account): Path<String>,
    PreferWait(wait): PreferWait,
) -> ApiResult<Response> {
    require_operator(&state, &session).await?;
    let queued = suspension::change(&state, &session, &account, None).await?;
    waiting::answer(&state.db, queued.0, wait).await
}
