//! An operator's decision on a verification request: approving registers the organization's
//! wallet as an issuer on chain (with the operator's key) and records it; rejecting keeps a
//! reason the organization reads.
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{Postgres, Transaction};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::chain::{ChainCallError, RegistryError};
use crate::http::error::{ApiError, ApiResult, Checks};
use crate::notifications::notify::{self, Kind};
use crate::operations::follow_up::Landed;
use crate::operations::queue::claim;
use crate::operations::queue::to_payload;
use crate::operations::{enqueue_all, Queued};
use crate::organizations::issuer_verification::requests::{load, VerificationRequest};
use crate::organizations::organization::{self, Organization};
use crate::state::AppState;
use crate::wallets::custodial::{custodial_wallet, Owner};

#[derive(Debug, Serialize, ToSchema)]
pub struct Decision {
    pub request: VerificationRequest,
    pub organization: Organization,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = VerificationRejection)]
pub struct Rejection {
    #[schema(pattern = r"\S", max_length = 1000)]
    pub reason: String,
}

fn already_decided() -> ApiError {
    ApiError::conflict("not-pending", "this request was already decided")
}

/// The wallet to register: the organization's own when it named one; else a custodial wallet,
/// committed before the chain call so a retry after a failure reuses the same address.
async fn issuer_wallet(
    state: &AppState,
    request: &VerificationRequest,
    organization: &Organization,
) -> ApiResult<Address> {
    match request.issuer_address.as_deref().and_then(Address::parse) {
        Some(external) => Ok(external),
        None => custodial_wallet(state, Owner::Organization(organization.id)).await,
    }
}

/// SHA-256 of what the operator approved, registered on chain with the issuer.
fn metadata_hash(request: &VerificationRequest, organization: &Organization) -> [u8; 32] {
    let metadata = json!({
        "organization_id": organization.id,
        "name": organization.name,
        "web_domain": request.web_domain,
        "documents": request.documents,
    });
    Sha256::digest(metadata.to_string().as_bytes()).into()
}

/// Locks the request; 409 unless it still waits for a decision.
async fn lock_pending(tx: &mut Transaction<'_, Postgres>, id: Uuid) -> ApiResult<()> {
    let still_pending = sqlx::query_scalar!(
        r#"SELECT status = 'pending' AS "p!" FROM verification_requests WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_one(&mut **tx)
    .await?;
    if !still_pending {
        return Err(already_decided());
    }
    Ok(())
}

/// Marks the request approved in `block` and the organization as issuing from `issuer`.
async fn record_approval(
    tx: &mut sqlx::PgConnection,
    id: Uuid,
    operator: Uuid,
    organization: Uuid,
    issuer: &Address,
    metadata_hash: &[u8; 32],
    block: &[u8],
) -> ApiResult<()> {
    sqlx::query!(
        "UPDATE verification_requests SET status = 'approved', decided_by = $2, decided_at = now(),
             metadata_hash = $3, chain_block = $4 WHERE id = $1",
        id,
        operator,
        &metadata_hash[..],
        block,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE organizations SET issuer_account = $2 WHERE id = $1",
        organization,
        &issuer.0[..],
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// An issuer already registered is the client's conflict; any other failure to register is the
/// chain's (502), whatever the registry's reason: a misconfigured operator key is not the
/// client's to fix.
fn registration_failed(error: ChainCallError) -> ApiError {
    match error {
        ChainCallError::Refused(RegistryError::IssuerExists) => error.into(),
        other => {
            tracing::warn!(error = %other, "registering the issuer on chain failed");
            ApiError::Upstream("registering the issuer on chain failed".into())
        }
    }
}

/// What the registration's follow-up records.
#[derive(Debug, Serialize, Deserialize)]
pub struct RegisterPayload {
    pub request: Uuid,
    pub operator: Uuid,
    pub organization: Uuid,
    /// The issuer's address, hex.
    pub issuer: String,
    pub metadata_hash: String,
}

/// Approves request `id` as `operator`: queues the issuer's registration on chain (and its
/// funds); the request is claimed, so a second approval is refused. The organization shows
/// `verified` once the indexer has mirrored the registration.
pub async fn approve(state: &AppState, operator: Uuid, id: Uuid) -> ApiResult<Queued> {
    let registry = state.chain()?;
    let request = load(&state.db, id).await?;
    if request.status != "pending" {
        return Err(already_decided());
    }
    let organization = organization::fetch(&state.db, request.organization_id).await?;
    let issuer = issuer_wallet(state, &request, &organization).await?;
    let metadata_hash = metadata_hash(&request, &organization);
    let calls = registry
        .register(issuer.0, *organization.id.as_bytes(), metadata_hash)
        .await
        .map_err(registration_failed)?;
    let payload = to_payload(&RegisterPayload {
        request: id,
        operator,
        organization: organization.id,
        issuer: hex::encode(issuer.0),
        metadata_hash: hex::encode(metadata_hash),
    })?;
    let mut tx = state.db.begin().await?;
    lock_pending(&mut tx, id).await?;
    let queued = enqueue_all(&mut tx, Some(operator), "issuer.register", &calls, payload).await?;
    claim(&mut tx, &format!("verification:{id}"), queued)
        .await
        .map_err(|_| already_decided())?;
    tx.commit().await?;
    tracing::info!(request = %id, organization = %organization.id, issuer = %issuer.ss58(), "issuer registration queued");
    Ok(queued)
}

/// The registration is final: the request is approved and the organization issues from the
/// registered wallet.
pub async fn register_landed(
    conn: &mut sqlx::PgConnection,
    payload: RegisterPayload,
    landed: &Landed,
) -> ApiResult<Decision> {
    let bytes = |hex_text: &str| {
        hex::decode(hex_text).map_err(|e| ApiError::Internal(anyhow::Error::new(e)))
    };
    let issuer = Address::from_bytes(&bytes(&payload.issuer)?)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("bad issuer address")))?;
    let metadata_hash: [u8; 32] = bytes(&payload.metadata_hash)?
        .try_into()
        .map_err(|_| ApiError::Internal(anyhow::anyhow!("bad metadata hash")))?;
    record_approval(
        conn,
        payload.request,
        payload.operator,
        payload.organization,
        &issuer,
        &metadata_hash,
        &landed.block[..],
    )
    .await?;
    let name = notify::organization_name(conn, payload.organization).await?;
    notify::push_to_members(
        conn,
        payload.organization,
        &["admin"],
        None,
        Kind::VerificationDecided,
        json!({"organization_id": payload.organization, "organization": name, "approved": true}),
    )
    .await?;
    tracing::info!(request = %payload.request, organization = %payload.organization, issuer = %issuer.ss58(), "issuer registered");
    Ok(Decision {
        request: load(&mut *conn, payload.request).await?,
        organization: organization::fetch(&mut *conn, payload.organization).await?,
    })
}

/// Rejects request `id` as `operator` with a reason the organization reads.
pub async fn reject(
    state: &AppState,
    operator: Uuid,
    id: Uuid,
    body: &Rejection,
) -> ApiResult<VerificationRequest> {
    let mut c = Checks::default();
    c.text(&body.reason, "reason", 1, 1000);
    c.finish()?;
    let exists = load(&state.db, id).await?;
    let mut tx = state.db.begin().await?;
    let updated = sqlx::query!(
        "UPDATE verification_requests SET status = 'rejected', decided_by = $2, decided_at = now(),
             reason = $3
         WHERE id = $1 AND status = 'pending'
           AND NOT EXISTS (SELECT 1 FROM chain_claims WHERE subject = 'verification:' || $1::text)",
        id,
        operator,
        body.reason.trim(),
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(ApiError::conflict(
            "not-pending",
            format!("this request is already {}", exists.status),
        ));
    }
    let name = notify::organization_name(&mut tx, exists.organization_id).await?;
    notify::push_to_members(
        &mut tx,
        exists.organization_id,
        &["admin"],
        None,
        Kind::VerificationDecided,
        json!({"organization_id": exists.organization_id, "organization": name,
               "approved": false, "reason": body.reason.trim()}),
    )
    .await?;
    tx.commit().await?;
    load(&state.db, id).await
}
