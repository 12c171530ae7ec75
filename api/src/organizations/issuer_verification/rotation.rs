//! Issuer-key rotation (issue 15, item 10): an organization that fears its issuer key leaked
//! moves to a fresh custodial account. The operator's `rotate_issuer` registers the new account
//! for the same organization and retires the old one in one call: the old key can sign nothing
//! any more, what it issued stays valid, and the new key revokes or renews it. Once that is
//! final the organization issues from the new account and signs credentials with the next
//! derived key; the JWKS keeps the earlier ones, so credentials exported before still verify.
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::session::Session;
use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult};
use crate::operations::follow_up::Landed;
use crate::operations::queue::{claim, to_payload};
use crate::operations::{enqueue_all, Queued};
use crate::organizations::membership::{self, Role};
use crate::organizations::organization;
use crate::state::AppState;
use crate::wallets::custodial::{create_custodial, external_issuer, Owner};

pub const KIND: &str = "issuer.rotate";
/// Least time between two rotations of one organization's key.
const ROTATION_INTERVAL_SECS: f64 = 24.0 * 3600.0;

/// What the rotation's follow-up records.
#[derive(Debug, Serialize, Deserialize)]
pub struct RotatePayload {
    pub organization: Uuid,
    /// The retired and the new issuer address, hex.
    pub retired: String,
    pub successor: String,
}

/// The answer once the rotation is final.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rotation {
    pub organization_id: Uuid,
    /// SS58 addresses.
    pub retired_account: String,
    pub issuer_account: String,
    /// The credential-signing key version now in use (the JWKS lists every earlier one).
    pub credential_key_version: i32,
}

/// Queues the rotation of `organization`'s issuer account, asked by one of its admins who
/// signed in within the re-authentication window. A second rotation of the same account while
/// one is under way is refused (409).
pub async fn rotate(state: &AppState, session: &Session, organization: Uuid) -> ApiResult<Queued> {
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    if !session.is_fresh(state.settings.reauth_window_secs) {
        return Err(ApiError::ReauthenticationRequired);
    }
    let registry = state.chain()?;
    let org = organization::fetch(&state.db, organization).await?;
    let current = org
        .issuer_address
        .as_deref()
        .and_then(Address::parse)
        .ok_or_else(|| {
            ApiError::conflict(
                "not-an-issuer",
                "the organization is not a verified issuer yet: there is no key to rotate",
            )
        })?;
    let suspended = sqlx::query_scalar!(
        r#"SELECT suspended_at IS NOT NULL AS "suspended!" FROM issuers WHERE account = $1"#,
        &current.0[..]
    )
    .fetch_optional(&state.db)
    .await?
    .unwrap_or(false);
    if suspended {
        // A rotation must not lift a suspension: the successor would issue again.
        return Err(ApiError::conflict(
            "issuer-suspended",
            "the organization's issuer is suspended: a rotation cannot lift that",
        ));
    }
    let successor = successor_wallet(state, organization, &current).await?;
    // The new account pays its own fees, as a newly verified issuer's does: funded first, by
    // the same signer, so the money is there when the rotation lands.
    let mut calls = Vec::new();
    if registry.issuer_funds > 0 {
        calls.push(registry.fund(successor.0, registry.issuer_funds).await?);
    }
    calls.push(registry.rotate_issuer(current.0, successor.0).await?);
    let payload = to_payload(&RotatePayload {
        organization,
        retired: hex::encode(current.0),
        successor: hex::encode(successor.0),
    })?;
    let mut tx = state.db.begin().await?;
    let queued = enqueue_all(&mut tx, Some(session.account_id), KIND, &calls, payload).await?;
    claim(
        &mut tx,
        &format!("issuer-rotation:{}", hex::encode(current.0)),
        queued,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(%organization, retired = %current.ss58(), successor = %successor.ss58(), "issuer rotation queued");
    Ok(queued)
}

/// The custodial wallet the organization moves to: made now and committed before the chain call,
/// so a retry after a failure reuses the same address. Only a custodial issuer key rotates here;
/// an organization issuing from its own wallet registers a new one through verification.
async fn successor_wallet(
    state: &AppState,
    organization: Uuid,
    current: &Address,
) -> ApiResult<Address> {
    let mut tx = state.db.begin().await?;
    let live = sqlx::query_scalar!(
        "SELECT address FROM wallets
         WHERE organization_id = $1 AND kind = 'custodial' AND retired_at IS NULL FOR UPDATE",
        organization
    )
    .fetch_optional(&mut *tx)
    .await?;
    let issued_from_custodial = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM wallets WHERE address = $1 AND organization_id = $2
                          AND kind = 'custodial') AS "custodial!""#,
        &current.0[..],
        organization
    )
    .fetch_one(&mut *tx)
    .await?;
    if !issued_from_custodial {
        return Err(external_issuer());
    }
    if let Some(live) = live.filter(|live| live[..] != current.0[..]) {
        // An earlier rotation made it and did not land: use it again.
        return Address::from_bytes(&live).ok_or_else(|| anyhow::anyhow!("bad address").into());
    }
    // Each rotation costs the operator a transaction and the verifiers a key in the JWKS: one a
    // day is enough to answer a leak.
    let recent = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM wallets WHERE organization_id = $1 AND kind = 'custodial'
                          AND retired_at > now() - make_interval(secs => $2)) AS "recent!""#,
        organization,
        ROTATION_INTERVAL_SECS,
    )
    .fetch_one(&mut *tx)
    .await?;
    if recent {
        return Err(ApiError::conflict(
            "rotated-recently",
            "this organization rotated its issuer key within the last day",
        ));
    }
    sqlx::query!(
        "UPDATE wallets SET retired_at = now() WHERE address = $1 AND retired_at IS NULL",
        &current.0[..]
    )
    .execute(&mut *tx)
    .await?;
    let created = create_custodial(
        &mut *tx,
        &state.master_key,
        Owner::Organization(organization),
    )
    .await?
    .ok_or_else(|| ApiError::conflict("already-in-progress", "a rotation is being prepared"))?;
    tx.commit().await?;
    Ok(created)
}

/// The rotation is final: the organization issues from the new account and signs credentials
/// with its next key.
pub async fn rotate_landed(
    conn: &mut PgConnection,
    payload: RotatePayload,
    _landed: &Landed,
) -> ApiResult<Rotation> {
    let bytes = |text: &str| {
        hex::decode(text)
            .ok()
            .and_then(|b| Address::from_bytes(&b))
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("bad address in a rotation")))
    };
    let (retired, successor) = (bytes(&payload.retired)?, bytes(&payload.successor)?);
    let version = sqlx::query_scalar!(
        "UPDATE organizations SET issuer_account = $2,
             credential_key_version = credential_key_version + 1
         WHERE id = $1 AND issuer_account = $3 RETURNING credential_key_version",
        payload.organization,
        &successor.0[..],
        &retired.0[..],
    )
    .fetch_optional(&mut *conn)
    .await?;
    let version = match version {
        Some(version) => version,
        // Replayed follow-up: the move is already recorded.
        None => {
            sqlx::query_scalar!(
                "SELECT credential_key_version FROM organizations WHERE id = $1",
                payload.organization
            )
            .fetch_one(&mut *conn)
            .await?
        }
    };
    tracing::info!(organization = %payload.organization, issuer = %successor.ss58(), "issuer key rotated");
    Ok(Rotation {
        organization_id: payload.organization,
        retired_account: retired.ss58(),
        issuer_account: successor.ss58(),
        credential_key_version: version,
    })
}
