//! Verified status: an organization's admin asks with evidence; a platform operator approves
//! (registering the organization's wallet as an issuer on chain) or rejects.
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path, Query};
use crate::http::pagination::{self, Page};
use crate::organizations::membership::{self, Role};
use crate::organizations::operator::require_operator;
use crate::organizations::organization::{self, Organization};
use crate::state::AppState;
use crate::wallets::custodial::{custodial_wallet, Owner};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_verification, organization_requests))
        .routes(routes!(pending_requests))
        .routes(routes!(approve))
        .routes(routes!(reject))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Document {
    /// Where the operator can read the document.
    pub url: String,
    /// SHA-256 of the document, hex: binds the evidence to what the operator saw.
    pub sha256: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VerificationInput {
    /// The organization's web domain (`example.com`).
    pub web_domain: String,
    #[serde(default)]
    pub documents: Vec<Document>,
    /// Issue from this wallet instead of a custodial one: the SS58 address of an external wallet
    /// bound to you. The API then prepares issuing calls for it to sign.
    pub issuer_address: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationRequest {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub web_domain: String,
    pub documents: Vec<Document>,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Hex hash of the block that registered the issuer.
    pub chain_block: Option<String>,
    /// The external wallet to register as the issuer; a custodial one when absent.
    pub issuer_address: Option<String>,
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

struct Row {
    id: Uuid,
    organization_id: Uuid,
    web_domain: String,
    documents: sqlx::types::Json<Vec<Document>>,
    status: String,
    reason: Option<String>,
    created_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
    chain_block: Option<Vec<u8>>,
    issuer_address: Option<Vec<u8>>,
}

impl From<Row> for VerificationRequest {
    fn from(r: Row) -> Self {
        Self {
            id: r.id,
            organization_id: r.organization_id,
            web_domain: r.web_domain,
            documents: r.documents.0,
            status: r.status,
            reason: r.reason,
            created_at: r.created_at,
            decided_at: r.decided_at,
            chain_block: r.chain_block.map(iktomi_chain::hex0x),
            issuer_address: r
                .issuer_address
                .as_deref()
                .and_then(Address::from_bytes)
                .map(|a| a.ss58()),
        }
    }
}

async fn load(db: impl sqlx::PgExecutor<'_>, id: Uuid) -> ApiResult<VerificationRequest> {
    sqlx::query_as!(
        Row,
        r#"SELECT id, organization_id, web_domain, documents AS "documents: sqlx::types::Json<Vec<Document>>",
                  status::text AS "status!", reason, created_at, decided_at, chain_block, issuer_address
           FROM verification_requests WHERE id = $1"#,
        id
    )
    .fetch_optional(db)
        .await?
        .map(Into::into)
        .ok_or(ApiError::NotFound("verification request"))
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
    let mut c = Checks::default();
    let domain = body.web_domain.trim().to_ascii_lowercase();
    c.check(valid_domain(&domain), "web_domain", "is not a domain name");
    c.check(body.documents.len() <= 20, "documents", "at most 20");
    for (i, d) in body.documents.iter().enumerate() {
        let url_ok = url::Url::parse(&d.url).is_ok_and(|u| matches!(u.scheme(), "https" | "http"));
        c.check(
            url_ok && d.url.len() <= 500,
            format!("documents[{i}].url"),
            "must be an http(s) URL",
        );
        let hash_ok = d.sha256.len() == 64 && d.sha256.chars().all(|ch| ch.is_ascii_hexdigit());
        c.check(
            hash_ok,
            format!("documents[{i}].sha256"),
            "must be 64 hex characters",
        );
    }
    let issuer_address = body.issuer_address.as_deref().map(Address::parse);
    c.check(
        !matches!(issuer_address, Some(None)),
        "issuer_address",
        "is not an SS58 address",
    );
    c.finish()?;
    let issuer_address = issuer_address.flatten();
    if let Some(address) = &issuer_address {
        let bound = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM wallets WHERE address = $1 AND account_id = $2
                              AND kind = 'external') AS "bound!""#,
            &address.0[..],
            session.account_id
        )
        .fetch_one(&state.db)
        .await?;
        if !bound {
            return Err(ApiError::invalid(
                "issuer_address",
                "must be an external wallet bound to you (sign in with it first)",
            ));
        }
    }
    if organization::fetch(&state.db, organization)
        .await?
        .issuer_address
        .is_some()
    {
        return Err(ApiError::conflict(
            "already-verified",
            "this organization is already verified",
        ));
    }
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO verification_requests (id, organization_id, requested_by, web_domain, documents,
                                            issuer_address)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        organization,
        session.account_id,
        domain,
        serde_json::to_value(&body.documents).map_err(anyhow::Error::from)?,
        issuer_address.as_ref().map(|a| &a.0[..]),
    )
    .execute(&state.db)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.constraint() == Some("verification_requests_one_pending") => {
            ApiError::conflict("verification-pending", "a request is already waiting for a decision")
        }
        other => other.into(),
    })?;
    Ok((StatusCode::CREATED, axum::Json(load(&state.db, id).await?)))
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
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT id, organization_id, web_domain, documents AS "documents: sqlx::types::Json<Vec<Document>>",
                  status::text AS "status!", reason, created_at, decided_at, chain_block, issuer_address
           FROM verification_requests
           WHERE organization_id = $1 ORDER BY created_at DESC, id"#,
        organization
    )
    .fetch_all(&state.db)
    .await?;
    Ok(axum::Json(rows.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct QueueQuery {
    pub cursor: Option<String>,
    /// 1–100, default 20.
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
    require_operator(&state, session.account_id).await?;
    let limit = pagination::limit(query.limit)?;
    let after = pagination::after(query.cursor.as_deref())?;
    let (after_at, after_id) = match after.split_once('\n') {
        Some((at, id)) => (
            DateTime::parse_from_rfc3339(at)
                .map(|t| t.with_timezone(&Utc))
                .ok(),
            id.parse::<Uuid>().ok(),
        ),
        None => (Some(DateTime::<Utc>::UNIX_EPOCH), Some(Uuid::nil())),
    };
    let (Some(after_at), Some(after_id)) = (after_at, after_id) else {
        return Err(ApiError::invalid(
            "cursor",
            "is not a cursor this API returned",
        ));
    };
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT id, organization_id, web_domain, documents AS "documents: sqlx::types::Json<Vec<Document>>",
                  status::text AS "status!", reason, created_at, decided_at, chain_block, issuer_address
           FROM verification_requests
           WHERE status = 'pending' AND (created_at, id) > ($1, $2)
           ORDER BY created_at, id LIMIT $3"#,
        after_at,
        after_id,
        limit + 1
    )
    .fetch_all(&state.db)
    .await?;
    let rows: Vec<VerificationRequest> = rows.into_iter().map(Into::into).collect();
    Ok(axum::Json(Page::from_rows(rows, limit, |r| {
        format!("{}\n{}", r.created_at.to_rfc3339(), r.id)
    })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Decision {
    pub request: VerificationRequest,
    pub organization: Organization,
}

/// Approve: registers the organization's wallet as an issuer on chain with the operator's key.
/// The organization shows `verified` once the indexer has mirrored the registration.
#[utoipa::path(post, path = "/v1/verification-requests/{id}/approve", tag = "verification",
    security(("session" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Decision), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 502, body = Problem),
              (status = 503, body = Problem)))]
async fn approve(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Decision>> {
    require_operator(&state, session.account_id).await?;
    let registry = state
        .registry
        .clone()
        .ok_or(ApiError::Unavailable("no chain deployment is configured"))?;
    let request = load(&state.db, id).await?;
    if request.status != "pending" {
        return Err(ApiError::conflict(
            "not-pending",
            "this request was already decided",
        ));
    }
    let organization = organization::fetch(&state.db, request.organization_id).await?;
    // The organization's own wallet when it named one; else a custodial wallet, committed before
    // the chain call so a retry after a failure reuses the same address.
    let issuer = match request.issuer_address.as_deref().and_then(Address::parse) {
        Some(external) => external,
        None => custodial_wallet(&state, Owner::Organization(organization.id)).await?,
    };
    let metadata = serde_json::json!({
        "organization_id": organization.id,
        "name": organization.name,
        "web_domain": request.web_domain,
        "documents": request.documents,
    });
    let metadata_hash: [u8; 32] = Sha256::digest(metadata.to_string().as_bytes()).into();
    let mut tx = state.db.begin().await?;
    let still_pending = sqlx::query_scalar!(
        r#"SELECT status = 'pending' AS "p!" FROM verification_requests WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_one(&mut *tx)
    .await?;
    if !still_pending {
        return Err(ApiError::conflict(
            "not-pending",
            "this request was already decided",
        ));
    }
    let block = registry
        .register(issuer.0, *organization.id.as_bytes(), metadata_hash)
        .await?;
    sqlx::query!(
        "UPDATE verification_requests SET status = 'approved', decided_by = $2, decided_at = now(),
             metadata_hash = $3, chain_block = $4 WHERE id = $1",
        id,
        session.account_id,
        &metadata_hash[..],
        &block[..],
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE organizations SET issuer_account = $2 WHERE id = $1",
        organization.id,
        &issuer.0[..],
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(request = %id, organization = %organization.id, issuer = %issuer.ss58(), "issuer registered");
    Ok(axum::Json(Decision {
        request: load(&state.db, id).await?,
        organization: organization::fetch(&state.db, organization.id).await?,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Rejection {
    pub reason: String,
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
    require_operator(&state, session.account_id).await?;
    let mut c = Checks::default();
    c.text(&body.reason, "reason", 1, 1000);
    c.finish()?;
    let exists = load(&state.db, id).await?;
    let updated = sqlx::query!(
        "UPDATE verification_requests SET status = 'rejected', decided_by = $2, decided_at = now(),
             reason = $3 WHERE id = $1 AND status = 'pending'",
        id,
        session.account_id,
        body.reason.trim(),
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(ApiError::conflict(
            "not-pending",
            format!("this request is already {}", exists.status),
        ));
    }
    Ok(axum::Json(load(&state.db, id).await?))
}
