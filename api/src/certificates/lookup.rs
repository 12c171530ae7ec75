//! A certificate as the public sees it, read from the indexer's mirror of finalized blocks:
//! issuer, holder, status, dates, the supersede chain both ways, and whether the stored document
//! still hashes to what the chain holds; and what a person holds.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::certificates::credential::content_hash;
use crate::http::error::ApiResult;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IssuerView {
    pub address: String,
    pub organization_id: Option<Uuid>,
    pub organization_name: Option<String>,
    /// Registered on chain and not suspended.
    pub verified: bool,
    pub suspended: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HolderView {
    pub address: String,
    /// The holder's handle when the holder is a person on this platform.
    pub handle: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
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
    /// Where it stands in its holder's list: `listed`, or `pending` (sent by an organization the
    /// holder has no relationship with, not yet accepted) or `hidden` (set aside by the holder).
    /// A pending or hidden certificate is still genuine; it is not part of the holder's profile.
    pub placement: String,
}

/// A verification and the raw accounts it names (the cache files it under them).
pub struct Fetched {
    pub verification: Verification,
    pub issuer: Vec<u8>,
    pub holder: Vec<u8>,
}

/// Certificate `id` as `GET /v1/verify/{id}` answers it; none when the mirror has no such id.
pub async fn load(db: &PgPool, id: i64) -> ApiResult<Option<Verification>> {
    Ok(fetch(db, id).await?.map(|f| f.verification))
}

/// `load`, with the accounts as stored.
pub async fn fetch(db: &PgPool, id: i64) -> ApiResult<Option<Fetched>> {
    Ok(fetch_many(db, &[id]).await?.pop())
}

/// The ids of the newest certificates below `before`, newest first.
pub async fn newest_ids(db: &PgPool, before: i64, limit: i64) -> ApiResult<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM certificates WHERE id < $1 ORDER BY id DESC LIMIT $2",
        before,
        limit
    )
    .fetch_all(db)
    .await?)
}

/// `fetch` for each of `ids` the mirror has, in no particular order. One statement serves one
/// id and many alike, so the bench's pgbench runs exactly what a miss runs.
pub async fn fetch_many(db: &PgPool, ids: &[i64]) -> ApiResult<Vec<Fetched>> {
    // One round trip: the supersede chains come along as arrays.
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!", c.kind AS "kind!", c.status AS "status!", c.revocation_reason,
                  c.revoked_at, c.issued_at AS "issued_at!", c.expires_at,
                  c.content_hash AS "content_hash!", c.issuer AS "issuer!", c.holder AS "holder!",
                  i.account IS NOT NULL AS "registered!", i.suspended_at IS NOT NULL AS "suspended!",
                  o.id AS "organization_id?", o.name AS "organization_name?",
                  a.handle AS "handle?", d.document AS "document?", p.placement AS "placement!",
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
           JOIN certificates p ON p.id = c.id
           LEFT JOIN issuers i ON i.account = c.issuer
           LEFT JOIN organizations o ON o.id = i.organization_id
           LEFT JOIN wallets w ON w.address = c.holder
           LEFT JOIN accounts a ON a.id = w.account_id
           LEFT JOIN certificate_documents d ON d.content_hash = c.content_hash
           WHERE c.id = ANY($1)"#,
        ids
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            let chain = |ids: &[i64]| -> Vec<u64> {
                ids.iter().filter_map(|n| u64::try_from(*n).ok()).collect()
            };
            let address = |bytes: &[u8]| {
                Address::from_bytes(bytes)
                    .map(|a| a.ss58())
                    .unwrap_or_default()
            };
            let document_matches = c
                .document
                .as_ref()
                .map(|d| content_hash(d)[..] == c.content_hash[..]);
            let verification = Verification {
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
                placement: c.placement,
            };
            Fetched {
                verification,
                issuer: c.issuer,
                holder: c.holder,
            }
        })
        .collect())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HeldCertificate {
    pub id: u64,
    pub kind: String,
    pub status: String,
    pub issued_at: DateTime<Utc>,
    pub issuer_name: Option<String>,
    pub title: Option<String>,
    /// `listed`, `pending` or `hidden`; others only ever see listed ones.
    pub placement: String,
}

/// What a person shows in any of their wallets, newest first: only listed certificates, so an
/// organization cannot put on anyone's profile what they never accepted.
pub async fn held_by(db: &PgPool, account: Uuid) -> ApiResult<Vec<HeldCertificate>> {
    held(db, account, false).await
}

/// Everything `account` holds, pending and hidden ones too, for the holder to decide on.
pub async fn held_by_me(db: &PgPool, account: Uuid) -> ApiResult<Vec<HeldCertificate>> {
    held(db, account, true).await
}

async fn held(db: &PgPool, account: Uuid, unlisted: bool) -> ApiResult<Vec<HeldCertificate>> {
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!", c.kind AS "kind!", c.status AS "status!", c.issued_at AS "issued_at!",
                  o.name AS "issuer_name?", d.document->>'name' AS title, p.placement
           FROM wallets w
           JOIN certificate_status c ON c.holder = w.address
           JOIN certificates p ON p.id = c.id
           LEFT JOIN issuers i ON i.account = c.issuer
           LEFT JOIN organizations o ON o.id = i.organization_id
           LEFT JOIN certificate_documents d ON d.content_hash = c.content_hash
           WHERE w.account_id = $1 AND ($2 OR p.placement = 'listed')
           ORDER BY c.id DESC LIMIT 500"#,
        account,
        unlisted
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
            placement: r.placement,
        })
        .collect())
}
