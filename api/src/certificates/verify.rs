//! Anyone verifies a certificate: issuer, holder, status, dates, the supersede chain both ways,
//! and whether the stored document still hashes to what the chain holds. Read from the
//! indexer's mirror of finalized blocks.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::PgPool;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::certificates::credential::content_hash;
use crate::certificates::signing::{self, IssuerKey};
use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{Json, Path};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify))
        .routes(routes!(verify_document))
        .routes(routes!(certificates_of))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IssuerView {
    pub address: String,
    pub organization_id: Option<Uuid>,
    pub organization_name: Option<String>,
    /// Registered on chain and not suspended.
    pub verified: bool,
    pub suspended: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HolderView {
    pub address: String,
    /// The holder's handle when the holder is a person on this platform.
    pub handle: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    pub id: u64,
    pub kind: String,
    /// `active`, `expired`, `revoked`, `superseded` or `issuer_suspended`, now.
    pub status: String,
    pub revocation_reason: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub issued_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub issuer: IssuerView,
    pub holder: HolderView,
    /// Certificates this one replaced, newest first.
    pub supersedes: Vec<u64>,
    /// Certificates that replaced this one, oldest first.
    pub superseded_by: Vec<u64>,
    pub content_hash: String,
    /// True when the stored document hashes to the chain's content hash; null when this
    /// platform holds no document for it.
    pub document_matches: Option<bool>,
    pub document: Option<Value>,
}

/// Verify a certificate by its on-chain id.
#[utoipa::path(get, path = "/v1/verify/{id}", tag = "verify", params(("id" = u64, Path)),
    responses((status = 200, body = Verification), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn verify(
    state: axum::extract::State<AppState>,
    Path(id): Path<u64>,
) -> ApiResult<axum::Json<Verification>> {
    let id = i64::try_from(id).map_err(|_| ApiError::NotFound("certificate"))?;
    load(&state.db, id)
        .await?
        .map(axum::Json)
        .ok_or(ApiError::NotFound("certificate"))
}

pub async fn load(db: &PgPool, id: i64) -> ApiResult<Option<Verification>> {
    // One round trip: the supersede chains come along as arrays.
    let Some(c) = sqlx::query!(
        r#"SELECT c.id AS "id!", c.kind AS "kind!", c.status AS "status!", c.revocation_reason,
                  c.revoked_at, c.issued_at AS "issued_at!", c.expires_at,
                  c.content_hash AS "content_hash!", c.issuer AS "issuer!", c.holder AS "holder!",
                  i.account IS NOT NULL AS "registered!", i.suspended_at IS NOT NULL AS "suspended!",
                  o.id AS "organization_id?", o.name AS "organization_name?",
                  a.handle AS "handle?", d.document AS "document?",
                  ARRAY(WITH RECURSIVE back(id, depth) AS (
                            SELECT c.supersedes, 1 WHERE c.supersedes IS NOT NULL
                            UNION ALL
                            SELECT p.supersedes, b.depth + 1 FROM certificates p JOIN back b ON p.id = b.id
                            WHERE p.supersedes IS NOT NULL AND b.depth < 100)
                        SELECT id FROM back ORDER BY depth) AS "supersedes!: Vec<i64>",
                  ARRAY(WITH RECURSIVE forward(id, depth) AS (
                            SELECT c.superseded_by, 1 WHERE c.superseded_by IS NOT NULL
                            UNION ALL
                            SELECT n.superseded_by, f.depth + 1 FROM certificates n JOIN forward f ON n.id = f.id
                            WHERE n.superseded_by IS NOT NULL AND f.depth < 100)
                        SELECT id FROM forward ORDER BY depth) AS "superseded_by!: Vec<i64>"
           FROM certificate_status c
           LEFT JOIN issuers i ON i.account = c.issuer
           LEFT JOIN organizations o ON o.issuer_account = c.issuer
           LEFT JOIN wallets w ON w.address = c.holder
           LEFT JOIN accounts a ON a.id = w.account_id
           LEFT JOIN certificate_documents d ON d.content_hash = c.content_hash
           WHERE c.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let chain =
        |ids: &[i64]| -> Vec<u64> { ids.iter().filter_map(|n| u64::try_from(*n).ok()).collect() };
    let address = |bytes: &[u8]| {
        Address::from_bytes(bytes)
            .map(|a| a.ss58())
            .unwrap_or_default()
    };
    let document_matches = c
        .document
        .as_ref()
        .map(|d| content_hash(d)[..] == c.content_hash[..]);
    Ok(Some(Verification {
        id: u64::try_from(c.id).unwrap_or_default(),
        kind: c.kind,
        status: c.status,
        revocation_reason: c.revocation_reason,
        revoked_at: c.revoked_at,
        issued_at: c.issued_at,
        expires_at: c.expires_at,
        issuer: IssuerView {
            address: address(&c.issuer),
            organization_id: c.organization_id,
            organization_name: c.organization_name,
            verified: c.registered && !c.suspended,
            suspended: c.suspended,
        },
        holder: HolderView {
            address: address(&c.holder),
            handle: c.handle,
        },
        supersedes: chain(&c.supersedes),
        superseded_by: chain(&c.superseded_by),
        content_hash: iktomi_chain::hex0x(&c.content_hash),
        document_matches,
        document: c.document,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HeldCertificate {
    pub id: u64,
    pub kind: String,
    pub status: String,
    pub issued_at: DateTime<Utc>,
    pub issuer_name: Option<String>,
    pub title: Option<String>,
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

/// What a person holds in any of their wallets, newest first.
pub async fn held_by(db: &PgPool, account: Uuid) -> ApiResult<Vec<HeldCertificate>> {
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!", c.kind AS "kind!", c.status AS "status!", c.issued_at AS "issued_at!",
                  o.name AS "issuer_name?", d.document->>'name' AS title
           FROM wallets w
           JOIN certificate_status c ON c.holder = w.address
           LEFT JOIN organizations o ON o.issuer_account = c.issuer
           LEFT JOIN certificate_documents d ON d.content_hash = c.content_hash
           WHERE w.account_id = $1
           ORDER BY c.id DESC LIMIT 500"#,
        account
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| HeldCertificate {
            id: u64::try_from(r.id).unwrap_or_default(),
            kind: r.kind,
            status: r.status,
            issued_at: r.issued_at,
            issuer_name: r.issuer_name,
            title: r.title,
        })
        .collect())
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
fn open_jwt(state: &AppState, jwt: &str) -> ApiResult<(Value, bool)> {
    let (_, payload) = signing::decode(jwt).map_err(|e| ApiError::invalid("jwt", e.to_string()))?;
    let Some(organization) = issuing_organization(state, &payload) else {
        return Ok((payload, false));
    };
    let key = IssuerKey::of(&state.master_key, &state.settings.public_url, organization);
    match signing::verify(jwt, &key.public()) {
        Ok(payload) => Ok((payload, true)),
        Err(signing::JwsError::BadSignature) => Ok((payload, false)),
        Err(e) => Err(ApiError::invalid("jwt", e.to_string())),
    }
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
            let (document, valid) = open_jwt(&state, jwt)?;
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
