//! Anyone verifying a certificate (not an organization becoming a verified issuer: that is
//! `organizations::issuer_verification`): issuer, holder, status, dates, the supersede chain both
//! ways, and whether the stored document still hashes to what the chain holds. Read from the
//! indexer's mirror of finalized blocks.
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::credential::content_hash;
use crate::certificates::lookup::{held_by, load, HeldCertificate, Verification};
use crate::certificates::signing::{self, IssuerKey};
use crate::certificates::verify_cache::verified;
use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{Json, Path};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify))
        .routes(routes!(verify_document))
        .routes(routes!(certificates_of))
}

/// Verify a certificate by its on-chain id.
#[utoipa::path(get, path = "/v1/verify/{id}", tag = "verify", params(("id" = u64, Path)),
    responses((status = 200, body = Verification), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn verify(state: axum::extract::State<AppState>, Path(id): Path<u64>) -> ApiResult<Response> {
    let id = i64::try_from(id).map_err(|_| ApiError::NotFound("certificate"))?;
    let kept = verified(&state, id)
        .await?
        .ok_or(ApiError::NotFound("certificate"))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], kept.json).into_response())
}

/// The certificates a person holds in any of their wallets, newest first.
#[utoipa::path(get, path = "/v1/people/{handle}/certificates", tag = "verify",
    params(("handle" = String, Path)),
    responses((status = 200, body = Vec<HeldCertificate>), (status = 404, body = Problem)))]
async fn certificates_of(
    state: axum::extract::State<AppState>,
    Path(handle): Path<String>,
) -> ApiResult<axum::Json<Vec<HeldCertificate>>> {
    let account = sqlx::query_scalar!("SELECT id FROM accounts WHERE handle = $1", handle)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound("person"))?;
    Ok(axum::Json(held_by(&state.db, account).await?))
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct DocumentCheck {
    /// A credential as its holder presents it: the `document` of a certificate, or an exported
    /// credential (its `credentialStatus` and any `proof` are not part of the bound document).
    pub document: Option<Value>,
    /// Or an exported credential as VC-JOSE (`application/vc+jwt`); its signature is checked
    /// against the issuing organization's key.
    pub jwt: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentVerification {
    /// SHA-256 of the document's canonical JSON.
    pub content_hash: String,
    /// Every certificate on chain bound to exactly this document (normally one).
    pub certificates: Vec<Verification>,
    /// Whether the JWT's signature is the issuing organization's; null for a bare document.
    pub signature_valid: Option<bool>,
    /// True when at least one of them is active now (and a JWT's signature holds).
    pub holds: bool,
}

/// The organization a credential names as its issuer, when it is one of ours.
fn issuing_organization(state: &AppState, credential: &Value) -> Option<Uuid> {
    let issuer = credential["issuer"]
        .as_str()
        .or_else(|| credential["issuer"]["id"].as_str())?;
    crate::certificates::credential::issuer_of(&state.settings.public_url, issuer)
}

/// The document a JWT carries and whether its issuer signed it.
async fn open_jwt(state: &AppState, jwt: &str) -> ApiResult<(Value, bool)> {
    let (_, payload) = signing::decode(jwt).map_err(|e| ApiError::invalid("jwt", e.to_string()))?;
    let Some(organization) = issuing_organization(state, &payload) else {
        return Ok((payload, false));
    };
    // Any key the organization publishes: a JWT signed before a master key or issuer key
    // rotation still holds.
    let version = signing::key_version(&state.db, organization).await?;
    for key in IssuerKey::all(
        &state.master_key,
        &state.settings.public_url,
        organization,
        version,
    ) {
        match signing::verify(jwt, &key.public()) {
            Ok(payload) => return Ok((payload, true)),
            Err(signing::JwsError::BadSignature) => {}
            Err(e) => return Err(ApiError::invalid("jwt", e.to_string())),
        }
    }
    Ok((payload, false))
}

/// Which certificate a document is, and whether it holds: the document is hashed as the API
/// hashed it when issuing, and looked up by that hash among the certificates on chain.
#[utoipa::path(post, path = "/v1/verify", tag = "verify", request_body = DocumentCheck,
    responses((status = 200, body = DocumentVerification), (status = 400, body = Problem),
              (status = 422, body = Problem)))]
async fn verify_document(
    state: axum::extract::State<AppState>,
    Json(body): Json<DocumentCheck>,
) -> ApiResult<axum::Json<DocumentVerification>> {
    let (mut document, signature_valid) = match (body.document, body.jwt.as_deref()) {
        (Some(document), None) => (document, None),
        (None, Some(jwt)) => {
            let (document, valid) = open_jwt(&state, jwt).await?;
            (document, Some(valid))
        }
        _ => {
            return Err(ApiError::invalid(
                "document",
                "send either a document or a jwt",
            ))
        }
    };
    if let Some(fields) = document.as_object_mut() {
        fields.remove("credentialStatus");
        fields.remove("proof");
    }
    let hash = content_hash(&document);
    let ids = sqlx::query_scalar!(
        "SELECT id FROM certificates WHERE content_hash = $1 ORDER BY id",
        &hash[..]
    )
    .fetch_all(&state.db)
    .await?;
    let mut certificates = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(v) = load(&state.db, id).await? {
            certificates.push(v);
        }
    }
    Ok(axum::Json(DocumentVerification {
        content_hash: iktomi_chain::hex0x(hash),
        holds: signature_valid != Some(false) && certificates.iter().any(|c| c.status == "active"),
        signature_valid,
        certificates,
    }))
}
