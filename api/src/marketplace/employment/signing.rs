//! Signing a contract and anchoring it. The first signature freezes the terms into a canonical
//! document and its hash; each side signs `iktomi-contract:0x<hash>` with sr25519 (its custodial
//! wallet, or a bound external wallet whose signature it sends); with both signatures the
//! operator anchors the hash on chain and the contract is signed.
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::application_flow::Side;
use crate::marketplace::employment::store::load;
use crate::marketplace::employment::terms::{hash_of, message, remark, Terms};
use crate::marketplace::employment::types::{Contract, ContractStatus, Loaded};
use crate::notifications::notify::{self, Kind};
use crate::operations::follow_up::Landed;
use crate::operations::queue::claim;
use crate::operations::queue::to_payload;
use crate::operations::{enqueue, waiting, Queued};
use crate::profiles::recommendations::statement::{sign_as, ExternalSignature, Signed};
use crate::state::AppState;
use serde::{Deserialize, Serialize};

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

/// Signs the contract for `side` as `signer` (with `external`, or their custodial wallet), then
/// anchors it if both sides have signed.
pub async fn sign(
    state: &AppState,
    loaded: &Loaded,
    side: Side,
    signer: Uuid,
    external: Option<&ExternalSignature>,
    wait: Option<std::time::Duration>,
) -> ApiResult<Contract> {
    let c = &loaded.contract;
    check_open_for(c, side)?;
    let (document, hash) = document_and_hash(loaded);
    let signed = sign_as(state, signer, message(&hash), external).await?;
    let mut tx = state.db.begin().await?;
    if let Some(document) = document {
        freeze(&mut tx, c.id, &document, &hash, c.updated_at).await?;
    }
    store_signature(&mut tx, c.id, side, signer, &signed, &hash).await?;
    if side == Side::Employer {
        notify::push(
            &mut tx,
            loaded.candidate_id,
            Kind::Contract,
            json!({"contract_id": c.id, "event": "signed_by_employer", "content_hash": iktomi_chain::hex0x(&hash)}),
        )
        .await?;
    } else if c.employer_signature.is_none() {
        // The candidate signed first: the organization's side is the one to act now.
        notify::push_to_members(
            &mut tx,
            c.organization_id,
            &["manager", "admin"],
            Some(signer),
            Kind::Contract,
            json!({"contract_id": c.id, "event": "signed_by_candidate", "position": c.position,
                   "content_hash": iktomi_chain::hex0x(&hash)}),
        )
        .await?;
    }
    tx.commit().await?;
    // The signature is stored whatever the chain does; a failed anchoring leaves the contract
    // at `signing` with both signatures and `anchor` empty, for `POST .../anchor` to retry.
    match anchor_when_both_signed(state, c.id).await {
        Ok(Some(queued)) => {
            // The answer shows the contract signed when the client waits and the chain is quick.
            waiting::answer(&state.db, queued.0, wait).await?;
        }
        Ok(None) => {}
        Err(error) => {
            tracing::warn!(contract = %c.id, %error, "anchoring failed; retry with POST /anchor")
        }
    }
    Ok(load(&state.db, c.id).await?.contract)
}

/// Refuses a contract no longer open for signatures, or one `side` has signed.
fn check_open_for(c: &Contract, side: Side) -> ApiResult<()> {
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
    Ok(())
}

/// The frozen hash, or for a draft the document its terms freeze into (to store) and its hash.
fn document_and_hash(loaded: &Loaded) -> (Option<Value>, Vec<u8>) {
    match &loaded.hash {
        Some(hash) => (None, hash.clone()),
        None => {
            let document = terms_of(loaded).document();
            let hash = hash_of(&document).to_vec();
            (Some(document), hash)
        }
    }
}

/// Freezes a draft's terms as `document` with its hash.
async fn freeze(
    tx: &mut PgConnection,
    id: Uuid,
    document: &Value,
    hash: &[u8],
    read_at: DateTime<Utc>,
) -> ApiResult<()> {
    // Freezing only from a draft: an edit that slipped in meanwhile makes this touch nothing.
    let frozen = sqlx::query!(
        "UPDATE contracts SET document = $2, content_hash = $3, status = 'signing', updated_at = now()
         WHERE id = $1 AND status = 'draft' AND updated_at = $4",
        id,
        document,
        hash,
        read_at
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
    Ok(())
}

/// Stores `side`'s signature of `hash`; refused when that side has signed meanwhile.
async fn store_signature(
    tx: &mut PgConnection,
    id: Uuid,
    side: Side,
    signer: Uuid,
    signed: &Signed,
    hash: &[u8],
) -> ApiResult<()> {
    let stored = match side {
        Side::Employer => sqlx::query!(
            "UPDATE contracts SET employer_signer = $2, employer_address = $3, employer_signature = $4,
                    employer_signed_at = now(), updated_at = now()
             WHERE id = $1 AND content_hash = $5 AND employer_signature IS NULL",
            id,
            signer,
            &signed.signer.0[..],
            &signed.signature[..],
            hash
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
            hash
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
    Ok(())
}

/// Anchors again a contract both sides signed whose anchoring failed.
pub async fn anchor(state: &AppState, loaded: &Loaded) -> ApiResult<Queued> {
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
    anchor_when_both_signed(state, c.id)
        .await?
        .ok_or_else(|| ApiError::conflict("not-signed-by-both", "the contract changed meanwhile"))
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AnchorPayload {
    pub contract: Uuid,
    pub candidate: Uuid,
}

/// With both signatures in, queues the operator's anchoring of the hash; the contract is
/// claimed, so it is anchored once however many requests ask.
async fn anchor_when_both_signed(state: &AppState, id: Uuid) -> ApiResult<Option<Queued>> {
    let loaded = load(&state.db, id).await?;
    let c = &loaded.contract;
    let (Some(hash), true) = (
        &loaded.hash,
        c.status == ContractStatus::Signing
            && c.employer_signature.is_some()
            && c.candidate_signature.is_some(),
    ) else {
        return Ok(None);
    };
    let call = state.chain()?.anchor(&remark(hash)).await?;
    let payload = AnchorPayload {
        contract: id,
        candidate: loaded.candidate_id,
    };
    let mut tx = state.db.begin().await?;
    let queued = enqueue(
        &mut tx,
        None,
        "contract.anchor",
        &call,
        to_payload(&payload)?,
    )
    .await?;
    claim(&mut tx, &format!("contract:{id}"), queued).await?;
    tx.commit().await?;
    Ok(Some(queued))
}

/// The hash is on chain: the contract is signed, and the candidate told.
pub async fn anchor_landed(
    conn: &mut PgConnection,
    payload: AnchorPayload,
    landed: &Landed,
) -> ApiResult<Value> {
    let block = landed.block;
    let marked = sqlx::query!(
        "UPDATE contracts SET status = 'signed', anchor_block = $2, anchored_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'signing'",
        payload.contract,
        &block[..]
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if marked == 1 {
        notify::push(
            &mut *conn,
            payload.candidate,
            Kind::Contract,
            json!({"contract_id": payload.contract, "event": "signed", "anchor_block": iktomi_chain::hex0x(block)}),
        )
        .await?;
    }
    tracing::info!(contract = %payload.contract, block = %iktomi_chain::hex0x(block), "contract anchored");
    Ok(json!({
        "contract_id": payload.contract,
        "status": "signed",
        "anchor_block": iktomi_chain::hex0x(block),
    }))
}
