//! Exporting certificates as signed W3C credentials: the stored Open Badges 3.0 document with a
//! `credentialStatus` entry, secured as VC-JOSE (`application/vc+jwt`, EdDSA); each issuer's
//! revocation status list, built from the indexed chain state at request time; and the issuer's
//! public keys to check both.
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use sqlx::PgPool;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::credential::issuer_id;
use crate::certificates::signing::{IssuerKey, MEDIA_TYPE};
use crate::certificates::status_list;
use crate::http::error::{ApiError, ApiResult, Problem};
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
fn secured(
    state: &AppState,
    headers: &HeaderMap,
    organization: Uuid,
    credential: Value,
) -> Response {
    let key = IssuerKey::of(&state.master_key, &state.settings.public_url, organization);
    let jwt = key.sign(&credential);
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

fn organization_url(state: &AppState, organization: Uuid) -> String {
    issuer_id(&state.settings.public_url, organization)
}

fn revocation_list_url(state: &AppState, organization: Uuid) -> String {
    format!(
        "{}/status-lists/revocation",
        organization_url(state, organization)
    )
}

/// The certificate's position in its issuer's status lists: how many certificates the issuer
/// holds with a smaller id. Stable, because ids only grow and certificates are never removed.
async fn status_index(db: &PgPool, issuer: &[u8], id: i64) -> ApiResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM certificates WHERE issuer = $1 AND id < $2"#,
        issuer,
        id
    )
    .fetch_one(db)
    .await?)
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
    let id = i64::try_from(id).map_err(|_| ApiError::NotFound("certificate"))?;
    let row = sqlx::query!(
        r#"SELECT c.issuer, i.organization_id AS "organization_id?", d.document AS "document?"
           FROM certificates c
           LEFT JOIN issuers i ON i.account = c.issuer
           LEFT JOIN certificate_documents d ON d.content_hash = c.content_hash
           WHERE c.id = $1"#,
        id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("certificate"))?;
    let (Some(organization), Some(mut document)) = (row.organization_id, row.document) else {
        return Err(ApiError::conflict(
            "no-document",
            "this platform holds no document for the certificate; only its hash is on chain",
        ));
    };
    let index = status_index(&state.db, &row.issuer, id).await?;
    let list = revocation_list_url(&state, organization);
    document["credentialStatus"] = json!({
        "id": format!("{list}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index.to_string(),
        "statusListCredential": list,
    });
    Ok(secured(&state, &headers, organization, document))
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
    let issuer = sqlx::query_scalar!(
        "SELECT account FROM issuers WHERE organization_id = $1 ORDER BY registered_at LIMIT 1",
        organization
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("issuer"))?;
    let revoked = sqlx::query!(
        r#"SELECT (row_number() OVER (ORDER BY id) - 1) AS "index!", revoked_at IS NOT NULL AS "revoked!"
           FROM certificates WHERE issuer = $1 ORDER BY id"#,
        issuer
    )
    .fetch_all(&state.db)
    .await?;
    let set: Vec<usize> = revoked
        .into_iter()
        .filter(|r| r.revoked)
        .map(|r| r.index as usize)
        .collect();
    let list = revocation_list_url(&state, organization);
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": organization_url(&state, organization),
        "validFrom": now,
        "credentialSubject": {
            "id": format!("{list}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": status_list::encode(&set),
        }
    });
    let mut response = secured(&state, &headers, organization, credential);
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
) -> ApiResult<axum::Json<Value>> {
    let known = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM issuers WHERE organization_id = $1) AS "known!""#,
        organization
    )
    .fetch_one(&state.db)
    .await?;
    if !known {
        return Err(ApiError::NotFound("issuer"));
    }
    let key = IssuerKey::of(&state.master_key, &state.settings.public_url, organization);
    Ok(axum::Json(json!({ "keys": [key.jwk()] })))
}
