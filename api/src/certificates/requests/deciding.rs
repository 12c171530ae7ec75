//! The organization's side of a certificate request: approving (the registry issues it exactly
//! as requested) or rejecting with a reason code, signed with the custodial issuer key.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::certificates::issue::issuer;
use crate::chain::Included;
use crate::http::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Approved {
    pub certificate_id: u64,
    pub block: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Rejection {
    /// A reason code the organization's and the holder's apps agree on (0 = unspecified).
    #[serde(default)]
    pub reason_code: u16,
}

pub async fn approve(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    request: u64,
) -> ApiResult<Approved> {
    let issuer = issuer(state, organization, account).await?;
    let (certificate_id, block) = state
        .chain()?
        .approve_request(issuer.key()?, request)
        .await?;
    Ok(Approved {
        certificate_id,
        block: iktomi_chain::hex0x(block),
    })
}

pub async fn reject(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    request: u64,
    body: &Rejection,
) -> ApiResult<Included> {
    let issuer = issuer(state, organization, account).await?;
    let block = state
        .chain()?
        .reject_request(issuer.key()?, request, body.reason_code)
        .await?;
    Ok(Included {
        block: iktomi_chain::hex0x(block),
    })
}
