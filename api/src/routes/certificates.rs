//! Issuing through the API: an organization's managers issue certificates (and hire, promote,
//! dismiss) with the organization's custodial issuer key; each call takes an Idempotency-Key.
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use iktomi_shared::{Kind, RevocationReason};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::chain::{ChainCallError, Registry, RegistryError};
use crate::credential::{content_hash, open_badge, Parties, Statement};
use crate::error::{ApiError, ApiResult, Checks, Problem};
use crate::extract::{AuthUser, Json, Path};
use crate::idempotency;
use crate::membership::{self, Role};
use crate::routes::organizations;
use crate::state::AppState;
use crate::wallets::{external_issuer, holder_address, issuer_keypair};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(issue))
        .routes(routes!(issue_batch))
        .routes(routes!(hire))
        .routes(routes!(promote))
        .routes(routes!(dismiss))
        .routes(routes!(revoke))
}

/// Kinds an organization issues through the API (awards come from tenure programs).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CertificateKind {
    Diploma,
    Course,
    Employment,
    Achievement,
    Event,
    Recommendation,
    Badge,
}

impl CertificateKind {
    pub fn chain(self) -> Kind {
        match self {
            Self::Diploma => Kind::Diploma,
            Self::Course => Kind::Course,
            Self::Employment => Kind::Employment,
            Self::Achievement => Kind::Achievement,
            Self::Event => Kind::Event,
            Self::Recommendation => Kind::Recommendation,
            Self::Badge => Kind::Badge,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Diploma => "diploma",
            Self::Course => "course",
            Self::Employment => "employment",
            Self::Achievement => "achievement",
            Self::Event => "event",
            Self::Recommendation => "recommendation",
            Self::Badge => "badge",
        }
    }
}

/// What the issuer states; becomes the Open Badges 3.0 credential.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Document {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub criteria: Option<String>,
    /// Links to evidence (a thesis, a project, a recording).
    #[serde(default)]
    pub evidence: Vec<String>,
    /// For employment: the position held.
    pub position: Option<String>,
    /// Skills the certificate attests; they mark the holder's resume skills verified.
    #[serde(default)]
    pub skills: Vec<String>,
    /// When it starts to hold; now when absent.
    pub valid_from: Option<DateTime<Utc>>,
    /// When it stops holding (on chain as the expiry).
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewCertificate {
    /// The holder's handle.
    pub holder: String,
    pub kind: CertificateKind,
    #[serde(flatten)]
    pub document: Document,
}

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

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    IssuedInError,
    Fraud,
    Dismissed,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Revocation {
    pub reason: Reason,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Revoked {
    pub id: u64,
    pub block: String,
}

impl Document {
    pub fn check(&self, c: &mut Checks, employment: bool) {
        c.text(&self.title, "title", 1, 200);
        c.text(&self.description, "description", 0, 4000);
        if let Some(criteria) = &self.criteria {
            c.text(criteria, "criteria", 0, 4000);
        }
        c.check(self.evidence.len() <= 20, "evidence", "at most 20 links");
        for (i, url) in self.evidence.iter().enumerate() {
            let ok = url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "https" | "http"));
            c.check(
                ok && url.len() <= 500,
                format!("evidence[{i}]"),
                "must be an http(s) URL",
            );
        }
        c.check(self.skills.len() <= 20, "skills", "at most 20");
        for (i, skill) in self.skills.iter().enumerate() {
            c.text(skill.trim(), format!("skills[{i}]"), 1, 50);
        }
        match &self.position {
            Some(p) => c.text(p, "position", 1, 200),
            None => c.check(!employment, "position", "is required for employment"),
        }
        if let Some(expires) = self.expires_at {
            c.check(expires > Utc::now(), "expires_at", "must lie in the future");
        }
    }
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
    let address = org
        .issuer_address
        .as_deref()
        .and_then(Address::parse)
        .ok_or_else(|| {
            ApiError::conflict(
                "not-an-issuer",
                "this organization is not verified as an issuer",
            )
        })?;
    let key = issuer_keypair(state, &address, organization).await?;
    Ok(Issuer {
        info: IssuerInfo {
            name: org.name,
            address,
        },
        key,
    })
}

pub fn registry(state: &AppState) -> ApiResult<&Registry> {
    state
        .registry
        .as_deref()
        .ok_or(ApiError::Unavailable("no chain deployment is configured"))
}

/// The registry's refusals as problems: the contract's rule is the authority.
pub fn chain_error(error: ChainCallError) -> ApiError {
    match error {
        ChainCallError::Refused(e) => match e {
            RegistryError::NotIssuer | RegistryError::NotHolder => {
                ApiError::Forbidden("the registry says this certificate is not yours to act on")
            }
            RegistryError::CertificateNotFound => ApiError::NotFound("certificate"),
            RegistryError::RequestNotFound => ApiError::NotFound("request"),
            RegistryError::MigrationNotFound => ApiError::NotFound("migration"),
            RegistryError::NotPending => {
                ApiError::conflict("not-pending", "the request was already decided")
            }
            RegistryError::CertificateRevoked => {
                ApiError::conflict("certificate-revoked", "the certificate is revoked")
            }
            RegistryError::CertificateExpired => {
                ApiError::conflict("certificate-expired", "the certificate has expired")
            }
            RegistryError::IssuerSuspended => {
                ApiError::conflict("issuer-suspended", "the issuer is suspended")
            }
            RegistryError::ForeignSupersede => ApiError::conflict(
                "foreign-supersede",
                "a promotion keeps the issuer and the holder of the certificate it replaces",
            ),
            RegistryError::HolderFull => ApiError::conflict(
                "holder-full",
                "the holder holds the most certificates allowed",
            ),
            other => ApiError::conflict(
                "registry-refused",
                format!("the registry refused: {other:?}"),
            ),
        },
        other => ApiError::Upstream(format!("the chain: {other}")),
    }
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

pub async fn submit_issue(state: &AppState, issue: Issue<'_>) -> ApiResult<IssuedCertificate> {
    let key = issue.issuer.key()?;
    let doc = issue.document;
    let credential = credential_for(
        state,
        issue.organization,
        &issue.issuer.info,
        &issue.holder,
        issue.kind,
        doc,
    );
    let mut credential = credential;
    if let Some(evidence) = issue.evidence {
        match credential["evidence"].as_array_mut() {
            Some(list) => list.push(evidence),
            None => credential["evidence"] = Value::Array(vec![evidence]),
        }
    }
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
    let issued = registry(state)?
        .issue(
            key,
            issue.holder.0,
            issue.kind.chain(),
            hash,
            doc.expires_at.map(|t| t.timestamp_millis().max(0) as u64),
            issue.supersedes,
        )
        .await
        .map_err(chain_error)?;
    tracing::info!(id = issued.id, organization = %issue.organization, kind = issue.kind.as_str(), "certificate issued");
    // The certificate is on chain whatever follows; a failure here is logged, not answered.
    if let Some(holder) = issue.holder_account {
        let told = crate::certificate_events::issued(
            state,
            issue.organization,
            holder,
            issued.id,
            issue.kind.as_str(),
            &doc.title,
        )
        .await;
        if let Err(error) = told {
            tracing::error!(id = issued.id, %error, "telling the holder of an issued certificate failed");
        }
    }
    Ok(IssuedCertificate {
        id: issued.id,
        content_hash: crate::hex0x(hash),
        block: crate::hex0x(issued.block),
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

impl NewCertificate {
    pub fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        self.document
            .check(&mut c, self.kind == CertificateKind::Employment);
        c.finish()
    }
}

async fn issue_to_handle(
    state: &AppState,
    session: &crate::session::Session,
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

/// Issue a certificate to a person (managers and admins of a verified organization).
#[utoipa::path(post, path = "/v1/organizations/{id}/certificates", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    request_body = NewCertificate,
    responses((status = 201, body = IssuedCertificate), (status = 400, body = Problem),
              (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem), (status = 502, body = Problem)))]
async fn issue(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<NewCertificate>,
) -> ApiResult<Response> {
    let route = format!("issue {organization}");
    idempotency::once(
        &state,
        session.account_id,
        &headers,
        &route,
        &body,
        StatusCode::CREATED,
        async { issue_to_handle(&state, &session, organization, &body).await },
    )
    .await
}

/// The most certificates one batch call issues (the registry's `MAX_BATCH`).
const MAX_BATCH: usize = 100;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewBatch {
    pub kind: CertificateKind,
    #[serde(flatten)]
    pub document: Document,
    /// The cohort's handles.
    #[serde(default)]
    pub holders: Vec<String>,
    /// Or the cohort as CSV with a `handle` column (a header row, one person per line).
    pub holders_csv: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BatchItem {
    pub holder: String,
    pub id: u64,
    pub content_hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IssuedBatch {
    pub block: String,
    pub certificates: Vec<BatchItem>,
}

/// The cohort's handles from `holders` and `holders_csv`, in order, without repeats.
fn cohort(batch: &NewBatch) -> ApiResult<Vec<String>> {
    let mut handles = batch.holders.clone();
    if let Some(csv) = &batch.holders_csv {
        let mut lines = csv.lines().filter(|l| !l.trim().is_empty());
        let header: Vec<String> = lines
            .next()
            .unwrap_or_default()
            .split(',')
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let column = header.iter().position(|h| h == "handle").ok_or_else(|| {
            ApiError::invalid("holders_csv", "needs a header row with a handle column")
        })?;
        for (i, line) in lines.enumerate() {
            let cell = line
                .split(',')
                .nth(column)
                .map(str::trim)
                .unwrap_or_default();
            if cell.is_empty() {
                return Err(ApiError::invalid(
                    format!("holders_csv[{}]", i + 1),
                    "has no handle",
                ));
            }
            handles.push(cell.to_owned());
        }
    }
    let mut seen = std::collections::HashSet::new();
    handles.retain(|h| seen.insert(h.clone()));
    if handles.is_empty() || handles.len() > MAX_BATCH {
        return Err(ApiError::invalid(
            "holders",
            format!("a cohort has 1 to {MAX_BATCH} people"),
        ));
    }
    Ok(handles)
}

/// Issue one certificate to each person of a cohort in one transaction (all or none).
#[utoipa::path(post, path = "/v1/organizations/{id}/certificates/batch", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    request_body = NewBatch,
    responses((status = 201, body = IssuedBatch), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn issue_batch(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<NewBatch>,
) -> ApiResult<Response> {
    let route = format!("batch {organization}");
    idempotency::once(
        &state,
        session.account_id,
        &headers,
        &route,
        &body,
        StatusCode::CREATED,
        async {
            let mut c = Checks::default();
            body.document
                .check(&mut c, body.kind == CertificateKind::Employment);
            c.finish()?;
            let handles = cohort(&body)?;
            let issuer = issuer(&state, organization, session.account_id).await?;
            let mut items = Vec::with_capacity(handles.len());
            let mut hashes = Vec::with_capacity(handles.len());
            for (i, handle) in handles.iter().enumerate() {
                let account =
                    sqlx::query_scalar!("SELECT id FROM accounts WHERE handle = $1", handle)
                        .fetch_optional(&state.db)
                        .await?
                        .ok_or_else(|| {
                            ApiError::invalid(
                                format!("holders[{i}]"),
                                format!("no person @{handle}"),
                            )
                        })?;
                let holder = holder_address(&state, account).await?;
                let credential = credential_for(
                    &state,
                    organization,
                    &issuer.info,
                    &holder,
                    body.kind,
                    &body.document,
                );
                let hash = content_hash(&credential);
                store_document(&state, &hash, organization, Some(account), &credential).await?;
                items.push(iktomi_shared::IssueItem {
                    holder: holder.0.into(),
                    kind: body.kind.chain(),
                    content_hash: hash,
                    expires_at: body
                        .document
                        .expires_at
                        .map(|t| t.timestamp_millis().max(0) as u64),
                });
                hashes.push(hash);
            }
            let (ids, block) = registry(&state)?
                .issue_batch(issuer.key()?, items)
                .await
                .map_err(chain_error)?;
            Ok(IssuedBatch {
                block: crate::hex0x(block),
                certificates: handles
                    .into_iter()
                    .zip(ids)
                    .zip(hashes)
                    .map(|((holder, id), hash)| BatchItem {
                        holder,
                        id,
                        content_hash: crate::hex0x(hash),
                    })
                    .collect(),
            })
        },
    )
    .await
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Hire {
    /// The employee's handle.
    pub holder: String,
    #[serde(flatten)]
    pub document: Document,
}

/// Hire: issue an employment certificate (its `position` is required).
#[utoipa::path(post, path = "/v1/organizations/{id}/employments", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    request_body = Hire,
    responses((status = 201, body = IssuedCertificate), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn hire(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<Hire>,
) -> ApiResult<Response> {
    let route = format!("hire {organization}");
    let certificate = NewCertificate {
        holder: body.holder.clone(),
        kind: CertificateKind::Employment,
        document: body.document.clone(),
    };
    idempotency::once(
        &state,
        session.account_id,
        &headers,
        &route,
        &body,
        StatusCode::CREATED,
        async { issue_to_handle(&state, &session, organization, &certificate).await },
    )
    .await
}

/// The holder of a mirrored certificate of this issuer: address and, if known, account.
async fn holder_of(
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

/// Promote: a new employment certificate that supersedes this one (which is revoked as
/// `Superseded` in the same transaction; tenure carries over).
#[utoipa::path(post, path = "/v1/organizations/{id}/employments/{certificate}/promote", tag = "certificates",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("certificate" = u64, Path), ("Idempotency-Key" = String, Header)),
    request_body = Document,
    responses((status = 201, body = IssuedCertificate), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn promote(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, certificate)): Path<(Uuid, u64)>,
    headers: HeaderMap,
    Json(body): Json<Document>,
) -> ApiResult<Response> {
    let route = format!("promote {organization} {certificate}");
    idempotency::once(
        &state,
        session.account_id,
        &headers,
        &route,
        &body,
        StatusCode::CREATED,
        async {
            let mut c = Checks::default();
            body.check(&mut c, true);
            c.finish()?;
            let issuer = issuer(&state, organization, session.account_id).await?;
            let (holder, holder_account) =
                holder_of(&state, certificate, &issuer.info.address).await?;
            submit_issue(
                &state,
                Issue {
                    organization,
                    issuer: &issuer,
                    holder_account,
                    holder,
                    kind: CertificateKind::Employment,
                    document: &body,
                    supersedes: Some(certificate),
                    evidence: None,
                },
            )
            .await
        },
    )
    .await
}

async fn submit_revoke(
    state: &AppState,
    session: &crate::session::Session,
    organization: Uuid,
    certificate: u64,
    reason: RevocationReason,
) -> ApiResult<Revoked> {
    let issuer = issuer(state, organization, session.account_id).await?;
    let block = registry(state)?
        .revoke(issuer.key()?, certificate, reason)
        .await
        .map_err(chain_error)?;
    tracing::info!(id = certificate, organization = %organization, ?reason, "certificate revoked");
    if let Err(error) =
        crate::certificate_events::revoked(state, certificate, &format!("{reason:?}")).await
    {
        tracing::error!(id = certificate, %error, "telling the holder of a revoked certificate failed");
    }
    Ok(Revoked {
        id: certificate,
        block: crate::hex0x(block),
    })
}

/// Dismiss: revoke an employment certificate with reason `Dismissed` (tenure stops accruing).
#[utoipa::path(post, path = "/v1/organizations/{id}/employments/{certificate}/dismiss", tag = "certificates",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("certificate" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 200, body = Revoked), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn dismiss(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, certificate)): Path<(Uuid, u64)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let route = format!("dismiss {organization} {certificate}");
    idempotency::once(
        &state,
        session.account_id,
        &headers,
        &route,
        &(),
        StatusCode::OK,
        async {
            submit_revoke(
                &state,
                &session,
                organization,
                certificate,
                RevocationReason::Dismissed,
            )
            .await
        },
    )
    .await
}

/// Revoke a certificate this organization issued.
#[utoipa::path(post, path = "/v1/organizations/{id}/certificates/{certificate}/revoke", tag = "certificates",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("certificate" = u64, Path), ("Idempotency-Key" = String, Header)),
    request_body = Revocation,
    responses((status = 200, body = Revoked), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn revoke(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, certificate)): Path<(Uuid, u64)>,
    headers: HeaderMap,
    Json(body): Json<Revocation>,
) -> ApiResult<Response> {
    let route = format!("revoke {organization} {certificate}");
    let reason = match body.reason {
        Reason::IssuedInError => RevocationReason::IssuedInError,
        Reason::Fraud => RevocationReason::Fraud,
        Reason::Dismissed => RevocationReason::Dismissed,
    };
    idempotency::once(
        &state,
        session.account_id,
        &headers,
        &route,
        &body,
        StatusCode::OK,
        async { submit_revoke(&state, &session, organization, certificate, reason).await },
    )
    .await
}
