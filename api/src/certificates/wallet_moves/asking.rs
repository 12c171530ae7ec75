//! The holder's side of a wallet move: the destination must be one of their wallets, and the
//! request is signed with the custodial key of the wallet the certificates are in now.
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::challenges::parse_address;
use crate::auth::wallet::Address;
use crate::certificates::issue::issuer_address;
use crate::chain::first;
use crate::http::error::{ApiError, ApiResult};
use crate::notifications::notify::{self, Kind};
use crate::operations::follow_up::Landed;
use crate::operations::{enqueue_alone, Queued};
use crate::organizations::organization;
use crate::state::AppState;
use crate::wallets::custodial::holder_keypair;
use iktomi_shared::events::MigrationRequested;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewMigration {
    pub organization_id: Uuid,
    /// One certificate; absent = every certificate from this organization, with the tenure.
    pub certificate_id: Option<u64>,
    /// One of your bound wallets (SS58).
    pub to: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MigrationRequestedView {
    pub migration_id: u64,
    pub block: String,
}

/// The wallet `to` names, which must be one of `account`'s.
async fn destination(state: &AppState, account: Uuid, to: &str) -> ApiResult<Address> {
    let to = parse_address(to)?;
    let mine = sqlx::query_scalar!(
        "SELECT count(*) AS \"n!\" FROM wallets WHERE address = $1 AND account_id = $2",
        &to.0[..],
        account,
    )
    .fetch_one(&state.db)
    .await?;
    if mine == 0 {
        return Err(ApiError::invalid("to", "is not one of your wallets"));
    }
    Ok(to)
}

/// The wallet, among `account`'s other than `to`, that holds the organization's certificates
/// now, and the issuer account that issued them: the move is asked of that account (after a key
/// rotation, of the retired one, whose successor decides it; a move of everything covers one
/// issuer account at a time, the oldest first).
async fn current_wallet(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    to: &Address,
    certificate: Option<u64>,
) -> ApiResult<(Address, Address)> {
    let row = sqlx::query!(
        "SELECT c.holder, c.issuer FROM certificates c
         JOIN wallets w ON w.address = c.holder
         JOIN issuers i ON i.account = c.issuer AND i.organization_id = $2
         WHERE w.account_id = $1 AND c.holder <> $3
           AND ($4::bigint IS NULL OR c.id = $4)
         ORDER BY c.id LIMIT 1",
        account,
        organization,
        &to.0[..],
        certificate.map(|id| id as i64),
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound(
        "certificate of yours from this organization",
    ))?;
    let address = |bytes: &[u8]| {
        Address::from_bytes(bytes).ok_or_else(|| ApiError::from(anyhow::anyhow!("bad address")))
    };
    Ok((address(&row.holder)?, address(&row.issuer)?))
}

/// Asks the issuing organization to move `account`'s certificates as `body` says.
pub async fn ask(state: &AppState, account: Uuid, body: &NewMigration) -> ApiResult<Queued> {
    let to = destination(state, account, &body.to).await?;
    let org = organization::fetch(&state.db, body.organization_id).await?;
    issuer_address(&org)?;
    let (from, issuer) = current_wallet(state, account, org.id, &to, body.certificate_id).await?;
    let registry = state.chain()?;
    let key = holder_keypair(state, account, &from, None).await?;
    let call = registry
        .request_migration(&key, issuer.0, body.certificate_id, to.0)
        .await?;
    enqueue_alone(
        &state.db,
        Some(account),
        "migration.ask",
        &call,
        serde_json::Value::Null,
    )
    .await
}

/// The move is asked on chain: its id comes from the event, and the issuing organization's
/// managers, who decide it, hear of it in the transaction that records it.
pub async fn ask_landed(
    conn: &mut PgConnection,
    landed: &Landed,
) -> ApiResult<MigrationRequestedView> {
    let event = first::<MigrationRequested>(&landed.events)?;
    let (issuer_key, from_key): (&[u8], &[u8]) = (event.issuer.as_ref(), event.from.as_ref());
    let issuer = sqlx::query!(
        // After a key rotation the move is asked of the retired account, which the chain's
        // issuer mirror still names.
        "SELECT id, name FROM organizations
         WHERE issuer_account = $1
            OR id = (SELECT organization_id FROM issuers WHERE account = $1)
         LIMIT 1",
        issuer_key
    )
    .fetch_optional(&mut *conn)
    .await?;
    let holder = sqlx::query_scalar!(
        "SELECT account_id FROM wallets WHERE address = $1",
        from_key
    )
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    if let Some(issuer) = issuer {
        let from = match holder {
            Some(holder) => notify::person_name(conn, holder).await?,
            None => String::new(),
        };
        notify::push_to_members(
            conn,
            issuer.id,
            &["manager", "admin"],
            holder,
            Kind::MigrationRequested,
            json!({"migration_id": event.id, "organization_id": issuer.id,
                   "organization": issuer.name, "from": from}),
        )
        .await?;
    }
    Ok(MigrationRequestedView {
        migration_id: event.id,
        block: iktomi_chain::hex0x(landed.block),
    })
}
