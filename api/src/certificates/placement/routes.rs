//! The holder's routes over where its certificates stand: its own list with pending and hidden
//! ones, and accepting or hiding one.
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::lookup::{held_by_me, HeldCertificate};
use crate::certificates::placement::place;
use crate::certificates::placement::trust::trust;
use crate::chain::Included;
use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::http::idempotency::IdempotencyKey;
use crate::operations::types::Operation;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_certificates))
        .routes(routes!(accept))
        .routes(routes!(hide))
        .routes(routes!(trust_organization))
}

/// Everything you hold, newest first, with each one's `placement`: `pending` ones were sent by
/// an organization you have no relationship with and wait for you to accept or hide them.
#[utoipa::path(get, path = "/v1/me/certificates", tag = "certificates", security(("session" = [])),
    responses((status = 200, body = Vec<HeldCertificate>), (status = 401, body = Problem)))]
async fn my_certificates(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<HeldCertificate>>> {
    Ok(axum::Json(held_by_me(&state.db, session.account_id).await?))
}

/// Accept a pending certificate into your list (it shows on your profile and its issuer is
/// trusted from then on). An external wallet signs `accept_certificate` itself (409).
#[utoipa::path(post, path = "/v1/me/certificates/{id}/accept", tag = "certificates",
    security(("session" = [])), params(("id" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 202, body = Operation), (status = 200, body = Included), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn accept(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(certificate): Path<u64>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("accept certificate {certificate}");
    key.once(session.account_id, route, &())
        .accepted(place(&state, session.account_id, certificate, true))
        .await
}

/// Hide a certificate from your list and profile (pending or listed); its issuer is no longer
/// trusted, so what it sends next waits pending. An external wallet signs `hide_certificate`
/// itself (409).
#[utoipa::path(post, path = "/v1/me/certificates/{id}/hide", tag = "certificates",
    security(("session" = [])), params(("id" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 202, body = Operation), (status = 200, body = Included), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn hide(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(certificate): Path<u64>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("hide certificate {certificate}");
    key.once(session.account_id, route, &())
        .accepted(place(&state, session.account_id, certificate, false))
        .await
}

/// Whether an organization may place certificates in your list without asking: `true` makes
/// what it sends from now on listed at once (say, your employer), `false` makes it wait pending
/// again. An external wallet signs `trust_issuer` itself (409).
#[utoipa::path(post, path = "/v1/me/organizations/{id}/trust", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    request_body = Trust,
    responses((status = 202, body = Operation), (status = 200, body = Included), (status = 400, body = Problem),
              (status = 401, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn trust_organization(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    key: IdempotencyKey,
    Json(body): Json<Trust>,
) -> ApiResult<Response> {
    let route = format!("trust organization {organization}");
    key.once(session.account_id, route, &body)
        .accepted(trust(
            &state,
            session.account_id,
            organization,
            body.trusted,
        ))
        .await
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Trust {
    pub trusted: bool,
}
