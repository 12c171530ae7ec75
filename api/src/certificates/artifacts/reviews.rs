//! Reviews of uploads: a person asks a verified organization to verify one; its managers list
//! what waits, confirm by issuing a certificate whose evidence is the file's hash, or reject.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::certificates::artifact_store;
use crate::certificates::artifacts::records::{self, Artifact, Review};
use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{issuer, submit_issue, Issue, IssuedCertificate};
use crate::http::error::{ApiError, ApiResult, Checks};
use crate::notifications::notify::{self, Kind};
use crate::operations::Queued;
use crate::organizations::membership::{self, Role};
use crate::organizations::organization;
use crate::state::AppState;
use crate::wallets::custodial::holder_address;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReviewRequest {
    pub organization_id: Uuid,
    /// A note to the organization.
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Confirmation {
    pub kind: CertificateKind,
    #[serde(flatten)]
    pub document: Document,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = ArtifactRejection)]
pub struct Rejection {
    #[schema(pattern = r"\S", max_length = 1000)]
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewedArtifact {
    pub review: Review,
    pub artifact: Artifact,
}

async fn one(db: &PgPool, id: Uuid) -> ApiResult<Review> {
    records::list(db, None, Some(id))
        .await?
        .pop()
        .ok_or(ApiError::NotFound("review"))
}

/// Asks a verified organization to verify `account`'s upload `artifact`.
pub async fn ask(
    state: &AppState,
    account: Uuid,
    artifact: Uuid,
    body: &ReviewRequest,
) -> ApiResult<Artifact> {
    if let Some(note) = &body.note {
        let mut c = Checks::default();
        c.text(note, "note", 0, 1000);
        c.finish()?;
    }
    if !records::is_owner(&state.db, artifact, account).await? {
        return Err(ApiError::NotFound("artifact"));
    }
    let org = organization::fetch(&state.db, body.organization_id).await?;
    if org.issuer_address.is_none() {
        return Err(ApiError::conflict(
            "not-an-issuer",
            "only a verified organization verifies documents",
        ));
    }
    let mut tx = state.db.begin().await?;
    let review = Uuid::new_v4();
    let inserted = sqlx::query!(
        "INSERT INTO artifact_reviews (id, artifact_id, organization_id, note)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        review,
        artifact,
        body.organization_id,
        body.note,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::conflict(
            "already-asked",
            "this organization already has this upload to review",
        ));
    }
    let title = sqlx::query_scalar!("SELECT title FROM artifacts WHERE id = $1", artifact)
        .fetch_one(&mut *tx)
        .await?;
    let from = notify::person_name(&mut tx, account).await?;
    notify::push_to_members(
        &mut tx,
        org.id,
        &["manager", "admin"],
        Some(account),
        Kind::ArtifactReviewRequested,
        json!({"review_id": review, "organization_id": org.id, "organization": org.name,
               "from": from, "title": title}),
    )
    .await?;
    tx.commit().await?;
    records::load(&state.db, artifact).await
}

/// Where a review stands, as a filter of an organization's list.
#[derive(Debug, Clone, Copy, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    #[default]
    Pending,
    Confirmed,
    Rejected,
}

impl ReviewState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Rejected => "rejected",
        }
    }
}

/// The uploads asked of `organization` whose review has `status`.
pub async fn of_organization(
    db: &PgPool,
    organization: Uuid,
    status: ReviewState,
) -> ApiResult<Vec<ReviewedArtifact>> {
    let status = status.as_str();
    let rows = sqlx::query!(
        "SELECT id, artifact_id FROM artifact_reviews
         WHERE organization_id = $1 AND status::text = $2 ORDER BY created_at LIMIT 200",
        organization,
        status
    )
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(ReviewedArtifact {
            review: one(db, row.id).await?,
            artifact: records::load(db, row.artifact_id).await?,
        });
    }
    Ok(out)
}

/// A review waiting for its organization, with the upload it is about.
struct Pending {
    artifact: Uuid,
    owner: Uuid,
    hash: [u8; 32],
    title: String,
    media_type: String,
}

async fn pending(db: &PgPool, organization: Uuid, review: Uuid) -> ApiResult<Pending> {
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
    Ok(Pending {
        artifact: row.id,
        owner: row.account_id,
        hash: artifact_store::stored_hash(row.content_hash)?,
        title: row.title,
        media_type: row.media_type,
    })
}

/// The OB 3.0 `Evidence` entry naming the file by its hash (RFC 6920 `ni:` URI).
fn file_evidence(upload: &Pending) -> Value {
    json!({
        "id": format!("ni:///sha-256;{}", URL_SAFE_NO_PAD.encode(upload.hash)),
        "type": ["Evidence"],
        "name": upload.title,
        "genre": upload.media_type,
        "description": format!("SHA-256 {}", hex::encode(upload.hash)),
    })
}

/// Confirms a pending review: issues `body` to the upload's owner with the file as evidence.
pub async fn confirm(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    review: Uuid,
    body: &Confirmation,
) -> ApiResult<Queued> {
    let mut c = Checks::default();
    body.document
        .check(&mut c, body.kind == CertificateKind::Employment);
    c.finish()?;
    let issuer = issuer(state, organization, account).await?;
    let upload = pending(&state.db, organization, review).await?;
    let evidence = file_evidence(&upload);
    let holder = holder_address(state, upload.owner).await?;
    submit_issue(
        state,
        Issue {
            organization,
            issuer: &issuer,
            holder_account: Some(upload.owner),
            holder,
            kind: body.kind,
            document: &body.document,
            supersedes: None,
            evidence: Some(evidence),
            by: Some(account),
            then: Some(serde_json::json!({
                "kind": CONFIRMED,
                "review": review,
                "artifact": upload.artifact,
            })),
            claim: Some(format!("review:{review}")),
        },
    )
    .await
}

pub const CONFIRMED: &str = "artifact.confirmed";

/// The certificate is on chain: the review is confirmed with it.
pub async fn confirmed(
    conn: &mut sqlx::PgConnection,
    then: &Value,
    issued: &IssuedCertificate,
) -> ApiResult<()> {
    let review = then["review"]
        .as_str()
        .and_then(|s| s.parse::<Uuid>().ok())
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("a review follow-up without its id")))?;
    sqlx::query!(
        "UPDATE artifact_reviews SET status = 'confirmed', certificate_id = $2, decided_at = now()
         WHERE id = $1",
        review,
        issued.id as i64
    )
    .execute(conn)
    .await?;
    tracing::info!(%review, artifact = %then["artifact"], certificate = issued.id, "artifact confirmed");
    Ok(())
}

/// Rejects a pending review with a reason its owner sees (managers and admins).
pub async fn reject(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    review: Uuid,
    body: &Rejection,
) -> ApiResult<Review> {
    let mut c = Checks::default();
    c.text(&body.reason, "reason", 1, 1000);
    c.finish()?;
    membership::require(&state.db, organization, account, Role::Manager).await?;
    pending(&state.db, organization, review).await?;
    let rejected = sqlx::query!(
        "UPDATE artifact_reviews SET status = 'rejected', reason = $2, decided_at = now()
         WHERE id = $1 AND status = 'pending'
           AND NOT EXISTS (SELECT 1 FROM chain_claims WHERE subject = 'review:' || $1::text)",
        review,
        body.reason.trim()
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if rejected == 0 {
        // Confirmed meanwhile, or its certificate is being written to the chain.
        return Err(ApiError::conflict(
            "not-pending",
            "this review was already decided",
        ));
    }
    one(&state.db, review).await
}
