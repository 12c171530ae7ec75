//! The holder's side of a certificate request: the proposed credential is built and stored like
//! an issued one, then requested on chain with the holder's custodial key.
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::certificates::credential::content_hash;
use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{credential_for, issuer_address, store_document, IssuerInfo};
use crate::chain::first;
use crate::http::error::{ApiResult, Checks};
use crate::notifications::notify::{self, Kind};
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

/// The request is on chain: its id comes from the event, and the organization's managers hear
/// of it in the transaction that records it.
pub async fn ask_landed(
    conn: &mut PgConnection,
    payload: AskPayload,
    landed: &Landed,
) -> ApiResult<Requested> {
    let event = first::<CertificateRequested>(&landed.events)?;
    let asked = sqlx::query!(
        r#"SELECT d.organization_id, d.holder_account, d.document->>'name' AS "title?", o.name
           FROM certificate_documents d JOIN organizations o ON o.id = d.organization_id
           WHERE d.content_hash = $1"#,
        &event.content_hash[..]
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(asked) = asked {
        let from = match asked.holder_account {
            Some(holder) => notify::person_name(conn, holder).await?,
            None => String::new(),
        };
        let kind = CertificateKind::from_chain(event.kind).map_or("other", |k| k.as_str());
        notify::push_to_members(
            conn,
            asked.organization_id,
            &["manager", "admin"],
            asked.holder_account,
            Kind::CertificateRequested,
            json!({"request_id": event.id, "organization_id": asked.organization_id,
                   "organization": asked.name, "from": from, "kind": kind,
                   "title": asked.title.unwrap_or_default()}),
        )
        .await?;
    }
    Ok(Requested {
        request_id: event.id,
        content_hash: payload.content_hash,
        block: iktomi_chain::hex0x(landed.block),
    })
}
