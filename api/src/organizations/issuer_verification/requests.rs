//! Verification requests: what an organization's admin submits (web domain, documents, optionally
//! its own wallet), checked and stored, and how requests are read — by the organization, and as
//! the operators' queue of pending ones.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult, Checks};
use crate::http::pagination::{self, Page};
use crate::organizations::organization;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = EvidenceDocument)]
pub struct Document {
    /// Where the operator can read the document.
    pub url: String,
    /// SHA-256 of the document, hex: binds the evidence to what the operator saw.
    pub sha256: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VerificationInput {
    /// The organization's web domain (`example.com`).
    #[schema(
        pattern = r"^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$",
        max_length = 253
    )]
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

impl VerificationInput {
    /// The normalized domain and the parsed issuer address, or 422 with every problem.
    fn check(&self) -> ApiResult<(String, Option<Address>)> {
        let mut c = Checks::default();
        let domain = self.web_domain.trim().to_ascii_lowercase();
        c.check(valid_domain(&domain), "web_domain", "is not a domain name");
        c.check(self.documents.len() <= 20, "documents", "at most 20");
        for (i, d) in self.documents.iter().enumerate() {
            let url_ok =
                url::Url::parse(&d.url).is_ok_and(|u| matches!(u.scheme(), "https" | "http"));
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
        let issuer_address = self.issuer_address.as_deref().map(Address::parse);
        c.check(
            !matches!(issuer_address, Some(None)),
            "issuer_address",
            "is not an SS58 address",
        );
        c.finish()?;
        Ok((domain, issuer_address.flatten()))
    }
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

pub async fn load(db: impl sqlx::PgExecutor<'_>, id: Uuid) -> ApiResult<VerificationRequest> {
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

/// 422 unless `address` is an external wallet bound to `account`.
async fn require_bound(db: &PgPool, account: Uuid, address: &Address) -> ApiResult<()> {
    let bound = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM wallets WHERE address = $1 AND account_id = $2
                          AND kind = 'external') AS "bound!""#,
        &address.0[..],
        account
    )
    .fetch_one(db)
    .await?;
    if !bound {
        return Err(ApiError::invalid(
            "issuer_address",
            "must be an external wallet bound to you (sign in with it first)",
        ));
    }
    Ok(())
}

/// Submits `body` for `organization` as its admin `account`; one request waits at a time.
pub async fn submit(
    db: &PgPool,
    organization: Uuid,
    account: Uuid,
    body: &VerificationInput,
) -> ApiResult<VerificationRequest> {
    let (domain, issuer_address) = body.check()?;
    if let Some(address) = &issuer_address {
        require_bound(db, account, address).await?;
    }
    if organization::fetch(db, organization)
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
        account,
        domain,
        serde_json::to_value(&body.documents).map_err(anyhow::Error::from)?,
        issuer_address.as_ref().map(|a| &a.0[..]),
    )
    .execute(db)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.constraint() == Some("verification_requests_one_pending") => {
            ApiError::conflict("verification-pending", "a request is already waiting for a decision")
        }
        other => other.into(),
    })?;
    load(db, id).await
}

/// The organization's requests, newest first.
pub async fn of_organization(
    db: &PgPool,
    organization: Uuid,
) -> ApiResult<Vec<VerificationRequest>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT id, organization_id, web_domain, documents AS "documents: sqlx::types::Json<Vec<Document>>",
                  status::text AS "status!", reason, created_at, decided_at, chain_block, issuer_address
           FROM verification_requests
           WHERE organization_id = $1 ORDER BY created_at DESC, id"#,
        organization
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The (created_at, id) a queue page starts after; the very start without a cursor.
fn queue_position(cursor: Option<&str>) -> ApiResult<(DateTime<Utc>, Uuid)> {
    let after = pagination::after(cursor)?;
    let (after_at, after_id) = match after.split_once('\n') {
        Some((at, id)) => (
            DateTime::parse_from_rfc3339(at)
                .map(|t| t.with_timezone(&Utc))
                .ok(),
            id.parse::<Uuid>().ok(),
        ),
        None => (Some(DateTime::<Utc>::UNIX_EPOCH), Some(Uuid::nil())),
    };
    match (after_at, after_id) {
        (Some(at), Some(id)) => Ok((at, id)),
        _ => Err(ApiError::invalid(
            "cursor",
            "is not a cursor this API returned",
        )),
    }
}

/// Requests waiting for a decision, oldest first; a page of `limit` after `cursor`.
pub async fn pending(
    db: &PgPool,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> ApiResult<Page<VerificationRequest>> {
    let limit = pagination::limit(limit)?;
    let (after_at, after_id) = queue_position(cursor)?;
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
    .fetch_all(db)
    .await?;
    let rows: Vec<VerificationRequest> = rows.into_iter().map(Into::into).collect();
    Ok(Page::from_rows(rows, limit, |r| {
        format!("{}\n{}", r.created_at.to_rfc3339(), r.id)
    }))
}
