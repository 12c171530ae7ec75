//! Artifacts: a person uploads a scan or a PDF and asks a verified organization to verify it;
//! the organization confirms by issuing a certificate whose evidence names the file's SHA-256
//! (an RFC 6920 `ni:` URI, inside the hashed credential), or rejects with a reason. Until then an
//! upload is labelled unverified. Files are private: their owner and the organizations asked
//! to review them read them.
use axum::body::Body;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgPool;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::artifact_store::{self, declared_type};
use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{issuer, submit_issue, Issue, IssuedCertificate};
use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path, Query};
use crate::http::idempotency::IdempotencyKey;
use crate::organizations::membership::{self, Role};
use crate::organizations::organization;
use crate::state::AppState;
use crate::wallets::custodial::holder_address;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload, mine))
        .routes(routes!(file))
        .routes(routes!(ask_review))
        .routes(routes!(reviews_of_organization))
        .routes(routes!(confirm))
        .routes(routes!(reject))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct UploadQuery {
    /// What the file is ("BSc diploma scan").
    pub title: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Review {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    /// pending, confirmed or rejected.
    pub status: String,
    pub note: Option<String>,
    pub reason: Option<String>,
    pub certificate_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Artifact {
    pub id: Uuid,
    pub owner: String,
    pub title: String,
    pub media_type: String,
    pub size_bytes: i64,
    /// SHA-256 of the file.
    pub content_hash: String,
    /// `verified` once an organization confirmed it with a certificate, else `unverified`.
    pub label: String,
    pub reviews: Vec<Review>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReviewRequest {
    pub organization_id: Uuid,
    /// A note to the organization.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Confirmation {
    pub kind: CertificateKind,
    #[serde(flatten)]
    pub document: Document,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Rejection {
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewedArtifact {
    pub review: Review,
    pub artifact: Artifact,
}

async fn load(db: &PgPool, artifact: Uuid) -> ApiResult<Artifact> {
    let a = sqlx::query!(
        r#"SELECT a.id, h.handle, a.title, a.media_type, a.size_bytes, a.content_hash, a.created_at
           FROM artifacts a JOIN accounts h ON h.id = a.account_id WHERE a.id = $1"#,
        artifact
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("artifact"))?;
    let reviews = reviews(db, Some(artifact), None).await?;
    let verified = reviews.iter().any(|r| r.status == "confirmed");
    Ok(Artifact {
        id: a.id,
        owner: a.handle,
        title: a.title,
        media_type: a.media_type,
        size_bytes: a.size_bytes,
        content_hash: iktomi_chain::hex0x(&a.content_hash),
        label: if verified { "verified" } else { "unverified" }.to_owned(),
        reviews,
        created_at: a.created_at,
    })
}

/// Upload a scan or a PDF (the raw file as the body, with its Content-Type).
#[utoipa::path(post, path = "/v1/me/artifacts", tag = "artifacts", security(("session" = [])),
    params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/pdf", description = "A PDF, PNG or JPEG file"),
    responses((status = 201, body = Artifact), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 413, body = Problem), (status = 422, body = Problem)))]
async fn upload(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, axum::Json<Artifact>)> {
    let mut c = Checks::default();
    c.text(&query.title, "title", 1, 200);
    c.finish()?;
    let media_type = declared_type(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
    )?;
    let settings = &state.settings.artifacts;
    let stored = artifact_store::store(&settings.dir, media_type, body, settings.max_bytes).await?;
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO artifacts (id, account_id, content_hash, media_type, size_bytes, title)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        session.account_id,
        &stored.hash[..],
        stored.media_type,
        stored.size as i64,
        query.title.trim(),
    )
    .execute(&state.db)
    .await?;
    tracing::info!(%id, size = stored.size, media_type, "artifact uploaded");
    Ok((StatusCode::CREATED, axum::Json(load(&state.db, id).await?)))
}

/// Your uploads with their labels and reviews.
#[utoipa::path(get, path = "/v1/me/artifacts", tag = "artifacts", security(("session" = [])),
    responses((status = 200, body = Vec<Artifact>), (status = 401, body = Problem)))]
async fn mine(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Artifact>>> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM artifacts WHERE account_id = $1 ORDER BY created_at DESC LIMIT 200",
        session.account_id
    )
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(load(&state.db, id).await?);
    }
    Ok(axum::Json(out))
}

/// Whether `account` may read the artifact: its owner, or a manager of an organization asked to
/// review it.
async fn may_read(db: &PgPool, artifact: Uuid, account: Uuid) -> ApiResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM artifacts WHERE id = $1 AND account_id = $2)
               OR EXISTS (SELECT 1 FROM artifact_reviews r
                          JOIN memberships m ON m.organization_id = r.organization_id
                          WHERE r.artifact_id = $1 AND m.account_id = $2
                            AND m.accepted_at IS NOT NULL AND m.role IN ('manager', 'admin'))
           AS "ok!""#,
        artifact,
        account
    )
    .fetch_one(db)
    .await?)
}

/// The file itself, for its owner and for the organizations asked to review it.
#[utoipa::path(get, path = "/v1/artifacts/{id}/file", tag = "artifacts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "The file, with its type"), (status = 401, body = Problem),
              (status = 404, body = Problem)))]
async fn file(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    // Somebody else's file answers as a missing one: ids do not leak.
    if !may_read(&state.db, id, session.account_id).await? {
        return Err(ApiError::NotFound("artifact"));
    }
    let a = sqlx::query!(
        "SELECT content_hash, media_type FROM artifacts WHERE id = $1",
        id
    )
    .fetch_one(&state.db)
    .await?;
    let hash = artifact_store::stored_hash(a.content_hash)?;
    artifact_store::serve(&state.settings.artifacts.dir, &hash, &a.media_type).await
}

/// Ask a verified organization to verify an upload.
#[utoipa::path(post, path = "/v1/me/artifacts/{id}/reviews", tag = "artifacts", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = ReviewRequest,
    responses((status = 201, body = Artifact), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn ask_review(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<ReviewRequest>,
) -> ApiResult<(StatusCode, axum::Json<Artifact>)> {
    if let Some(note) = &body.note {
        let mut c = Checks::default();
        c.text(note, "note", 0, 1000);
        c.finish()?;
    }
    let owned = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM artifacts WHERE id = $1 AND account_id = $2) AS "owned!""#,
        id,
        session.account_id
    )
    .fetch_one(&state.db)
    .await?;
    if !owned {
        return Err(ApiError::NotFound("artifact"));
    }
    let org = organization::fetch(&state.db, body.organization_id).await?;
    if org.issuer_address.is_none() {
        return Err(ApiError::conflict(
            "not-an-issuer",
            "only a verified organization verifies documents",
        ));
    }
    let inserted = sqlx::query!(
        "INSERT INTO artifact_reviews (id, artifact_id, organization_id, note)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        Uuid::new_v4(),
        id,
        body.organization_id,
        body.note,
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::conflict(
            "already-asked",
            "this organization already has this upload to review",
        ));
    }
    Ok((StatusCode::CREATED, axum::Json(load(&state.db, id).await?)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReviewQuery {
    /// pending (default), confirmed or rejected.
    pub status: Option<String>,
}

/// Uploads people asked this organization to verify (its managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/artifact-reviews", tag = "artifacts", security(("session" = [])),
    params(("id" = Uuid, Path), ReviewQuery),
    responses((status = 200, body = Vec<ReviewedArtifact>), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn reviews_of_organization(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Query(query): Query<ReviewQuery>,
) -> ApiResult<axum::Json<Vec<ReviewedArtifact>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    let status = query.status.unwrap_or_else(|| "pending".into());
    if !["pending", "confirmed", "rejected"].contains(&status.as_str()) {
        return Err(ApiError::invalid(
            "status",
            "pending, confirmed or rejected",
        ));
    }
    let rows = sqlx::query!(
        "SELECT id, artifact_id FROM artifact_reviews
         WHERE organization_id = $1 AND status::text = $2 ORDER BY created_at LIMIT 200",
        organization,
        status
    )
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(ReviewedArtifact {
            review: review(&state.db, row.id).await?,
            artifact: load(&state.db, row.artifact_id).await?,
        });
    }
    Ok(axum::Json(out))
}

/// Reviews of one artifact, or one review.
async fn reviews(
    db: &PgPool,
    artifact: Option<Uuid>,
    review: Option<Uuid>,
) -> ApiResult<Vec<Review>> {
    Ok(sqlx::query_as!(
        Review,
        r#"SELECT r.id, r.organization_id, o.name AS organization_name, r.status::text AS "status!",
                  r.note, r.reason, r.certificate_id, r.created_at
           FROM artifact_reviews r JOIN organizations o ON o.id = r.organization_id
           WHERE ($1::uuid IS NULL OR r.artifact_id = $1) AND ($2::uuid IS NULL OR r.id = $2)
           ORDER BY r.created_at"#,
        artifact,
        review
    )
    .fetch_all(db)
    .await?)
}

async fn review(db: &PgPool, id: Uuid) -> ApiResult<Review> {
    reviews(db, None, Some(id))
        .await?
        .pop()
        .ok_or(ApiError::NotFound("review"))
}

/// The review's artifact and its owner, while it waits for this organization.
async fn pending_review(
    db: &PgPool,
    organization: Uuid,
    review: Uuid,
) -> ApiResult<(Uuid, Uuid, [u8; 32], String, String)> {
    let row = sqlx::query!(
        r#"SELECT r.status::text AS "status!", a.id, a.account_id, a.content_hash, a.title, a.media_type
           FROM artifact_reviews r JOIN artifacts a ON a.id = r.artifact_id
           WHERE r.id = $1 AND r.organization_id = $2"#,
        review,
        organization
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("review"))?;
    if row.status != "pending" {
        return Err(ApiError::conflict(
            "not-pending",
            "this review was already decided",
        ));
    }
    let hash = artifact_store::stored_hash(row.content_hash)?;
    Ok((row.id, row.account_id, hash, row.title, row.media_type))
}

/// Confirm an upload: issue a certificate to its owner whose evidence is the file's hash.
#[utoipa::path(post, path = "/v1/organizations/{id}/artifact-reviews/{review}/confirm", tag = "artifacts",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("review" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    request_body = Confirmation,
    responses((status = 201, body = IssuedCertificate), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn confirm(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, review)): Path<(Uuid, Uuid)>,
    key: IdempotencyKey,
    Json(body): Json<Confirmation>,
) -> ApiResult<Response> {
    let route = format!("confirm artifact {organization} {review}");
    key.once(session.account_id, route, &body).created(async {
            let mut c = Checks::default();
            body.document
                .check(&mut c, body.kind == CertificateKind::Employment);
            c.finish()?;
            let issuer = issuer(&state, organization, session.account_id).await?;
            let (artifact, owner, hash, title, media_type) =
                pending_review(&state.db, organization, review).await?;
            let evidence = json!({
                "id": format!("ni:///sha-256;{}", URL_SAFE_NO_PAD.encode(hash)),
                "type": ["Evidence"],
                "name": title,
                "genre": media_type,
                "description": format!("SHA-256 {}", hex::encode(hash)),
            });
            let holder = holder_address(&state, owner).await?;
            let issued = submit_issue(
                &state,
                Issue {
                    organization,
                    issuer: &issuer,
                    holder_account: Some(owner),
                    holder,
                    kind: body.kind,
                    document: &body.document,
                    supersedes: None,
                    evidence: Some(evidence),
                },
            )
            .await?;
            sqlx::query!(
                "UPDATE artifact_reviews SET status = 'confirmed', certificate_id = $2, decided_at = now()
                 WHERE id = $1",
                review,
                issued.id as i64
            )
            .execute(&state.db)
            .await?;
            tracing::info!(%artifact, %review, certificate = issued.id, "artifact confirmed");
            Ok(issued)
        },
    )
    .await
}

/// Reject an upload with a reason its owner sees.
#[utoipa::path(post, path = "/v1/organizations/{id}/artifact-reviews/{review}/reject", tag = "artifacts",
    security(("session" = [])), params(("id" = Uuid, Path), ("review" = Uuid, Path)),
    request_body = Rejection,
    responses((status = 200, body = Review), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn reject(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, review)): Path<(Uuid, Uuid)>,
    Json(body): Json<Rejection>,
) -> ApiResult<axum::Json<Review>> {
    let mut c = Checks::default();
    c.text(&body.reason, "reason", 1, 1000);
    c.finish()?;
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    pending_review(&state.db, organization, review).await?;
    sqlx::query!(
        "UPDATE artifact_reviews SET status = 'rejected', reason = $2, decided_at = now()
         WHERE id = $1",
        review,
        body.reason.trim()
    )
    .execute(&state.db)
    .await?;
    Ok(axum::Json(self::review(&state.db, review).await?))
}
