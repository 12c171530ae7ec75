//! A holder asks an organization for a certificate (PRODUCT.md scenario 8): the holder proposes
//! the document and signs the on-chain request with their custodial key; the organization's
//! managers approve (the registry issues it as requested) or reject it.
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::certificates::credential::content_hash;
use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{credential_for, issuer, store_document, IssuerInfo};
use crate::chain::Included;
use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::http::idempotency::IdempotencyKey;
use crate::organizations::membership::{self, Role};
use crate::organizations::organization;
use crate::state::AppState;
use crate::wallets::custodial::{holder_address, holder_keypair};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request, my_requests))
        .routes(routes!(organization_requests))
        .routes(routes!(approve))
        .routes(routes!(reject))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewRequest {
    pub organization_id: Uuid,
    pub kind: CertificateKind,
    #[serde(flatten)]
    pub document: Document,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Requested {
    pub request_id: u64,
    pub content_hash: String,
    pub block: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RequestView {
    pub id: u64,
    pub kind: String,
    /// `pending`, `approved`, `rejected` or `cancelled`.
    pub state: String,
    pub holder_handle: Option<String>,
    pub organization_name: Option<String>,
    pub title: Option<String>,
    pub created_at: DateTime<Utc>,
    pub certificate_id: Option<i64>,
    pub reject_code: Option<i32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Approved {
    pub certificate_id: u64,
    pub block: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Rejection {
    /// A reason code the organization's and the holder's apps agree on (0 = unspecified).
    #[serde(default)]
    pub reason_code: u16,
}

/// Ask an organization for a certificate; its managers approve or reject.
#[utoipa::path(post, path = "/v1/me/certificate-requests", tag = "certificates", security(("session" = [])),
    params(("Idempotency-Key" = String, Header)), request_body = NewRequest,
    responses((status = 201, body = Requested), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn request(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    key: IdempotencyKey,
    Json(body): Json<NewRequest>,
) -> ApiResult<Response> {
    key.once(session.account_id, "request", &body)
        .created(async {
            let mut c = Checks::default();
            body.document
                .check(&mut c, body.kind == CertificateKind::Employment);
            c.finish()?;
            let registry = state.chain()?;
            let org = organization::fetch(&state.db, body.organization_id).await?;
            let issuer_address = org
                .issuer_address
                .as_deref()
                .and_then(Address::parse)
                .ok_or_else(|| {
                    ApiError::conflict(
                        "not-an-issuer",
                        "this organization is not verified as an issuer",
                    )
                })?;
            let holder = holder_address(&state, session.account_id).await?;
            let key = holder_keypair(&state, registry, session.account_id, &holder).await?;
            let info = IssuerInfo {
                name: org.name.clone(),
                address: issuer_address,
            };
            let credential =
                credential_for(&state, org.id, &info, &holder, body.kind, &body.document);
            let hash = content_hash(&credential);
            store_document(&state, &hash, org.id, Some(session.account_id), &credential).await?;
            let expires = body
                .document
                .expires_at
                .map(|t| t.timestamp_millis().max(0) as u64);
            let (id, block) = registry
                .request_certificate(&key, issuer_address.0, body.kind.chain(), hash, expires)
                .await?;
            Ok(Requested {
                request_id: id,
                content_hash: iktomi_chain::hex0x(hash),
                block: iktomi_chain::hex0x(block),
            })
        })
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

async fn list(
    state: &AppState,
    holder: Option<Uuid>,
    organization: Option<Uuid>,
) -> ApiResult<Vec<RequestView>> {
    let rows = sqlx::query!(
        r#"SELECT r.id, r.kind, r.state, r.created_at, r.certificate_id, r.reject_code,
                  a.handle AS "handle?", o.name AS "organization_name?", d.document->>'name' AS title
           FROM certificate_requests r
           LEFT JOIN wallets w ON w.address = r.holder
           LEFT JOIN accounts a ON a.id = w.account_id
           LEFT JOIN organizations o ON o.issuer_account = r.issuer
           LEFT JOIN certificate_documents d ON d.content_hash = r.content_hash
           WHERE ($1::uuid IS NULL OR w.account_id = $1) AND ($2::uuid IS NULL OR o.id = $2)
           ORDER BY r.id DESC LIMIT 500"#,
        holder,
        organization,
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RequestView {
            id: u64::try_from(r.id).unwrap_or_default(),
            kind: r.kind,
            state: r.state,
            holder_handle: r.handle,
            organization_name: r.organization_name,
            title: r.title,
            created_at: r.created_at,
            certificate_id: r.certificate_id,
            reject_code: r.reject_code,
        })
        .collect())
}

/// Approve: the registry issues the certificate exactly as requested.
#[utoipa::path(post, path = "/v1/organizations/{id}/certificate-requests/{request}/approve", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path), ("request" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 201, body = Approved), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn approve(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, request)): Path<(Uuid, u64)>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("approve {organization} {request}");
    key.once(session.account_id, route, &())
        .created(async {
            let issuer = issuer(&state, organization, session.account_id).await?;
            let (certificate_id, block) = state
                .chain()?
                .approve_request(issuer.key()?, request)
                .await?;
            Ok(Approved {
                certificate_id,
                block: iktomi_chain::hex0x(block),
            })
        })
        .await
}

/// Reject with a reason code.
#[utoipa::path(post, path = "/v1/organizations/{id}/certificate-requests/{request}/reject", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path), ("request" = u64, Path), ("Idempotency-Key" = String, Header)),
    request_body = Rejection,
    responses((status = 200, body = Included), (status = 401, body = Problem), (status = 403, body = Problem),
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
        .ok(async {
            let issuer = issuer(&state, organization, session.account_id).await?;
            let block = state
                .chain()?
                .reject_request(issuer.key()?, request, body.reason_code)
                .await?;
            Ok(Included {
                block: iktomi_chain::hex0x(block),
            })
        })
        .await
}
