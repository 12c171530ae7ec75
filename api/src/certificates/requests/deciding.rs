//! The organization's side of a certificate request: approving (the registry issues it exactly
//! as requested) or rejecting with a reason code, signed with the custodial issuer key.
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::certificates::document::CertificateKind;
use crate::certificates::events;

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
pub async fn approve_landed(
    state: &AppState,
    conn: &mut PgConnection,
    landed: &Landed,
) -> ApiResult<Approved> {
    let issued = first::<CertificateIssued>(&landed.events)?;
    // The holder hears of it, and earns for it, as from any other issue: the document they
    // asked with names them.
    let asked = sqlx::query!(
        r#"SELECT organization_id, holder_account, document->>'name' AS "title?"
           FROM certificate_documents WHERE content_hash = $1"#,
        &issued.content_hash[..]
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(asked) = asked {
        if let Some(holder) = asked.holder_account {
            let kind = CertificateKind::from_chain(issued.kind).map_or("other", |k| k.as_str());
            events::issued(
                state,
                conn,
                asked.organization_id,
                holder,
                issued.id,
                kind,
                asked.title.as_deref().unwrap_or_default(),
            )
            .await?;
        }
    }
    Ok(Approved {
        certificate_id: issued.id,
        block: iktomi_chain::hex0x(landed.block),
    })
}
