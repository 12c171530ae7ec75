//! The issuing service: who issues in an organization's name, the credential a certificate's
//! hash binds, and the transactions that issue, promote and revoke. Handlers, tenure, requests,
//! artifacts, recommendations, contracts and the attestation sweeper all issue through here.
use chrono::Utc;
use iktomi_shared::RevocationReason;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::session::Session;
use crate::auth::wallet::Address;
use crate::certificates::credential::{content_hash, open_badge, Parties, Statement};
use crate::certificates::document::{CertificateKind, Document, NewCertificate};
use crate::http::error::{ApiError, ApiResult, Checks};
use crate::organizations::membership::{self, Role};
use crate::organizations::organization::{self as organizations, Organization};
use crate::state::AppState;
use crate::wallets::custodial::{external_issuer, holder_address, issuer_keypair};

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
    state: &AppState,
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
    .execute(&state.db)
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

/// Tells the holder of a certificate just issued. The certificate is on chain whatever follows;
/// a failure here is logged, not answered.
async fn tell_holder(state: &AppState, issue: &Issue<'_>, id: u64) {
    let Some(holder) = issue.holder_account else {
        return;
    };
    let told = crate::certificates::events::issued(
        state,
        issue.organization,
        holder,
        id,
        issue.kind.as_str(),
        &issue.document.title,
    )
    .await;
    if let Err(error) = told {
        tracing::error!(id, %error, "telling the holder of an issued certificate failed");
    }
}

/// Issues on chain with the custodial issuer key: builds and stores the credential, submits
/// its hash, then tells the holder.
pub async fn submit_issue(state: &AppState, issue: Issue<'_>) -> ApiResult<IssuedCertificate> {
    let key = issue.issuer.key()?;
    let credential = issued_credential(state, &issue);
    let hash = content_hash(&credential);
    // Stored before the transaction: a certificate on chain never lacks its document.
    store_document(
        state,
        &hash,
        issue.organization,
        issue.holder_account,
        &credential,
    )
    .await?;
    let issued = state
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
    tracing::info!(id = issued.id, organization = %issue.organization, kind = issue.kind.as_str(), "certificate issued");
    tell_holder(state, &issue, issued.id).await;
    Ok(IssuedCertificate {
        id: issued.id,
        content_hash: iktomi_chain::hex0x(hash),
        block: iktomi_chain::hex0x(issued.block),
        issuer_address: issue.issuer.info.address.ss58(),
        holder_address: issue.holder.ss58(),
        document: credential,
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

/// The holder of a mirrored certificate of this issuer: address and, if known, account.
pub async fn holder_of(
    state: &AppState,
    certificate: u64,
    issuer: &Address,
) -> ApiResult<(Address, Option<Uuid>)> {
    let row = sqlx::query!(
        "SELECT c.holder, w.account_id AS \"account?\" FROM certificates c
         LEFT JOIN wallets w ON w.address = c.holder
         WHERE c.id = $1 AND c.issuer = $2",
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
) -> ApiResult<IssuedCertificate> {
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
) -> ApiResult<IssuedCertificate> {
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
        },
    )
    .await
}

/// Revokes `certificate` of `session`'s organization, and tells its holder.
pub async fn revoke(
    state: &AppState,
    session: &Session,
    organization: Uuid,
    certificate: u64,
    reason: RevocationReason,
) -> ApiResult<Revoked> {
    let issuer = issuer(state, organization, session.account_id).await?;
    let block = state
        .chain()?
        .revoke(issuer.key()?, certificate, reason)
        .await?;
    tracing::info!(id = certificate, organization = %organization, ?reason, "certificate revoked");
    if let Err(error) =
        crate::certificates::events::revoked(state, certificate, &format!("{reason:?}")).await
    {
        tracing::error!(id = certificate, %error, "telling the holder of a revoked certificate failed");
    }
    Ok(Revoked {
        id: certificate,
        block: iktomi_chain::hex0x(block),
    })
}
