//! The holder's side of a certificate request: the proposed credential is built and stored like
//! an issued one, then requested on chain with the holder's custodial key.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::certificates::credential::content_hash;
use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{credential_for, issuer_address, store_document, IssuerInfo};
use crate::http::error::{ApiResult, Checks};
use crate::organizations::organization;
use crate::state::AppState;
use crate::wallets::custodial::{holder_address, holder_keypair};

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

/// Requests the certificate `body` proposes, as `account`, from its organization.
pub async fn ask(state: &AppState, account: Uuid, body: &NewRequest) -> ApiResult<Requested> {
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
    let key = holder_keypair(state, registry, account, &holder).await?;
    let credential = credential_for(state, org.id, &issuer, &holder, body.kind, &body.document);
    let hash = content_hash(&credential);
    store_document(state, &hash, org.id, Some(account), &credential).await?;
    let expires = body
        .document
        .expires_at
        .map(|t| t.timestamp_millis().max(0) as u64);
    let (id, block) = registry
        .request_certificate(&key, issuer.address.0, body.kind.chain(), hash, expires)
        .await?;
    Ok(Requested {
        request_id: id,
        content_hash: iktomi_chain::hex0x(hash),
        block: iktomi_chain::hex0x(block),
    })
}
