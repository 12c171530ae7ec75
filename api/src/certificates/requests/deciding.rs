//! The organization's side of a certificate request: approving (the registry issues it exactly
//! as requested) or rejecting with a reason code, signed with the custodial issuer key.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::certificates::issue::issuer;
use crate::chain::{first, PreparedCall};
use crate::http::error::ApiResult;
use crate::operations::follow_up::Landed;
use crate::operations::queue::claim;
use crate::operations::queue::to_payload;
use crate::operations::{enqueue, Queued};
use crate::state::AppState;
use iktomi_shared::events::CertificateIssued;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Approved {
    pub certificate_id: u64,
    pub block: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = RequestRejection)]
pub struct Rejection {
    /// A reason code the organization's and the holder's apps agree on (0 = unspecified).
    #[serde(default)]
    #[schema(maximum = 65535)]
    pub reason_code: u16,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct DecisionPayload {
    pub request: u64,
}

/// Queues the approval of `request`; the request is claimed, so a second concurrent decision
/// is refused instead of sent.
pub async fn approve(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    request: u64,
) -> ApiResult<Queued> {
    let issuer = issuer(state, organization, account).await?;
    let call = state
        .chain()?
        .approve_request(issuer.key()?, request)
        .await?;
    decide(state, account, request, "request.approve", &call).await
}

pub async fn reject(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    request: u64,
    body: &Rejection,
) -> ApiResult<Queued> {
    let issuer = issuer(state, organization, account).await?;
    let call = state
        .chain()?
        .reject_request(issuer.key()?, request, body.reason_code)
        .await?;
    decide(state, account, request, "chain.included", &call).await
}

async fn decide(
    state: &AppState,
    account: Uuid,
    request: u64,
    kind: &str,
    call: &PreparedCall,
) -> ApiResult<Queued> {
    let mut tx = state.db.begin().await?;
    let payload = to_payload(&DecisionPayload { request })?;
    let queued = enqueue(&mut tx, Some(account), kind, call, payload).await?;
    claim(&mut tx, &format!("request:{request}"), queued).await?;
    tx.commit().await?;
    Ok(queued)
}

/// The approval is final: the certificate the registry issued.
pub fn approve_landed(landed: &Landed) -> ApiResult<Approved> {
    Ok(Approved {
        certificate_id: first::<CertificateIssued>(&landed.events)?.id,
        block: iktomi_chain::hex0x(landed.block),
    })
}
