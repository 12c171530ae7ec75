//! The certificate request routes: holders ask and follow theirs; organizations list and decide.
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::requests::asking::{self, NewRequest, Requested};
use crate::certificates::requests::deciding::{self, Approved, Rejection};
use crate::certificates::requests::listing::{list, RequestView};
use crate::chain::Included;
use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::http::idempotency::IdempotencyKey;
use crate::operations::types::Operation;
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request, my_requests))
        .routes(routes!(organization_requests))
        .routes(routes!(approve))
        .routes(routes!(reject))
}

/// Ask an organization for a certificate; its managers approve or reject.
#[utoipa::path(post, path = "/v1/me/certificate-requests", tag = "certificates", security(("session" = [])),
    params(("Idempotency-Key" = String, Header)), request_body = NewRequest,
    responses((status = 202, body = Operation), (status = 201, body = Requested), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn request(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    key: IdempotencyKey,
    Json(body): Json<NewRequest>,
) -> ApiResult<Response> {
    key.once(session.account_id, "request", &body)
        .accepted(asking::ask(&state, session.account_id, &body))
        .await
}

/// Your requests and what became of them.
#[utoipa::path(get, path = "/v1/me/certificate-requests", tag = "certificates", security(("session" = [])),
    responses((status = 200, body = Vec<RequestView>), (status = 401, body = Problem)))]
async fn my_requests(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<RequestView>>> {
    Ok(axum::Json(
        list(&state, Some(session.account_id), None).await?,
    ))
}

/// Requests to this organization, newest first (managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/certificate-requests", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<RequestView>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn organization_requests(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<RequestView>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    Ok(axum::Json(list(&state, None, Some(organization)).await?))
}

/// Approve: the registry issues the certificate exactly as requested.
#[utoipa::path(post, path = "/v1/organizations/{id}/certificate-requests/{request}/approve", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path), ("request" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 202, body = Operation), (status = 201, body = Approved), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn approve(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, request)): Path<(Uuid, u64)>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("approve {organization} {request}");
    key.once(session.account_id, route, &())
        .accepted(deciding::approve(
            &state,
            session.account_id,
            organization,
            request,
        ))
        .await
}

/// Reject with a reason code.
#[utoipa::path(post, path = "/v1/organizations/{id}/certificate-requests/{request}/reject", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path), ("request" = u64, Path), ("Idempotency-Key" = String, Header)),
    request_body = Rejection,
    responses((status = 202, body = Operation), (status = 200, body = Included), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn reject(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, request)): Path<(Uuid, u64)>,
    key: IdempotencyKey,
    Json(body): Json<Rejection>,
) -> ApiResult<Response> {
    let route = format!("reject {organization} {request}");
    key.once(session.account_id, route, &body)
        .accepted(deciding::reject(
            &state,
            session.account_id,
            organization,
            request,
            &body,
        ))
        .await
}
