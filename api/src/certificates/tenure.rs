//! Verifiable tenure through the API: organizations define award programs ("1 year in the
//! company"); employees stake their employment certificate, watch their tenure and claim the
//! award once the milestone is met — the registry issues it in the organization's name.
use axum::response::Response;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::certificates::credential::{content_hash, open_badge, Parties, Statement};
use crate::chain::Included;
use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::http::idempotency::IdempotencyKey;
use crate::organizations::membership::{self, Role};
use crate::organizations::organization;
use crate::state::AppState;
use crate::wallets::custodial::{external_issuer, holder_keypair, issuer_keypair};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_program, programs))
        .routes(routes!(stake))
        .routes(routes!(unstake))
        .routes(routes!(my_tenure))
        .routes(routes!(claim))
}

const MS_PER_DAY: f64 = 86_400_000.0;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewProgram {
    /// The award's name ("1 year at Acme").
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Tenure needed, in days (fractions allowed: 0.5 = 12 hours).
    pub milestone_days: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Program {
    pub id: u32,
    pub milestone_days: f64,
    pub closed: bool,
    pub title: Option<String>,
    pub content_hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Claimed {
    /// The award certificate the registry issued.
    pub certificate_id: u64,
    pub block: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Tenure {
    pub issuer_address: String,
    pub organization_id: Option<Uuid>,
    pub organization_name: Option<String>,
    /// Verifiable tenure now, from the mirrored chain state.
    pub tenure_ms: i64,
    pub tenure_days: f64,
    /// The employment certificate staked now, if any.
    pub staked_certificate: Option<i64>,
}

/// Create a tenure award program (organization admins; Idempotency-Key required).
#[utoipa::path(post, path = "/v1/organizations/{id}/tenure-programs", tag = "tenure",
    security(("session" = [])), params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    request_body = NewProgram,
    responses((status = 201, body = Program), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_program(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    key: IdempotencyKey,
    Json(body): Json<NewProgram>,
) -> ApiResult<Response> {
    let route = format!("program {organization}");
    key.once(session.account_id, route, &body).created(async {
        let mut c = Checks::default();
        c.text(&body.title, "title", 1, 200);
        c.text(&body.description, "description", 0, 4000);
        c.check(
            body.milestone_days.is_finite() && body.milestone_days > 0.0 && body.milestone_days <= 36_500.0,
            "milestone_days",
            "must be more than 0 and at most 36500",
        );
        c.finish()?;
        membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
        let org = organization::fetch(&state.db, organization).await?;
        let issuer = org.issuer_address.as_deref().and_then(Address::parse).ok_or_else(|| {
            ApiError::conflict("not-an-issuer", "this organization is not verified as an issuer")
        })?;
        let key = issuer_keypair(&state, &issuer, organization)
            .await?
            .ok_or_else(external_issuer)?;
        // The award's document: every holder's award certificate carries this hash.
        let document = open_badge(
            &Statement {
                kind: "award",
                title: body.title.trim(),
                description: body.description.trim(),
                criteria: Some(&format!("Verifiable tenure of at least {} days at {}", body.milestone_days, org.name)),
                position: None,
                skills: &[],
                evidence: &[],
                valid_from: Utc::now(),
                valid_until: None,
            },
            &Parties {
                public_url: &state.settings.public_url,
                organization_id: organization,
                organization_name: &org.name,
                issuer_address: &issuer.ss58(),
                holder_address: "any holder who meets the milestone",
            },
        );
        let hash = content_hash(&document);
        sqlx::query!(
            "INSERT INTO certificate_documents (content_hash, organization_id, document) VALUES ($1, $2, $3)",
            &hash[..],
            organization,
            document,
        )
        .execute(&state.db)
        .await?;
        let milestone_ms = (body.milestone_days * MS_PER_DAY).round().max(1.0) as u64;
        let (id, _block) = state.chain()?
            .create_program(&key, milestone_ms, hash)
            .await?;
        Ok(Program {
            id,
            milestone_days: body.milestone_days,
            closed: false,
            title: Some(body.title.trim().to_owned()),
            content_hash: iktomi_chain::hex0x(hash),
        })
    })
    .await
}

/// The organization's tenure programs, as mirrored from the chain.
#[utoipa::path(get, path = "/v1/organizations/{id}/tenure-programs", tag = "tenure",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Program>), (status = 404, body = Problem)))]
async fn programs(
    state: axum::extract::State<AppState>,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<Program>>> {
    organization::fetch(&state.db, organization).await?;
    let rows = sqlx::query!(
        r#"SELECT p.id, p.milestone_ms, p.closed, p.content_hash, d.document->>'name' AS title
           FROM tenure_programs p JOIN organizations o ON o.issuer_account = p.issuer
           LEFT JOIN certificate_documents d ON d.content_hash = p.content_hash
           WHERE o.id = $1 ORDER BY p.id"#,
        organization
    )
    .fetch_all(&state.db)
    .await?;
    Ok(axum::Json(
        rows.into_iter()
            .map(|r| Program {
                id: u32::try_from(r.id).unwrap_or_default(),
                milestone_days: r.milestone_ms as f64 / MS_PER_DAY,
                closed: r.closed,
                title: r.title,
                content_hash: iktomi_chain::hex0x(&r.content_hash),
            })
            .collect(),
    ))
}

/// The wallet holding `certificate`, which must be one of the caller's.
async fn holder_wallet(state: &AppState, account: Uuid, certificate: u64) -> ApiResult<Address> {
    let holder = sqlx::query_scalar!(
        "SELECT c.holder FROM certificates c JOIN wallets w ON w.address = c.holder
         WHERE c.id = $1 AND w.account_id = $2",
        certificate as i64,
        account,
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("certificate of yours"))?;
    Address::from_bytes(&holder).ok_or_else(|| anyhow::anyhow!("bad holder").into())
}

async fn set_stake(
    state: &AppState,
    account: Uuid,
    certificate: u64,
    staked: bool,
) -> ApiResult<Included> {
    let registry = state.chain()?;
    let address = holder_wallet(state, account, certificate).await?;
    let key = holder_keypair(state, registry, account, &address).await?;
    let block = registry.stake(&key, certificate, staked).await?;
    Ok(Included {
        block: iktomi_chain::hex0x(block),
    })
}

/// Stake your employment certificate: tenure accrues while it is staked and active.
#[utoipa::path(post, path = "/v1/me/certificates/{id}/stake", tag = "tenure", security(("session" = [])),
    params(("id" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 200, body = Included), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem)))]
async fn stake(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(certificate): Path<u64>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("stake {certificate}");
    key.once(session.account_id, route, &())
        .ok(async { set_stake(&state, session.account_id, certificate, true).await })
        .await
}

/// Unstake: tenure accrued so far is kept.
#[utoipa::path(post, path = "/v1/me/certificates/{id}/unstake", tag = "tenure", security(("session" = [])),
    params(("id" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 200, body = Included), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem)))]
async fn unstake(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(certificate): Path<u64>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("unstake {certificate}");
    key.once(session.account_id, route, &())
        .ok(async { set_stake(&state, session.account_id, certificate, false).await })
        .await
}

/// Your verifiable tenure with each issuer, now.
#[utoipa::path(get, path = "/v1/me/tenure", tag = "tenure", security(("session" = [])),
    responses((status = 200, body = Vec<Tenure>), (status = 401, body = Problem)))]
async fn my_tenure(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Tenure>>> {
    let rows = sqlx::query!(
        r#"SELECT t.issuer, o.id AS "organization_id?", o.name AS "organization_name?",
                  iktomi_tenure_ms(t.holder, t.issuer, now()) AS "tenure_ms!", t.staked_certificate
           FROM wallets w JOIN tenure t ON t.holder = w.address
           LEFT JOIN organizations o ON o.issuer_account = t.issuer
           WHERE w.account_id = $1 ORDER BY o.name"#,
        session.account_id
    )
    .fetch_all(&state.db)
    .await?;
    Ok(axum::Json(
        rows.into_iter()
            .map(|r| Tenure {
                issuer_address: Address::from_bytes(&r.issuer)
                    .map(|a| a.ss58())
                    .unwrap_or_default(),
                organization_id: r.organization_id,
                organization_name: r.organization_name,
                tenure_ms: r.tenure_ms,
                tenure_days: r.tenure_ms as f64 / MS_PER_DAY,
                staked_certificate: r.staked_certificate,
            })
            .collect(),
    ))
}

/// A claimed award of a program whose milestone is a year or more counts as a year of tenure in
/// the issuing organization (points and the badge, for its employees).
async fn year_of_tenure(state: &AppState, account: Uuid, program: u32) -> ApiResult<()> {
    const YEAR_MS: i64 = 365 * 24 * 3600 * 1000;
    let organization = sqlx::query_scalar!(
        "SELECT o.id FROM tenure_programs p JOIN organizations o ON o.issuer_account = p.issuer
         WHERE p.id = $1 AND p.milestone_ms >= $2",
        program as i32,
        YEAR_MS
    )
    .fetch_optional(&state.db)
    .await?;
    if let Some(organization) = organization {
        crate::gamification::rules::record_alone(
            &state.db,
            &state.settings.gamification,
            organization,
            account,
            crate::gamification::rules::Action::TenureYear,
            &format!("program:{program}"),
            state.clock.now(),
        )
        .await?;
    }
    Ok(())
}

/// Claim a tenure program's award; the registry issues it once the milestone is met.
#[utoipa::path(post, path = "/v1/me/tenure-programs/{program}/claim", tag = "tenure", security(("session" = [])),
    params(("program" = u32, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 201, body = Claimed), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem)))]
async fn claim(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(program): Path<u32>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("claim {program}");
    key.once(session.account_id, route, &())
        .created(async {
            let registry = state.chain()?;
            // The tenure counted is the one of the wallet that staked with the program's issuer.
            let holder = sqlx::query_scalar!(
                "SELECT w.address FROM wallets w
             JOIN tenure t ON t.holder = w.address
             JOIN tenure_programs p ON p.issuer = t.issuer
             WHERE w.account_id = $1 AND p.id = $2
             ORDER BY t.accrued_ms DESC LIMIT 1",
                session.account_id,
                program as i32,
            )
            .fetch_optional(&state.db)
            .await?
            .ok_or_else(|| {
                ApiError::conflict(
                    "milestone-not-reached",
                    "you have no verifiable tenure with this program's issuer",
                )
            })?;
            let address =
                Address::from_bytes(&holder).ok_or_else(|| anyhow::anyhow!("bad address"))?;
            let key = holder_keypair(&state, registry, session.account_id, &address).await?;
            let (certificate_id, block) = registry.claim(&key, program).await?;
            if let Err(error) = year_of_tenure(&state, session.account_id, program).await {
                tracing::error!(program, %error, "recording a year of tenure failed");
            }
            Ok(Claimed {
                certificate_id,
                block: iktomi_chain::hex0x(block),
            })
        })
        .await
}
