//! Reading and writing employment contracts: one with its signatures, anchor and reviews, the
//! caller's side of it, drafting one for an application at `offer`, editing a draft, cancelling
//! one not yet signed by both, completing an active one, and the lists each side reads.
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::application_flow::{Side, Status as ApplicationStatus};
use crate::marketplace::applications::types::Application;
use crate::marketplace::employment::terms::{format_rate, message, remark};
use crate::marketplace::employment::types::{
    Anchor, CheckedDraft, Contract, ContractStatus, Loaded, PartySignature, RatePeriod, Review,
};
use crate::notifications::notify::{self, Kind};
use crate::organizations::membership::{self, Role};

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
            remark: iktomi_chain::hex0x(remark(hash)),
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

/// Drafts a contract for `app` (of `candidate`) by `drafter`, who the caller checked is the
/// employer; refused unless the application is at `offer` and has no open contract.
pub async fn draft(
    db: &PgPool,
    app: &Application,
    candidate: Uuid,
    drafter: Uuid,
    draft: &CheckedDraft,
) -> ApiResult<Contract> {
    if app.status != ApplicationStatus::Offer {
        return Err(ApiError::conflict(
            "application-not-at-offer",
            "a contract is drafted for an application at the offer stage",
        ));
    }
    let id = Uuid::new_v4();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO contracts (id, application_id, organization_id, candidate_id, drafted_by, position, terms,
                                starts_on, ends_on, rate_minor, currency, rate_period)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (application_id) WHERE status <> 'cancelled' DO NOTHING",
        id,
        app.id,
        app.organization_id,
        candidate,
        drafter,
        draft.position,
        draft.terms,
        draft.starts_on,
        draft.ends_on,
        draft.rate_minor,
        draft.currency,
        draft.rate_period as RatePeriod,
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
        json!({"contract_id": id, "event": "drafted", "position": draft.position}),
    )
    .await?;
    tx.commit().await?;
    Ok(load(db, id).await?.contract)
}

/// Replaces a draft's terms; refused once a side has signed.
pub async fn edit(db: &PgPool, id: Uuid, draft: &CheckedDraft) -> ApiResult<Contract> {
    let changed = sqlx::query!(
        "UPDATE contracts SET position = $2, terms = $3, starts_on = $4, ends_on = $5, rate_minor = $6,
                currency = $7, rate_period = $8, updated_at = now()
         WHERE id = $1 AND status = 'draft'",
        id,
        draft.position,
        draft.terms,
        draft.starts_on,
        draft.ends_on,
        draft.rate_minor,
        draft.currency,
        draft.rate_period as RatePeriod,
    )
    .execute(db)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::conflict(
            "contract-frozen",
            "the terms are frozen once a side has signed",
        ));
    }
    Ok(load(db, id).await?.contract)
}

/// Cancels a contract not yet signed by both sides.
pub async fn cancel(db: &PgPool, id: Uuid) -> ApiResult<Contract> {
    let changed = sqlx::query!(
        "UPDATE contracts SET status = 'cancelled', updated_at = now()
         WHERE id = $1 AND status IN ('draft', 'signing')",
        id
    )
    .execute(db)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::conflict(
            "contract-not-open",
            "only a contract not yet signed by both sides can be cancelled",
        ));
    }
    Ok(load(db, id).await?.contract)
}

/// Marks an active contract completed, which opens the reviews.
pub async fn complete(db: &PgPool, id: Uuid) -> ApiResult<Contract> {
    let changed = sqlx::query!(
        "UPDATE contracts SET status = 'completed', completed_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'active'",
        id
    )
    .execute(db)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::conflict(
            "contract-not-active",
            "only a contract hired from is completed",
        ));
    }
    Ok(load(db, id).await?.contract)
}

async fn many(db: &PgPool, ids: Vec<Uuid>) -> ApiResult<Vec<Contract>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(load(db, id).await?.contract);
    }
    Ok(out)
}

/// The candidate's contracts, newest first.
pub async fn of_candidate(db: &PgPool, candidate: Uuid) -> ApiResult<Vec<Contract>> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM contracts WHERE candidate_id = $1 ORDER BY created_at DESC LIMIT 200",
        candidate
    )
    .fetch_all(db)
    .await?;
    many(db, ids).await
}

/// The organization's contracts, newest first.
pub async fn of_organization(db: &PgPool, organization: Uuid) -> ApiResult<Vec<Contract>> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM contracts WHERE organization_id = $1 ORDER BY created_at DESC LIMIT 200",
        organization
    )
    .fetch_all(db)
    .await?;
    many(db, ids).await
}
