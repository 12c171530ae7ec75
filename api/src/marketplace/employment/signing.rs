//! Signing a contract and what follows. The first signature freezes the terms into a canonical
//! document and its hash; each side signs `iktomi-contract:0x<hash>` with sr25519 (its custodial
//! wallet, or a bound external wallet whose signature it sends); with both signatures the
//! operator anchors the hash on chain and the contract is signed. Hiring from a signed contract
//! issues the employment certificate through the certificates flow and moves the application to
//! hired; completing it opens the reviews.
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{issuer, submit_issue, Issue, IssuedCertificate};
use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::marketplace::application_flow::{Side, Status as ApplicationStatus};
use crate::marketplace::applications;
use crate::marketplace::employment::contracts::{load, side_of, Contract, ContractStatus, Loaded};
use crate::marketplace::employment::terms::{hash_of, message, remark, Terms};
use crate::notifications::notify::{self, Kind};
use crate::profiles::recommendations::statement::{sign_as, ExternalSignature};
use crate::state::AppState;
use crate::wallets::custodial::holder_address;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign))
        .routes(routes!(anchor))
        .routes(routes!(hire))
        .routes(routes!(complete))
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Sign {
    /// A signature made in one of your bound external wallets; without it your custodial
    /// wallet signs.
    pub signature: Option<ExternalSignature>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Hired {
    pub contract: Contract,
    pub certificate: IssuedCertificate,
}

fn terms_of(loaded: &Loaded) -> Terms<'_> {
    let c = &loaded.contract;
    Terms {
        contract: c.id,
        application: c.application_id,
        organization: c.organization_id,
        organization_name: &c.organization_name,
        candidate: loaded.candidate_id,
        candidate_handle: &c.candidate,
        position: &c.position,
        terms: &c.terms,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        rate_minor: loaded.rate_minor,
        currency: &c.currency,
        rate_period: c.rate_period.as_str(),
    }
}

/// Sign the contract's hash for your side (the candidate, or a manager or admin of the employer).
#[utoipa::path(post, path = "/v1/contracts/{id}/signatures", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Sign,
    responses((status = 200, body = Contract), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem),
              (status = 502, body = Problem), (status = 503, body = Problem)))]
async fn sign(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Sign>,
) -> ApiResult<axum::Json<Contract>> {
    let loaded = load(&state.db, id).await?;
    let side = side_of(&state.db, &loaded, session.account_id).await?;
    let c = &loaded.contract;
    if !matches!(c.status, ContractStatus::Draft | ContractStatus::Signing) {
        return Err(ApiError::conflict(
            "contract-not-open",
            "this contract is no longer open for signatures",
        ));
    }
    let already = match side {
        Side::Employer => c.employer_signature.is_some(),
        Side::Candidate => c.candidate_signature.is_some(),
    };
    if already {
        return Err(ApiError::conflict(
            "already-signed",
            "your side has signed this contract",
        ));
    }
    let (document, hash) = match &loaded.hash {
        Some(hash) => (None, hash.clone()),
        None => {
            let document = terms_of(&loaded).document();
            let hash = hash_of(&document).to_vec();
            (Some(document), hash)
        }
    };
    let signed = sign_as(
        &state,
        session.account_id,
        message(&hash),
        body.signature.as_ref(),
    )
    .await?;
    let mut tx = state.db.begin().await?;
    if let Some(document) = document {
        // Freezing only from a draft: an edit that slipped in meanwhile makes this touch nothing.
        let frozen = sqlx::query!(
            "UPDATE contracts SET document = $2, content_hash = $3, status = 'signing', updated_at = now()
             WHERE id = $1 AND status = 'draft' AND updated_at = $4",
            id,
            document,
            &hash,
            c.updated_at
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if frozen == 0 {
            return Err(ApiError::conflict(
                "contract-changed",
                "the contract changed while you signed; read it again",
            ));
        }
    }
    let stored = match side {
        Side::Employer => sqlx::query!(
            "UPDATE contracts SET employer_signer = $2, employer_address = $3, employer_signature = $4,
                    employer_signed_at = now(), updated_at = now()
             WHERE id = $1 AND content_hash = $5 AND employer_signature IS NULL",
            id,
            session.account_id,
            &signed.signer.0[..],
            &signed.signature[..],
            &hash
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Side::Candidate => sqlx::query!(
            "UPDATE contracts SET candidate_address = $2, candidate_signature = $3,
                    candidate_signed_at = now(), updated_at = now()
             WHERE id = $1 AND content_hash = $4 AND candidate_signature IS NULL",
            id,
            &signed.signer.0[..],
            &signed.signature[..],
            &hash
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
    };
    if stored == 0 {
        return Err(ApiError::conflict(
            "already-signed",
            "your side has signed this contract",
        ));
    }
    if side == Side::Employer {
        notify::push(
            &mut tx,
            loaded.candidate_id,
            Kind::Contract,
            json!({"contract_id": id, "event": "signed_by_employer", "content_hash": iktomi_chain::hex0x(&hash)}),
        )
        .await?;
    }
    tx.commit().await?;
    // The signature is stored whatever the chain does; a failed anchoring leaves the contract
    // at `signing` with both signatures and `anchor` empty, for `POST .../anchor` to retry.
    if let Err(error) = anchor_when_both_signed(&state, id).await {
        tracing::warn!(contract = %id, %error, "anchoring failed; retry with POST /anchor");
    }
    Ok(axum::Json(load(&state.db, id).await?.contract))
}

/// With both signatures in, puts the hash on chain and marks the contract signed.
async fn anchor_when_both_signed(state: &AppState, id: Uuid) -> ApiResult<()> {
    let loaded = load(&state.db, id).await?;
    let c = &loaded.contract;
    let (Some(hash), true) = (
        &loaded.hash,
        c.status == ContractStatus::Signing
            && c.employer_signature.is_some()
            && c.candidate_signature.is_some(),
    ) else {
        return Ok(());
    };
    let block = state.chain()?.anchor(&remark(hash)).await?;
    let mut tx = state.db.begin().await?;
    let marked = sqlx::query!(
        "UPDATE contracts SET status = 'signed', anchor_block = $2, anchored_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'signing'",
        id,
        &block[..]
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if marked == 1 {
        notify::push(
            &mut tx,
            loaded.candidate_id,
            Kind::Contract,
            json!({"contract_id": id, "event": "signed", "anchor_block": iktomi_chain::hex0x(block)}),
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(contract = %id, block = %iktomi_chain::hex0x(block), "contract anchored");
    Ok(())
}

/// Anchor again a contract both sides signed whose anchoring failed (chain unreachable).
#[utoipa::path(post, path = "/v1/contracts/{id}/anchor", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Contract), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 502, body = Problem), (status = 503, body = Problem)))]
async fn anchor(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Contract>> {
    let loaded = load(&state.db, id).await?;
    side_of(&state.db, &loaded, session.account_id).await?;
    let c = &loaded.contract;
    if c.status != ContractStatus::Signing
        || c.employer_signature.is_none()
        || c.candidate_signature.is_none()
    {
        return Err(ApiError::conflict(
            "not-signed-by-both",
            "only a contract both sides signed and not yet anchored is anchored",
        ));
    }
    anchor_when_both_signed(&state, id).await?;
    Ok(axum::Json(load(&state.db, id).await?.contract))
}

/// Hire from a signed contract: issues the employment certificate (a manager or admin of the
/// verified employer) and moves the application to hired.
#[utoipa::path(post, path = "/v1/contracts/{id}/hire", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 201, body = Hired), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 502, body = Problem)))]
async fn hire(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<(axum::http::StatusCode, axum::Json<Hired>)> {
    let loaded = load(&state.db, id).await?;
    if side_of(&state.db, &loaded, session.account_id).await? != Side::Employer {
        return Err(ApiError::Forbidden("only the employer hires"));
    }
    let c = &loaded.contract;
    if c.status != ContractStatus::Signed {
        return Err(ApiError::conflict(
            "contract-not-signed",
            "hiring needs a contract both sides signed and anchored",
        ));
    }
    let (app, candidate) = applications::load(&state.db, c.application_id).await?;
    if app.status != ApplicationStatus::Offer {
        return Err(ApiError::conflict(
            "application-not-at-offer",
            "the application is no longer at the offer stage",
        ));
    }
    let issuer = issuer(&state, c.organization_id, session.account_id).await?;
    let holder = holder_address(&state, candidate).await?;
    let skills = sqlx::query_scalar!(
        "SELECT skill FROM vacancy_skills WHERE vacancy_id = $1 ORDER BY skill",
        loaded.vacancy_id
    )
    .fetch_all(&state.db)
    .await?;
    let hash = loaded.hash.clone().unwrap_or_default();
    let document = Document {
        title: c.position.clone(),
        description: format!(
            "Employment at {} under the contract {} signed by both sides",
            c.organization_name,
            iktomi_chain::hex0x(&hash)
        ),
        criteria: None,
        evidence: Vec::new(),
        position: Some(c.position.clone()),
        skills,
        valid_from: c.starts_on.and_hms_opt(0, 0, 0).map(|t| t.and_utc()),
        expires_at: c
            .ends_on
            .and_then(|d| d.and_hms_opt(23, 59, 59))
            .map(|t| t.and_utc())
            .filter(|t| *t > chrono::Utc::now()),
    };
    // Claimed first, so a second hire of the same contract cannot issue a second certificate.
    let claimed = sqlx::query!(
        "UPDATE contracts SET status = 'active', updated_at = now() WHERE id = $1 AND status = 'signed'",
        id
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Err(ApiError::conflict(
            "contract-not-signed",
            "this contract was hired from meanwhile",
        ));
    }
    let issued = submit_issue(
        &state,
        Issue {
            organization: c.organization_id,
            issuer: &issuer,
            holder_account: Some(candidate),
            holder,
            kind: CertificateKind::Employment,
            document: &document,
            supersedes: None,
            evidence: Some(json!({
                "type": ["Evidence"],
                "name": "Employment contract signed by both sides",
                "description": format!("SHA-256 {}", iktomi_chain::hex0x(&hash)),
            })),
        },
    )
    .await;
    let issued = match issued {
        Ok(issued) => issued,
        Err(error) => {
            sqlx::query!(
                "UPDATE contracts SET status = 'signed' WHERE id = $1 AND status = 'active' AND certificate_id IS NULL",
                id
            )
            .execute(&state.db)
            .await?;
            return Err(error);
        }
    };
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "UPDATE contracts SET certificate_id = $2, updated_at = now() WHERE id = $1",
        id,
        issued.id as i64
    )
    .execute(&mut *tx)
    .await?;
    applications::transition(
        &mut tx,
        &app,
        candidate,
        session.account_id,
        Side::Employer,
        ApplicationStatus::Hired,
        "hired under the signed contract",
    )
    .await?;
    notify::push(
        &mut tx,
        candidate,
        Kind::Contract,
        json!({"contract_id": id, "event": "hired", "certificate_id": issued.id}),
    )
    .await?;
    tx.commit().await?;
    Ok((
        axum::http::StatusCode::CREATED,
        axum::Json(Hired {
            contract: load(&state.db, id).await?.contract,
            certificate: issued,
        }),
    ))
}

/// Mark an active contract completed (the employer); both sides may then review each other.
#[utoipa::path(post, path = "/v1/contracts/{id}/complete", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Contract), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn complete(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Contract>> {
    let loaded = load(&state.db, id).await?;
    if side_of(&state.db, &loaded, session.account_id).await? != Side::Employer {
        return Err(ApiError::Forbidden(
            "only the employer completes a contract",
        ));
    }
    let changed = sqlx::query!(
        "UPDATE contracts SET status = 'completed', completed_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'active'",
        id
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::conflict(
            "contract-not-active",
            "only a contract hired from is completed",
        ));
    }
    Ok(axum::Json(load(&state.db, id).await?.contract))
}
