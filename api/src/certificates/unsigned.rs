//! Issuing for organizations that keep their issuer key in a wallet of their own: the API builds
//! and stores the credential as usual, dry-runs `issue` as the organization's address, and answers
//! the encoded `Contracts::call` for that wallet to sign and submit. The certificate then appears
//! like any other once the indexer mirrors the block (`POST /v1/verify` with the returned
//! document finds it).
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::certificates::credential::content_hash;
use crate::certificates::document::NewCertificate;
use crate::certificates::issue::{credential_for, holder_by_handle, issuer, store_document};
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct GasRequired {
    pub ref_time: u64,
    pub proof_size: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnsignedIssue {
    /// SHA-256 of the credential's canonical JSON, as the call puts it on chain.
    pub content_hash: String,
    /// The Open Badges 3.0 credential the hash binds (stored by the platform).
    pub document: Value,
    /// The organization's issuer address: the wallet that must sign.
    pub signer: String,
    pub holder_address: String,
    /// `Contracts::call` encoded for this chain's runtime, hex: sign and submit it as an extrinsic
    /// (polkadot.js: `api.tx(api.createType('Call', call))`).
    pub call: String,
    /// The registry contract the call targets.
    pub contract: String,
    /// What the dry run as the signer required (the call carries 10% more).
    pub gas_required: GasRequired,
}

/// The unsigned `issue` call of `body` for `account`'s organization, which issues from its own
/// wallet; the credential is stored once the dry run passed.
pub async fn prepare(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    body: &NewCertificate,
) -> ApiResult<UnsignedIssue> {
    body.check()?;
    let issuer = issuer(state, organization, account).await?;
    if issuer.is_custodial() {
        return Err(ApiError::conflict(
            "custodial-issuer",
            "the platform keeps this organization's issuer key: issue with POST /v1/organizations/{id}/certificates",
        ));
    }
    let (holder_account, holder) = holder_by_handle(state, &body.holder).await?;
    let credential = credential_for(
        state,
        organization,
        &issuer.info,
        &holder,
        body.kind,
        &body.document,
    );
    let hash = content_hash(&credential);
    let call = state
        .chain()?
        .prepare_issue(
            issuer.info.address.0,
            holder.0,
            body.kind.chain(),
            hash,
            body.document
                .expires_at
                .map(|t| t.timestamp_millis().max(0) as u64),
        )
        .await?;
    store_document(
        &mut *state.db.acquire().await?,
        &hash,
        organization,
        Some(holder_account),
        &credential,
    )
    .await?;
    Ok(UnsignedIssue {
        content_hash: iktomi_chain::hex0x(hash),
        document: credential,
        signer: issuer.info.address.ss58(),
        holder_address: holder.ss58(),
        call: iktomi_chain::hex0x(&call.call_data),
        contract: iktomi_chain::hex0x(call.contract),
        gas_required: GasRequired {
            ref_time: call.gas_required.0,
            proof_size: call.gas_required.1,
        },
    })
}
