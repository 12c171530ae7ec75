//! The export routes: a certificate's signed credential, an issuer's signed revocation list and
//! its public keys. Each answers the bare JWT or JSON as the client's `Accept` asks.
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::export::{credentials, keys, status_cache};
use crate::certificates::signing::{self, IssuerKey, MEDIA_TYPE};
use crate::http::error::{ApiResult, Problem};
use crate::http::extract::Path;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(credential))
        .routes(routes!(revocation_list))
        .routes(routes!(jwks))
}

/// A secured credential and what it secures, for clients that do not ask for the bare JWT.
#[derive(Debug, Serialize, ToSchema)]
pub struct SecuredCredential {
    /// The credential the JWT's payload carries.
    pub credential: Value,
    /// The credential secured as VC-JOSE: a compact JWS, EdDSA over Ed25519, `typ: vc+jwt`.
    pub jwt: String,
}

/// The bare JWT when the client accepts `application/vc+jwt`, otherwise both as JSON.
async fn secured(
    state: &AppState,
    headers: &HeaderMap,
    organization: Uuid,
    credential: Value,
) -> ApiResult<Response> {
    let version = signing::key_version(&state.db, organization).await?;
    let key = IssuerKey::of(
        &state.master_key,
        &state.settings.public_url,
        organization,
        version,
    );
    let jwt = key.sign(&credential);
    Ok(answer(headers, credential, jwt))
}

fn answer(headers: &HeaderMap, credential: Value, jwt: String) -> Response {
    let wants_jwt = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains(MEDIA_TYPE));
    if wants_jwt {
        ([(header::CONTENT_TYPE, MEDIA_TYPE)], jwt).into_response()
    } else {
        axum::Json(SecuredCredential { credential, jwt }).into_response()
    }
}

/// The certificate as a signed Open Badges 3.0 credential. The stored document is what the chain's
/// content hash binds; the export adds `credentialStatus` (a `BitstringStatusListEntry` into the
/// issuer's revocation list), which verifiers remove before hashing. Send
/// `Accept: application/vc+jwt` for the bare JWT.
#[utoipa::path(get, path = "/v1/certificates/{id}/credential", tag = "verify",
    params(("id" = u64, Path)),
    responses((status = 200, body = SecuredCredential, description = "JSON, or the bare JWT as application/vc+jwt"),
              (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn credential(
    state: axum::extract::State<AppState>,
    Path(id): Path<u64>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (organization, document) = credentials::with_status(&state, id).await?;
    secured(&state, &headers, organization, document).await
}

/// The issuer's revocation list as a signed `BitstringStatusListCredential`: the bit at a
/// certificate's `statusListIndex` is set when the chain has it revoked (or superseded).
#[utoipa::path(get, path = "/v1/organizations/{id}/status-lists/revocation", tag = "verify",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = SecuredCredential, description = "JSON, or the bare JWT as application/vc+jwt"),
              (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn revocation_list(
    state: axum::extract::State<AppState>,
    Path(organization): Path<Uuid>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let list = status_cache::revocation_list(&state, organization).await?;
    let mut response = answer(&headers, list.credential, list.jwt);
    // Revocations arrive with finalized blocks; a minute's caching keeps the list fresh enough.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, max-age=60"),
    );
    Ok(response)
}

/// The organization's public keys (RFC 7517 JWK Set) that sign its credentials and status lists.
#[utoipa::path(get, path = "/v1/organizations/{id}/jwks", tag = "verify",
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "A JWK Set"), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn jwks(
    state: axum::extract::State<AppState>,
    Path(organization): Path<Uuid>,
) -> ApiResult<Response> {
    let json = keys::key_set(&state, organization).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}
