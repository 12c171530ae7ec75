//! The issuing organization's decision on a wallet move, signed with its custodial issuer key.
use uuid::Uuid;

use crate::certificates::issue::issuer;
use crate::chain::Included;
use crate::http::error::ApiResult;
use crate::state::AppState;

/// Approves (the certificates, and for all the tenure, move) or rejects `migration`.
pub async fn decide(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    migration: u64,
    approve: bool,
) -> ApiResult<Included> {
    let issuer = issuer(state, organization, account).await?;
    let block = state
        .chain()?
        .decide_migration(issuer.key()?, migration, approve)
        .await?;
    Ok(Included {
        block: iktomi_chain::hex0x(block),
    })
}
