//! The holder's side of a certificate request: the proposed credential is built and stored like
//! an issued one, then requested on chain with the holder's custodial key.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::certificates::credential::content_hash;
use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{credential_for, issuer_address, store_document, IssuerInfo};
use crate::chain::first;
use crate::http::error::{ApiResult, Checks};
use crate::operations::follow_up::Landed;
use crate::operations::queue::to_payload;
use crate::operations::{enqueue, Queued};
use crate::organizations::organization;
use crate::state::AppState;
use crate::wallets::custodial::{holder_address, holder_keypair};
use iktomi_shared::events::CertificateRequested;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewRequest {
    pub organization_id: Uuid,
    pub kind: CertificateKind,
    #[serde(flatten)]
    pub document: Document,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Requested {
    pub request_id: u64,
    pub content_hash: String,
    pub block: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AskPayload {
    pub content_hash: String,
}

/// Queues the request of the certificate `body` proposes, as `account`, from its organization.
pub async fn ask(state: &AppState, account: Uuid, body: &NewRequest) -> ApiResult<Queued> {
    let mut c = Checks::default();
    body.document
        .check(&mut c, body.kind == CertificateKind::Employment);
    c.finish()?;
    let registry = state.chain()?;
    let org = organization::fetch(&state.db, body.organization_id).await?;
    let issuer = IssuerInfo {
        address: issuer_address(&org)?,
        name: org.name,
    };
    let holder = holder_address(state, account).await?;
    let key = holder_keypair(state, account, &holder, Some(org.id)).await?;
    let credential = credential_for(state, org.id, &issuer, &holder, body.kind, &body.document);
    let hash = content_hash(&credential);
    let expires = body
        .document
        .expires_at
        .map(|t| t.timestamp_millis().max(0) as u64);
    let call = registry
        .request_certificate(&key, issuer.address.0, body.kind.chain(), hash, expires)
        .await?;
    let mut tx = state.db.begin().await?;
    store_document(&mut tx, &hash, org.id, Some(account), &credential).await?;
    let payload = AskPayload {
        content_hash: iktomi_chain::hex0x(hash),
    };
    let queued = enqueue(
        &mut tx,
        Some(account),
        "request.ask",
        &call,
        to_payload(&payload)?,
    )
    .await?;
    tx.commit().await?;
    Ok(queued)
}

/// The request is on chain: its id comes from the event.
pub fn ask_landed(payload: AskPayload, landed: &Landed) -> ApiResult<Requested> {
    let id = first::<CertificateRequested>(&landed.events)?.id;
    Ok(Requested {
        request_id: id,
        content_hash: payload.content_hash,
        block: iktomi_chain::hex0x(landed.block),
    })
}
