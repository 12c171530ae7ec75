//! Hiring from a signed contract, in the steps it takes: check that the contract and its
//! application are ready and who issues to whom, build the employment certificate's document,
//! claim the contract (so a second hire cannot issue a second certificate), issue the certificate
//! through the certificates flow, and record it with the application moved to hired.
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{issuer, submit_issue, Issue, IssuedCertificate, Issuer};
use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::application_flow::{Side, Status as ApplicationStatus};
use crate::marketplace::applications::store as applications;
use crate::marketplace::employment::store::load;
use crate::marketplace::employment::types::{ContractStatus, Hired, Loaded};
use crate::notifications::notify::{self, Kind};
use crate::operations::queue::{from_payload, to_payload};
use crate::operations::Queued;
use crate::state::AppState;
use crate::wallets::custodial::holder_address;

/// What hiring needs once checked: the candidate of the application at offer, and who issues the
/// certificate to which address.
struct Ready {
    candidate: Uuid,
    issuer: Issuer,
    holder: Address,
}

/// Hires from the contract for `employer` (whom the caller checked is on its employer side):
/// queues the employment certificate; once it is on chain the application moves to hired.
pub async fn hire(state: &AppState, loaded: &Loaded, employer: Uuid) -> ApiResult<Queued> {
    let ready = check(state, loaded, employer).await?;
    let document = employment_document(&state.db, loaded).await?;
    claim(&state.db, loaded.contract.id).await?;
    issue(state, loaded, &ready, &document, employer).await
}

pub const HIRED: &str = "contract.hired";

#[derive(Debug, Serialize, Deserialize)]
struct HiredThen {
    contract: Uuid,
    employer: Uuid,
}

/// The contract signed by both and anchored, its application still at offer, the employer's
/// issuer (`employer` manages the verified organization) and the candidate's holder address.
async fn check(state: &AppState, loaded: &Loaded, employer: Uuid) -> ApiResult<Ready> {
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
    let issuer = issuer(state, c.organization_id, employer).await?;
    let holder = holder_address(state, candidate).await?;
    Ok(Ready {
        candidate,
        issuer,
        holder,
    })
}

/// The contract's hash as `0x…` (empty when it has none, which a signed contract never does).
fn hash_hex(loaded: &Loaded) -> String {
    iktomi_chain::hex0x(loaded.hash.clone().unwrap_or_default())
}

/// The employment certificate's document: the position at the organization under the contract,
/// the vacancy's skills, and the contract's dates (an end already past sets no expiry).
async fn employment_document(db: &PgPool, loaded: &Loaded) -> ApiResult<Document> {
    let c = &loaded.contract;
    let skills = sqlx::query_scalar!(
        "SELECT skill FROM vacancy_skills WHERE vacancy_id = $1 ORDER BY skill",
        loaded.vacancy_id
    )
    .fetch_all(db)
    .await?;
    Ok(Document {
        title: c.position.clone(),
        description: format!(
            "Employment at {} under the contract {} signed by both sides",
            c.organization_name,
            hash_hex(loaded)
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
    })
}

/// Moves the contract from signed to active before anything is issued: of two hires of the same
/// contract only one finds it signed, so only one issues a certificate.
async fn claim(db: &PgPool, id: Uuid) -> ApiResult<()> {
    let claimed = sqlx::query!(
        "UPDATE contracts SET status = 'active', updated_at = now() WHERE id = $1 AND status = 'signed'",
        id
    )
    .execute(db)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Err(ApiError::conflict(
            "contract-not-signed",
            "this contract was hired from meanwhile",
        ));
    }
    Ok(())
}

/// Queues the employment certificate; when that fails the claim is released so that hiring
/// can be tried again (and when the operation fails, `hire_failed` releases it).
async fn issue(
    state: &AppState,
    loaded: &Loaded,
    ready: &Ready,
    document: &Document,
    employer: Uuid,
) -> ApiResult<Queued> {
    let c = &loaded.contract;
    let then = to_payload(&HiredThen {
        contract: c.id,
        employer,
    })?;
    let mut then = then;
    then["kind"] = json!(HIRED);
    let queued = submit_issue(
        state,
        Issue {
            organization: c.organization_id,
            issuer: &ready.issuer,
            holder_account: Some(ready.candidate),
            holder: ready.holder,
            kind: CertificateKind::Employment,
            document,
            supersedes: None,
            evidence: Some(json!({
                "type": ["Evidence"],
                "name": "Employment contract signed by both sides",
                "description": format!("SHA-256 {}", hash_hex(loaded)),
            })),
            by: Some(employer),
            then: Some(then),
            claim: None,
        },
    )
    .await;
    if queued.is_err() {
        release(&state.db, c.id).await?;
    }
    queued
}

async fn release(db: impl sqlx::PgExecutor<'_>, contract: Uuid) -> ApiResult<()> {
    sqlx::query!(
        "UPDATE contracts SET status = 'signed' WHERE id = $1 AND status = 'active' AND certificate_id IS NULL",
        contract
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The certificate is on chain: records it on the contract, moves the application to hired and
/// tells the candidate, in the operation's transaction; the answer is the hire.
pub async fn hired(
    state: &AppState,
    conn: &mut PgConnection,
    then: &Value,
    issued: &IssuedCertificate,
) -> ApiResult<Hired> {
    let then: HiredThen = from_payload(then)?;
    let id = then.contract;
    let loaded = load(&state.db, id).await?;
    let (app, candidate) = applications::load(&state.db, loaded.contract.application_id).await?;
    sqlx::query!(
        "UPDATE contracts SET certificate_id = $2, updated_at = now() WHERE id = $1",
        id,
        issued.id as i64
    )
    .execute(&mut *conn)
    .await?;
    applications::transition(
        &mut *conn,
        &app,
        candidate,
        then.employer,
        Side::Employer,
        ApplicationStatus::Hired,
        "hired under the signed contract",
    )
    .await?;
    notify::push(
        &mut *conn,
        candidate,
        Kind::Contract,
        json!({"contract_id": id, "event": "hired", "certificate_id": issued.id}),
    )
    .await?;
    let mut contract = loaded.contract;
    contract.certificate_id = Some(issued.id as i64);
    Ok(Hired {
        contract,
        certificate: issued.clone(),
    })
}

/// The certificate will not land: the contract may be hired from again.
pub async fn hire_failed(conn: &mut PgConnection, then: &Value) -> ApiResult<()> {
    let then: HiredThen = from_payload(then)?;
    release(conn, then.contract).await
}
