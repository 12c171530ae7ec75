//! Employment contracts for applications: the employer (a manager or admin of the vacancy's
//! organization) drafts one for an application at `offer`, may edit it while it is a draft, and
//! either side may cancel it before it is signed. Signing, anchoring and hiring are in
//! `contract_signing`; reviews in `reviews`. Only the two sides ever see a contract.
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::PgPool;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::marketplace::application_flow::{Side, Status as ApplicationStatus};
use crate::marketplace::employment::terms::{format_rate, message, parse_rate};
use crate::notifications::notify::{self, Kind};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(draft))
        .routes(routes!(get_one, edit))
        .routes(routes!(cancel))
        .routes(routes!(mine))
        .routes(routes!(of_organization))
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "contract_status", rename_all = "snake_case")]
pub enum ContractStatus {
    /// The employer may still edit it.
    Draft,
    /// One side signed; the terms are frozen.
    Signing,
    /// Both signed and the hash is on chain.
    Signed,
    /// Hired from it: the employment certificate is issued.
    Active,
    Completed,
    Cancelled,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "rate_period", rename_all = "snake_case")]
pub enum RatePeriod {
    Hour,
    Month,
    Fixed,
}

impl RatePeriod {
    pub fn as_str(self) -> &'static str {
        match self {
            RatePeriod::Hour => "hour",
            RatePeriod::Month => "month",
            RatePeriod::Fixed => "fixed",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Draft {
    pub position: String,
    pub terms: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// An amount like "2500" or "12.50".
    pub rate: String,
    /// ISO 4217, e.g. "EUR".
    pub currency: String,
    pub rate_period: RatePeriod,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PartySignature {
    /// The handle of the person who signed.
    pub signer: String,
    pub address: String,
    /// sr25519 over `message`, hex.
    pub signature: String,
    pub signed_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Anchor {
    /// The block holding the operator's `System::remark_with_event`.
    pub block: String,
    /// The remark: `iktomi:contract:` and the hash, hex.
    pub remark: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Review {
    /// Who wrote it: `employer` or `candidate`.
    pub side: String,
    pub author: String,
    pub rating: i16,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Contract {
    pub id: Uuid,
    pub application_id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub candidate: String,
    pub position: String,
    pub terms: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub rate: String,
    pub currency: String,
    pub rate_period: RatePeriod,
    pub status: ContractStatus,
    /// SHA-256 of `document`'s canonical JSON, once the terms are frozen.
    pub content_hash: Option<String>,
    /// What each side signs: `iktomi-contract:0x<content_hash>`.
    pub message: Option<String>,
    pub document: Option<Value>,
    pub employer_signature: Option<PartySignature>,
    pub candidate_signature: Option<PartySignature>,
    pub anchor: Option<Anchor>,
    pub certificate_id: Option<i64>,
    pub reviews: Vec<Review>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A contract and the accounts behind it, for the handlers that act on it.
pub struct Loaded {
    pub contract: Contract,
    pub candidate_id: Uuid,
    pub vacancy_id: Uuid,
    pub hash: Option<Vec<u8>>,
    pub rate_minor: i64,
}

fn party(
    signer: Option<String>,
    address: Option<Vec<u8>>,
    signature: Option<Vec<u8>>,
    at: Option<DateTime<Utc>>,
) -> Option<PartySignature> {
    Some(PartySignature {
        signer: signer?,
        address: Address::from_bytes(&address?)?.ss58(),
        signature: hex::encode(signature?),
        signed_at: at?,
    })
}

pub async fn load(db: &PgPool, id: Uuid) -> ApiResult<Loaded> {
    let c = sqlx::query!(
        r#"SELECT c.id, c.application_id, c.organization_id, o.name AS organization_name,
                  c.candidate_id, cand.handle AS candidate, c.position, c.terms, c.starts_on, c.ends_on,
                  c.rate_minor, c.currency, c.rate_period AS "rate_period: RatePeriod",
                  c.status AS "status: ContractStatus", c.document, c.content_hash,
                  emp.handle AS "employer_signer?", c.employer_address, c.employer_signature, c.employer_signed_at,
                  c.candidate_address, c.candidate_signature, c.candidate_signed_at,
                  c.anchor_block, c.anchored_at, c.certificate_id, c.created_at, c.updated_at,
                  p.vacancy_id
           FROM contracts c
           JOIN organizations o ON o.id = c.organization_id
           JOIN accounts cand ON cand.id = c.candidate_id
           JOIN applications p ON p.id = c.application_id
           LEFT JOIN accounts emp ON emp.id = c.employer_signer
           WHERE c.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("contract"))?;
    let reviews = sqlx::query_as!(
        Review,
        r#"SELECT r.side::text AS "side!", a.handle AS author, r.rating, r.text, r.created_at
           FROM contract_reviews r JOIN accounts a ON a.id = r.author
           WHERE r.contract_id = $1 ORDER BY r.created_at"#,
        id
    )
    .fetch_all(db)
    .await?;
    let anchor = match (&c.content_hash, c.anchor_block, c.anchored_at) {
        (Some(hash), Some(block), Some(at)) => Some(Anchor {
            block: iktomi_chain::hex0x(block),
            remark: iktomi_chain::hex0x(crate::marketplace::employment::terms::remark(hash)),
            at,
        }),
        _ => None,
    };
    Ok(Loaded {
        candidate_id: c.candidate_id,
        vacancy_id: c.vacancy_id,
        hash: c.content_hash.clone(),
        rate_minor: c.rate_minor,
        contract: Contract {
            id: c.id,
            application_id: c.application_id,
            organization_id: c.organization_id,
            organization_name: c.organization_name,
            candidate: c.candidate.clone(),
            position: c.position,
            terms: c.terms,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            rate: format_rate(c.rate_minor),
            currency: c.currency,
            rate_period: c.rate_period,
            status: c.status,
            content_hash: c.content_hash.as_ref().map(iktomi_chain::hex0x),
            message: c.content_hash.as_deref().map(message),
            document: c.document,
            employer_signature: party(
                c.employer_signer,
                c.employer_address,
                c.employer_signature,
                c.employer_signed_at,
            ),
            candidate_signature: party(
                Some(c.candidate),
                c.candidate_address,
                c.candidate_signature,
                c.candidate_signed_at,
            ),
            anchor,
            certificate_id: c.certificate_id,
            reviews,
            created_at: c.created_at,
            updated_at: c.updated_at,
        },
    })
}

/// The caller's side of a contract, or 404 when they are on neither.
pub async fn side_of(db: &PgPool, loaded: &Loaded, viewer: Uuid) -> ApiResult<Side> {
    if viewer == loaded.candidate_id {
        return Ok(Side::Candidate);
    }
    match membership::role_of(db, loaded.contract.organization_id, viewer).await? {
        Some(Role::Manager | Role::Admin) => Ok(Side::Employer),
        _ => Err(ApiError::NotFound("contract")),
    }
}

impl Draft {
    /// The checked draft: trimmed texts, upper-case currency and the rate in minor units.
    fn check(&self) -> ApiResult<(String, String, String, i64)> {
        let mut c = Checks::default();
        c.text(self.position.trim(), "position", 1, 200);
        c.text(self.terms.trim(), "terms", 1, 20_000);
        let currency = self.currency.trim().to_uppercase();
        c.check(
            currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase()),
            "currency",
            "must be a three-letter ISO 4217 code",
        );
        let rate = parse_rate(&mut c, "rate", self.rate.trim());
        if let Some(ends) = self.ends_on {
            c.check(
                ends >= self.starts_on,
                "ends_on",
                "must not be before starts_on",
            );
        }
        c.finish()?;
        Ok((
            self.position.trim().to_owned(),
            self.terms.trim().to_owned(),
            currency,
            rate,
        ))
    }
}

/// Draft a contract for an application at `offer` (managers and admins of its organization).
#[utoipa::path(post, path = "/v1/applications/{id}/contract", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Draft,
    responses((status = 201, body = Contract), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn draft(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(application): Path<Uuid>,
    Json(body): Json<Draft>,
) -> ApiResult<(StatusCode, axum::Json<Contract>)> {
    let (position, terms, currency, rate) = body.check()?;
    let (app, candidate) = crate::marketplace::applications::load(&state.db, application).await?;
    if crate::marketplace::applications::side_of(&state.db, &app, candidate, session.account_id)
        .await?
        != Side::Employer
    {
        return Err(ApiError::Forbidden(
            "only the vacancy's organization drafts contracts",
        ));
    }
    if app.status != ApplicationStatus::Offer {
        return Err(ApiError::conflict(
            "application-not-at-offer",
            "a contract is drafted for an application at the offer stage",
        ));
    }
    let id = Uuid::new_v4();
    let mut tx = state.db.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO contracts (id, application_id, organization_id, candidate_id, drafted_by, position, terms,
                                starts_on, ends_on, rate_minor, currency, rate_period)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (application_id) WHERE status <> 'cancelled' DO NOTHING",
        id,
        application,
        app.organization_id,
        candidate,
        session.account_id,
        position,
        terms,
        body.starts_on,
        body.ends_on,
        rate,
        currency,
        body.rate_period as RatePeriod,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::conflict(
            "contract-exists",
            "this application already has a contract; cancel it first",
        ));
    }
    notify::push(
        &mut tx,
        candidate,
        Kind::Contract,
        json!({"contract_id": id, "event": "drafted", "position": position}),
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(load(&state.db, id).await?.contract),
    ))
}

/// One contract (its candidate and the organization's managers and admins).
#[utoipa::path(get, path = "/v1/contracts/{id}", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Contract), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Contract>> {
    let loaded = load(&state.db, id).await?;
    side_of(&state.db, &loaded, session.account_id).await?;
    Ok(axum::Json(loaded.contract))
}

/// Replace a draft's terms (the employer, before anyone signed).
#[utoipa::path(put, path = "/v1/contracts/{id}", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Draft,
    responses((status = 200, body = Contract), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn edit(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Draft>,
) -> ApiResult<axum::Json<Contract>> {
    let (position, terms, currency, rate) = body.check()?;
    let loaded = load(&state.db, id).await?;
    if side_of(&state.db, &loaded, session.account_id).await? != Side::Employer {
        return Err(ApiError::Forbidden("only the employer edits a draft"));
    }
    let changed = sqlx::query!(
        "UPDATE contracts SET position = $2, terms = $3, starts_on = $4, ends_on = $5, rate_minor = $6,
                currency = $7, rate_period = $8, updated_at = now()
         WHERE id = $1 AND status = 'draft'",
        id,
        position,
        terms,
        body.starts_on,
        body.ends_on,
        rate,
        currency,
        body.rate_period as RatePeriod,
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::conflict(
            "contract-frozen",
            "the terms are frozen once a side has signed",
        ));
    }
    Ok(axum::Json(load(&state.db, id).await?.contract))
}

/// Cancel a contract before both sides signed it (either side).
#[utoipa::path(post, path = "/v1/contracts/{id}/cancel", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Contract), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem)))]
async fn cancel(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Contract>> {
    let loaded = load(&state.db, id).await?;
    side_of(&state.db, &loaded, session.account_id).await?;
    let changed = sqlx::query!(
        "UPDATE contracts SET status = 'cancelled', updated_at = now()
         WHERE id = $1 AND status IN ('draft', 'signing')",
        id
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::conflict(
            "contract-not-open",
            "only a contract not yet signed by both sides can be cancelled",
        ));
    }
    Ok(axum::Json(load(&state.db, id).await?.contract))
}

async fn many(db: &PgPool, ids: Vec<Uuid>) -> ApiResult<Vec<Contract>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(load(db, id).await?.contract);
    }
    Ok(out)
}

/// Your contracts as a candidate, newest first.
#[utoipa::path(get, path = "/v1/me/contracts", tag = "contracts", security(("session" = [])),
    responses((status = 200, body = Vec<Contract>), (status = 401, body = Problem)))]
async fn mine(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Contract>>> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM contracts WHERE candidate_id = $1 ORDER BY created_at DESC LIMIT 200",
        session.account_id
    )
    .fetch_all(&state.db)
    .await?;
    Ok(axum::Json(many(&state.db, ids).await?))
}

/// The organization's contracts, newest first (its managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/contracts", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Contract>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn of_organization(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<Contract>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    let ids = sqlx::query_scalar!(
        "SELECT id FROM contracts WHERE organization_id = $1 ORDER BY created_at DESC LIMIT 200",
        organization
    )
    .fetch_all(&state.db)
    .await?;
    Ok(axum::Json(many(&state.db, ids).await?))
}
