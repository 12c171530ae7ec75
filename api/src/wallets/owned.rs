//! The wallets a person or an organization has: listing them, binding an external one with a
//! signed challenge, unbinding it (custodial ones stay).
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::accounts::{attach, Proof};
use crate::auth::challenges::{consume_challenge, parse_address, SignedChallenge, Use};
use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::wallets::custodial::Owner;

#[derive(Debug, Serialize, ToSchema)]
pub struct Wallet {
    /// SS58 with the chain's prefix (`System::SS58Prefix`; 42 without a chain).
    pub address: String,
    /// `external` (bound by signature) or `custodial` (held by the API).
    pub kind: String,
    pub created_at: DateTime<Utc>,
}

/// The owner's wallets, oldest first.
pub async fn list(state: &AppState, owner: Owner) -> ApiResult<Vec<Wallet>> {
    let (account, organization) = match owner {
        Owner::Account(id) => (Some(id), None),
        Owner::Organization(id) => (None, Some(id)),
    };
    let rows = sqlx::query!(
        r#"SELECT address, kind::text AS "kind!", created_at FROM wallets
           WHERE account_id IS NOT DISTINCT FROM $1 AND organization_id IS NOT DISTINCT FROM $2
           ORDER BY created_at, address"#,
        account,
        organization,
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Address::from_bytes(&r.address).map(|a| Wallet {
                address: a.ss58(),
                kind: r.kind,
                created_at: r.created_at,
            })
        })
        .collect())
}

/// Binds the wallet whose signature of a `bind` challenge naming `account` `body` carries.
pub async fn bind(state: &AppState, account: Uuid, body: &SignedChallenge) -> ApiResult<()> {
    let address = consume_challenge(state, body, Use::Bind(account)).await?;
    let mut tx = state.db.begin().await?;
    attach(&mut tx, account, &Proof::Wallet(address)).await?;
    tx.commit().await?;
    Ok(())
}

/// Unbinds `account`'s external wallet `address`; a custodial one is a conflict.
pub async fn unbind(state: &AppState, account: Uuid, address: &str) -> ApiResult<()> {
    let address = parse_address(address)?;
    let kind = sqlx::query_scalar!(
        r#"SELECT kind::text AS "kind!" FROM wallets WHERE address = $1 AND account_id = $2"#,
        &address.0[..],
        account,
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("wallet"))?;
    if kind == "custodial" {
        return Err(ApiError::conflict(
            "custodial-wallet",
            "a custodial wallet cannot be unbound; export its seed instead",
        ));
    }
    sqlx::query!(
        "DELETE FROM wallets WHERE address = $1 AND account_id = $2",
        &address.0[..],
        account,
    )
    .execute(&state.db)
    .await?;
    Ok(())
}
