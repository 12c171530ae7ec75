//! The issuing service: who issues in an organization's name, the credential a certificate's
//! hash binds, and the transactions that issue, promote and revoke. Handlers, tenure, requests,
//! artifacts, recommendations, contracts and the attestation sweeper all issue through here.
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::session::Session;
use crate::auth::wallet::Address;
use crate::certificates::credential::{content_hash, open_badge, Parties, Statement};
use crate::certificates::document::{CertificateKind, Document, NewCertificate};
use crate::chain::first;
use crate::http::error::{ApiError, ApiResult, Checks};
use crate::operations::follow_up::Landed;
use crate::operations::queue::{claim, to_payload};
use crate::operations::{enqueue, Queued};
use crate::organizations::membership::{self, Role};
use crate::organizations::organization::{self as organizations, Organization};
use crate::state::AppState;
use crate::wallets::custodial::{external_issuer, holder_address, issuer_keypair};
use iktomi_shared::events::CertificateIssued;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IssuedCertificate {
    pub id: u64,
    /// SHA-256 of the credential's canonical JSON, as on chain.
    pub content_hash: String,
    /// The block that holds the transaction.
    pub block: String,
    pub issuer_address: String,
    pub holder_address: String,
    /// The Open Badges 3.0 credential the hash binds.
    pub document: Value,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Revoked {
    pub id: u64,
    pub block: String,
}

/// Who issues: the organization's name and issuer address.
pub struct IssuerInfo {
    pub name: String,
    pub address: Address,
}

/// The organization's issuing context with its signing key, after checking that the caller may
/// issue in its name.
pub struct Issuer {
    pub info: IssuerInfo,
    /// None when the organization issues from its own wallet.
    key: Option<iktomi_chain::Keypair>,
}

impl Issuer {
    pub fn is_custodial(&self) -> bool {
        self.key.is_some()
    }

    /// The custodial signing key, or 409 `external-issuer`.
    pub fn key(&self) -> ApiResult<&iktomi_chain::Keypair> {
        self.key.as_ref().ok_or_else(external_issuer)
    }
}

pub async fn issuer(state: &AppState, organization: Uuid, account: Uuid) -> ApiResult<Issuer> {
    membership::require(&state.db, organization, account, Role::Manager).await?;
    issuer_for(state, organization).await
}

/// The organization's issuing context, for the API's own work on its behalf (certificates owed
/// for passed attestations); handlers use `issuer`, which checks the caller first.
pub async fn issuer_for(state: &AppState, organization: Uuid) -> ApiResult<Issuer> {
    let org = organizations::fetch(&state.db, organization).await?;
    let address = issuer_address(&org)?;
    let key = issuer_keypair(state, &address, organization).await?;
    Ok(Issuer {
        info: IssuerInfo {
            name: org.name,
            address,
        },
        key,
    })
}

/// The address the organization issues from, or 409 `not-an-issuer` before it is verified.
pub fn issuer_address(org: &Organization) -> ApiResult<Address> {
    org.issuer_address
        .as_deref()
        .and_then(Address::parse)
        .ok_or_else(|| {
            ApiError::conflict(
                "not-an-issuer",
                "this organization is not verified as an issuer",
            )
        })
}

/// The Open Badges 3.0 credential for `document`, issued by `issuer` to `holder`.
pub fn credential_for(
    state: &AppState,
    organization: Uuid,
    issuer: &IssuerInfo,
    holder: &Address,
    kind: CertificateKind,
    document: &Document,
) -> Value {
    open_badge(
        &Statement {
            kind: kind.as_str(),
            title: document.title.trim(),
            description: document.description.trim(),
            criteria: document.criteria.as_deref(),
            position: document.position.as_deref(),
            skills: &document.skills,
            evidence: &document.evidence,
            valid_from: document.valid_from.unwrap_or_else(Utc::now),
            valid_until: document.expires_at,
        },
        &Parties {
            public_url: &state.settings.public_url,
            organization_id: organization,
            organization_name: &issuer.name,
            issuer_address: &issuer.address.ss58(),
            holder_address: &holder.ss58(),
        },
    )
}

pub async fn store_document(
    conn: &mut sqlx::PgConnection,
    hash: &[u8; 32],
    organization: Uuid,
    holder_account: Option<Uuid>,
    credential: &Value,
) -> ApiResult<()> {
    sqlx::query!(
        "INSERT INTO certificate_documents (content_hash, organization_id, holder_account, document)
         VALUES ($1, $2, $3, $4)",
        &hash[..],
        organization,
        holder_account,
        credential,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub struct Issue<'a> {
    pub organization: Uuid,
    pub issuer: &'a Issuer,
    pub holder_account: Option<Uuid>,
    pub holder: Address,
    pub kind: CertificateKind,
    pub document: &'a Document,
    pub supersedes: Option<u64>,
    /// An OB 3.0 `Evidence` entry the API adds (an uploaded file bound by its hash).
    pub evidence: Option<Value>,
    /// Who asked (reads the operation); `None` for the API's own work.
    pub by: Option<Uuid>,
    /// What the caller's domain records once the certificate is on chain (`follow_ups`).
    pub then: Option<Value>,
    /// What the issue acts on (`review:<id>`), claimed until the operation ends.
    pub claim: Option<String>,
}

/// What an issue's follow-up needs once the call is final.
#[derive(Debug, Serialize, Deserialize)]
pub struct IssuePayload {
    pub organization: Uuid,
    pub holder_account: Option<Uuid>,
    pub kind: CertificateKind,
    pub title: String,
    pub content_hash: String,
    pub issuer_address: String,
    pub holder_address: String,
    pub document: Value,
    #[serde(default)]
    pub then: Option<Value>,
}

/// The credential `issue` binds, with the evidence entry the API adds, if any.
fn issued_credential(state: &AppState, issue: &Issue<'_>) -> Value {
    let mut credential = credential_for(
        state,
        issue.organization,
        &issue.issuer.info,
        &issue.holder,
        issue.kind,
        issue.document,
    );
    if let Some(evidence) = &issue.evidence {
        match credential["evidence"].as_array_mut() {
            Some(list) => list.push(evidence.clone()),
            None => credential["evidence"] = Value::Array(vec![evidence.clone()]),
        }
    }
    credential
}

/// Queues the issue with the custodial issuer key: builds the credential, dry-runs the call,
/// then stores the credential and the operation in one transaction.
pub async fn submit_issue(state: &AppState, issue: Issue<'_>) -> ApiResult<Queued> {
    let key = issue.issuer.key()?;
    let credential = issued_credential(state, &issue);
    let hash = content_hash(&credential);
    let call = state
        .chain()?
        .issue(
            key,
            issue.holder.0,
            issue.kind.chain(),
            hash,
            issue
                .document
                .expires_at
                .map(|t| t.timestamp_millis().max(0) as u64),
            issue.supersedes,
        )
        .await?;
    let payload = IssuePayload {
        organization: issue.organization,
        holder_account: issue.holder_account,
        kind: issue.kind,
        title: issue.document.title.clone(),
        content_hash: iktomi_chain::hex0x(hash),
        issuer_address: issue.issuer.info.address.ss58(),
        holder_address: issue.holder.ss58(),
        document: credential.clone(),
        then: issue.then.clone(),
    };
    let mut tx = state.db.begin().await?;
    // Stored with the operation: a certificate on chain never lacks its document.
    store_document(
        &mut tx,
        &hash,
        issue.organization,
        issue.holder_account,
        &credential,
    )
    .await?;
    let queued = enqueue(
        &mut tx,
        issue.by,
        "certificate.issue",
        &call,
        to_payload(&payload)?,
    )
    .await?;
    if let Some(subject) = &issue.claim {
        claim(&mut tx, subject, queued).await?;
    }
    tx.commit().await?;
    Ok(queued)
}

/// The issue is final: tells the holder; the certificate as the request's answer.
pub async fn issue_landed(
    state: &AppState,
    conn: &mut sqlx::PgConnection,
    payload: &IssuePayload,
    landed: &Landed,
) -> ApiResult<IssuedCertificate> {
    let id = first::<CertificateIssued>(&landed.events)?.id;
    tracing::info!(id, organization = %payload.organization, kind = payload.kind.as_str(), "certificate issued");
    if let Some(holder) = payload.holder_account {
        crate::certificates::events::issued(
            state,
            conn,
            payload.organization,
            holder,
            id,
            payload.kind.as_str(),
            &payload.title,
        )
        .await?;
    }
    Ok(IssuedCertificate {
        id,
        content_hash: payload.content_hash.clone(),
        block: iktomi_chain::hex0x(landed.block),
        issuer_address: payload.issuer_address.clone(),
        holder_address: payload.holder_address.clone(),
        document: payload.document.clone(),
    })
}

/// The account and receiving address of the person with `handle`.
pub async fn holder_by_handle(state: &AppState, handle: &str) -> ApiResult<(Uuid, Address)> {
    let account = sqlx::query_scalar!("SELECT id FROM accounts WHERE handle = $1", handle)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound("holder"))?;
    Ok((account, holder_address(state, account).await?))
}

/// The holder of a mirrored certificate this issuer's organization issued (from any of its
/// issuer accounts, a rotated-out one included): address and, if known, account.
pub async fn holder_of(
    state: &AppState,
    certificate: u64,
    issuer: &Address,
) -> ApiResult<(Address, Option<Uuid>)> {
    let row = sqlx::query!(
        "SELECT c.holder, w.account_id AS \"account?\" FROM certificates c
         JOIN issuers i ON i.account = c.issuer
         JOIN issuers mine ON mine.organization_id = i.organization_id AND mine.account = $2
         LEFT JOIN wallets w ON w.address = c.holder
         WHERE c.id = $1",
        certificate as i64,
        &issuer.0[..],
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("certificate of this organization"))?;
    let holder = Address::from_bytes(&row.holder).ok_or_else(|| anyhow::anyhow!("bad holder"))?;
    Ok((holder, row.account))
}

/// Issues `body` to the person it names, as `session`'s organization.
pub async fn to_handle(
    state: &AppState,
    session: &Session,
    organization: Uuid,
    body: &NewCertificate,
) -> ApiResult<Queued> {
    body.check()?;
    let issuer = issuer(state, organization, session.account_id).await?;
    let (holder_account, holder) = holder_by_handle(state, &body.holder).await?;
    submit_issue(
        state,
        Issue {
            organization,
            issuer: &issuer,
            holder_account: Some(holder_account),
            holder,
            kind: body.kind,
            document: &body.document,
            supersedes: None,
            evidence: None,
            by: Some(session.account_id),
            then: None,
            claim: None,
        },
    )
    .await
}

/// Promotes: a new employment certificate that supersedes `certificate` of the same holder.
pub async fn promote(
    state: &AppState,
    session: &Session,
    organization: Uuid,
    certificate: u64,
    document: &Document,
) -> ApiResult<Queued> {
    let mut c = Checks::default();
    document.check(&mut c, true);
    c.finish()?;
    let issuer = issuer(state, organization, session.account_id).await?;
    let (holder, holder_account) = holder_of(state, certificate, &issuer.info.address).await?;
    submit_issue(
        state,
        Issue {
            organization,
            issuer: &issuer,
            holder_account,
            holder,
            kind: CertificateKind::Employment,
            document,
            supersedes: Some(certificate),
            evidence: None,
            by: Some(session.account_id),
            then: None,
            claim: None,
        },
    )
    .await
}
