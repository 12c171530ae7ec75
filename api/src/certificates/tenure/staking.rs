//! Staking an employment certificate (signed with the holder's custodial key) and the tenure it
//! earns, read from the mirrored chain state.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::certificates::tenure::MS_PER_DAY;
use crate::http::error::{ApiError, ApiResult};
use crate::operations::{enqueue_alone, Queued};
use crate::state::AppState;
use crate::wallets::custodial::holder_keypair;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Tenure {
    pub issuer_address: String,
    pub organization_id: Option<Uuid>,
    pub organization_name: Option<String>,
    /// Verifiable tenure now, from the mirrored chain state.
    pub tenure_ms: i64,
    pub tenure_days: f64,
    /// The employment certificate staked now, if any.
    pub staked_certificate: Option<i64>,
}

/// The wallet holding `certificate`, which must be one of `account`'s: anyone else learns only
/// that it is not theirs, whatever the certificate is. Staking and placing both sign from it.
pub(crate) async fn holder_wallet(
    state: &AppState,
    account: Uuid,
    certificate: u64,
) -> ApiResult<Address> {
    let id = i64::try_from(certificate).map_err(|_| ApiError::NotFound("certificate of yours"))?;
    let holder = sqlx::query_scalar!(
        "SELECT c.holder FROM certificates c JOIN wallets w ON w.address = c.holder
         WHERE c.id = $1 AND w.account_id = $2",
        id,
        account,
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("certificate of yours"))?;
    Address::from_bytes(&holder).ok_or_else(|| anyhow::anyhow!("bad holder").into())
}

/// Stakes (or unstakes) `account`'s certificate from the wallet that holds it.
pub async fn set_stake(
    state: &AppState,
    account: Uuid,
    certificate: u64,
    staked: bool,
) -> ApiResult<Queued> {
    let registry = state.chain()?;
    let address = holder_wallet(state, account, certificate).await?;
    let key = holder_keypair(state, account, &address, None).await?;
    let call = registry.stake(&key, certificate, staked).await?;
    enqueue_alone(
        &state.db,
        Some(account),
        "chain.included",
        &call,
        serde_json::Value::Null,
    )
    .await
}

/// `account`'s verifiable tenure with each issuer, now.
pub async fn of_account(state: &AppState, account: Uuid) -> ApiResult<Vec<Tenure>> {
    let rows = sqlx::query!(
        r#"SELECT t.issuer, o.id AS "organization_id?", o.name AS "organization_name?",
                  iktomi_tenure_ms(t.holder, t.issuer, now()) AS "tenure_ms!", t.staked_certificate
           FROM wallets w JOIN tenure t ON t.holder = w.address
           LEFT JOIN issuers i ON i.account = t.issuer
           LEFT JOIN organizations o ON o.id = i.organization_id
           WHERE w.account_id = $1 ORDER BY o.name"#,
        account
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Tenure {
            issuer_address: Address::from_bytes(&r.issuer)
                .map(|a| a.ss58())
                .unwrap_or_default(),
            organization_id: r.organization_id,
            organization_name: r.organization_name,
            tenure_ms: r.tenure_ms,
            tenure_days: r.tenure_ms as f64 / MS_PER_DAY,
            staked_certificate: r.staked_certificate,
        })
        .collect())
}
