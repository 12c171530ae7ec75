//! Custodial wallets: created by the API for a person or an organization that has none, the
//! seed sealed at rest and handed out only to its owner after a fresh sign-in.
use serde::Serialize;
use sqlx::PgExecutor;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::challenges::parse_address;
use crate::auth::session::Session;
use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::wallets::seal::{new_wallet, MasterKey};

#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Account(Uuid),
    Organization(Uuid),
}

impl Owner {
    /// (account, organization): exactly one is set.
    fn ids(self) -> (Option<Uuid>, Option<Uuid>) {
        match self {
            Self::Account(id) => (Some(id), None),
            Self::Organization(id) => (None, Some(id)),
        }
    }
}

/// Creates a custodial wallet for `owner`; `None` when it already has one.
pub async fn create_custodial(
    db: impl PgExecutor<'_>,
    key: &MasterKey,
    owner: Owner,
) -> ApiResult<Option<Address>> {
    let (address, seed) = new_wallet();
    let sealed = key.seal(&address, &seed);
    let (account, organization) = owner.ids();
    let inserted = sqlx::query!(
        "INSERT INTO wallets (address, account_id, organization_id, kind, sealed_seed, seal_version)
         VALUES ($1, $2, $3, 'custodial', $4, $5) ON CONFLICT DO NOTHING",
        &address[..],
        account,
        organization,
        sealed,
        key.version(),
    )
    .execute(db)
    .await?
    .rows_affected();
    Ok((inserted == 1).then_some(Address(address)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedSeed {
    pub address: String,
    /// The 32-byte sr25519 seed, hex; import it into a wallet as a raw seed.
    pub seed: String,
}

/// Creates the custodial wallet `owner` asked for; 409 when it already has one.
pub async fn create_asked(state: &AppState, owner: Owner) -> ApiResult<Address> {
    create_custodial(&state.db, &state.master_key, owner)
        .await?
        .ok_or_else(|| {
            ApiError::conflict(
                "custodial-wallet-exists",
                "there is already a custodial wallet",
            )
        })
}

/// Opens a custodial seed for its owner, who must have signed in within the re-auth window.
pub async fn export_for(
    state: &AppState,
    session: &Session,
    address: &str,
    owner: Owner,
) -> ApiResult<ExportedSeed> {
    let address = parse_address(address)?;
    if !session.is_fresh(state.settings.reauth_window_secs) {
        return Err(ApiError::ReauthenticationRequired);
    }
    let seed = export_seed(&state.db, &state.master_key, &address, owner).await?;
    tracing::info!(account = %session.account_id, address = %address.ss58(), "custodial seed exported");
    Ok(ExportedSeed {
        address: address.ss58(),
        seed: iktomi_chain::hex0x(*seed),
    })
}

/// The custodial wallet of `owner`, created on first use.
pub async fn custodial_wallet(state: &AppState, owner: Owner) -> ApiResult<Address> {
    let (account, organization) = owner.ids();
    // One of the two is NULL, and a comparison with NULL matches nothing.
    let existing = || async {
        sqlx::query_scalar!(
            "SELECT address FROM wallets
             WHERE kind = 'custodial' AND retired_at IS NULL
               AND (account_id = $1 OR organization_id = $2)",
            account,
            organization
        )
        .fetch_optional(&state.db)
        .await
    };
    if let Some(address) = existing().await? {
        return Address::from_bytes(&address).ok_or_else(|| anyhow::anyhow!("bad address").into());
    }
    if let Some(address) = create_custodial(&state.db, &state.master_key, owner).await? {
        if let Owner::Account(_) = owner {
            // A person with a verified relationship gets the fee money now, so it has landed by
            // the time they sign; anyone else is funded later, once they have one.
            crate::wallets::funding::fund(state, &address, None).await?;
        }
        return Ok(address);
    }
    // Lost a race with another request creating it: use theirs.
    let address = existing().await?.ok_or(ApiError::NotFound("wallet"))?;
    Address::from_bytes(&address).ok_or_else(|| anyhow::anyhow!("bad address").into())
}

/// The seed of a custodial wallet, opened with the master key.
pub async fn export_seed(
    db: impl PgExecutor<'_>,
    key: &MasterKey,
    address: &Address,
    owner: Owner,
) -> ApiResult<zeroize::Zeroizing<[u8; 32]>> {
    let (account, organization) = owner.ids();
    let row = sqlx::query!(
        r#"SELECT sealed_seed AS "sealed_seed!", seal_version FROM wallets
           WHERE address = $1 AND kind = 'custodial'
             AND account_id IS NOT DISTINCT FROM $2 AND organization_id IS NOT DISTINCT FROM $3"#,
        &address.0[..],
        account,
        organization,
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("custodial wallet"))?;
    key.open(row.seal_version, &address.0, &row.sealed_seed)
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))
}

/// Where a person receives certificates: their oldest bound external wallet, else their
/// custodial wallet (created on first use).
pub async fn holder_address(state: &AppState, account: Uuid) -> ApiResult<Address> {
    let external = sqlx::query_scalar!(
        "SELECT address FROM wallets WHERE account_id = $1 AND kind = 'external'
         ORDER BY created_at, address LIMIT 1",
        account
    )
    .fetch_optional(&state.db)
    .await?;
    match external {
        Some(address) => {
            Address::from_bytes(&address).ok_or_else(|| anyhow::anyhow!("bad address").into())
        }
        None => custodial_wallet(state, Owner::Account(account)).await,
    }
}

/// The signing key of an organization's issuer wallet when the platform keeps it (custodial);
/// `None` when the organization issues from a wallet of its own.
pub async fn issuer_keypair(
    state: &AppState,
    address: &Address,
    organization: Uuid,
) -> ApiResult<Option<iktomi_chain::Keypair>> {
    let custodial = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM wallets WHERE address = $1 AND organization_id = $2
                          AND kind = 'custodial') AS "custodial!""#,
        &address.0[..],
        organization
    )
    .fetch_one(&state.db)
    .await?;
    if !custodial {
        return Ok(None);
    }
    let seed = export_seed(
        &state.db,
        &state.master_key,
        address,
        Owner::Organization(organization),
    )
    .await?;
    iktomi_chain::Keypair::from_secret_key(*seed)
        .map(Some)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("custodial seed: {e:?}")))
}

/// The answer when a call needs the key of an organization that keeps it in its own wallet.
pub fn external_issuer() -> ApiError {
    ApiError::conflict(
        "external-issuer",
        "this organization issues from its own wallet: ask for the unsigned call \
         (POST /v1/organizations/{id}/certificates/unsigned) and sign it there",
    )
}

/// The signing key of the caller's custodial wallet `address`, once the operator's funds for
/// its fees have landed (`asking`: the organization the caller requests a certificate from,
/// which counts as a relationship when it is verified). A certificate held in an external
/// wallet is signed for in that wallet, not here.
pub async fn holder_keypair(
    state: &AppState,
    account: Uuid,
    address: &Address,
    asking: Option<Uuid>,
) -> ApiResult<iktomi_chain::Keypair> {
    let kind = sqlx::query_scalar!(
        r#"SELECT kind::text AS "kind!" FROM wallets WHERE address = $1 AND account_id = $2"#,
        &address.0[..],
        account,
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::Forbidden(
        "this certificate is not held in one of your wallets",
    ))?;
    if kind != "custodial" {
        return Err(ApiError::conflict(
            "external-wallet",
            "this certificate is held in your external wallet: sign the call there",
        ));
    }
    crate::wallets::funding::await_funds(state, address, asking).await?;
    let seed = export_seed(
        &state.db,
        &state.master_key,
        address,
        Owner::Account(account),
    )
    .await?;
    iktomi_chain::Keypair::from_secret_key(*seed)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("custodial seed: {e:?}")))
}

/// The key the queue signs `signer`'s transactions with: the operator's, or a custodial
/// wallet's unsealed seed; `None` when the platform does not hold it.
pub async fn signing_key(
    state: &AppState,
    signer: [u8; 32],
) -> ApiResult<Option<iktomi_chain::Keypair>> {
    let registry = state.chain()?;
    if signer == registry.operator_account() {
        return Ok(Some(registry.operator().clone()));
    }
    let sealed = sqlx::query!(
        r#"SELECT sealed_seed AS "sealed_seed!", seal_version FROM wallets
           WHERE address = $1 AND kind = 'custodial'"#,
        &signer[..],
    )
    .fetch_optional(&state.db)
    .await?;
    let Some(sealed) = sealed else {
        return Ok(None);
    };
    let seed = state
        .master_key
        .open(sealed.seal_version, &signer, &sealed.sealed_seed)
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
    iktomi_chain::Keypair::from_secret_key(*seed)
        .map(Some)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("custodial seed: {e:?}")))
}
