//! A person's wallets (bind by signature, unbind, custodial, export) and an organization's.
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::accounts::{attach, Proof};
use crate::auth::challenges::{consume_challenge, parse_address, SignedChallenge};
use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;
use crate::wallets::custodial::{create_custodial, export_seed, Owner};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_wallets, bind))
        .routes(routes!(unbind))
        .routes(routes!(my_custodial))
        .routes(routes!(export_mine))
        .routes(routes!(organization_wallets, organization_custodial))
        .routes(routes!(export_organization))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Wallet {
    /// SS58 (prefix 42).
    pub address: String,
    /// `external` (bound by signature) or `custodial` (held by the API).
    pub kind: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedSeed {
    pub address: String,
    /// The 32-byte sr25519 seed, hex; import it into a wallet as a raw seed.
    pub seed: String,
}

async fn list(state: &AppState, owner: Owner) -> ApiResult<Vec<Wallet>> {
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

/// The signed-in person's wallets.
#[utoipa::path(get, path = "/v1/me/wallets", tag = "wallets", security(("session" = [])),
    responses((status = 200, body = Vec<Wallet>), (status = 401, body = Problem)))]
async fn my_wallets(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Wallet>>> {
    Ok(axum::Json(
        list(&state, Owner::Account(session.account_id)).await?,
    ))
}

/// Bind an external wallet with a signed challenge (from `POST /v1/auth/wallet/challenge`).
#[utoipa::path(post, path = "/v1/me/wallets", tag = "wallets", security(("session" = [])),
    request_body = SignedChallenge,
    responses((status = 201, body = Vec<Wallet>), (status = 401, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem)))]
async fn bind(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<SignedChallenge>,
) -> ApiResult<(StatusCode, axum::Json<Vec<Wallet>>)> {
    let address = consume_challenge(&state, &body).await?;
    let mut tx = state.db.begin().await?;
    attach(&mut tx, session.account_id, &Proof::Wallet(address)).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(list(&state, Owner::Account(session.account_id)).await?),
    ))
}

/// Unbind an external wallet. Custodial wallets stay (export their seed instead).
#[utoipa::path(delete, path = "/v1/me/wallets/{address}", tag = "wallets", security(("session" = [])),
    params(("address" = String, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn unbind(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(address): Path<String>,
) -> ApiResult<StatusCode> {
    let address = parse_address(&address)?;
    let kind = sqlx::query_scalar!(
        r#"SELECT kind::text AS "kind!" FROM wallets WHERE address = $1 AND account_id = $2"#,
        &address.0[..],
        session.account_id,
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
        session.account_id,
    )
    .execute(&state.db)
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Create the signed-in person's custodial wallet (one per person).
#[utoipa::path(post, path = "/v1/me/wallets/custodial", tag = "wallets", security(("session" = [])),
    responses((status = 201, body = Vec<Wallet>), (status = 401, body = Problem), (status = 409, body = Problem)))]
async fn my_custodial(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<(StatusCode, axum::Json<Vec<Wallet>>)> {
    let owner = Owner::Account(session.account_id);
    create_custodial(&state.db, &state.master_key, owner)
        .await?
        .ok_or_else(already_custodial)?;
    Ok((
        StatusCode::CREATED,
        axum::Json(list(&state, Owner::Account(session.account_id)).await?),
    ))
}

fn already_custodial() -> ApiError {
    ApiError::conflict(
        "custodial-wallet-exists",
        "there is already a custodial wallet",
    )
}

/// Export the seed of the person's custodial wallet; needs a sign-in within the last minutes.
#[utoipa::path(post, path = "/v1/me/wallets/{address}/export", tag = "wallets", security(("session" = [])),
    params(("address" = String, Path)),
    responses((status = 200, body = ExportedSeed), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn export_mine(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(address): Path<String>,
) -> ApiResult<axum::Json<ExportedSeed>> {
    export(
        &state,
        &session,
        &address,
        Owner::Account(session.account_id),
    )
    .await
}

/// Opens a custodial seed for its owner, who must have signed in within the re-auth window.
async fn export(
    state: &AppState,
    session: &crate::auth::session::Session,
    address: &str,
    owner: Owner,
) -> ApiResult<axum::Json<ExportedSeed>> {
    let address = parse_address(address)?;
    if !session.is_fresh(state.settings.reauth_window_secs) {
        return Err(ApiError::ReauthenticationRequired);
    }
    let seed = export_seed(&state.db, &state.master_key, &address, owner).await?;
    tracing::info!(account = %session.account_id, address = %address.ss58(), "custodial seed exported");
    Ok(axum::Json(ExportedSeed {
        address: address.ss58(),
        seed: iktomi_chain::hex0x(*seed),
    }))
}

/// The organization's wallets (members).
#[utoipa::path(get, path = "/v1/organizations/{id}/wallets", tag = "wallets", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Wallet>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn organization_wallets(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<Wallet>>> {
    membership::require(&state.db, id, session.account_id, Role::Employee).await?;
    Ok(axum::Json(list(&state, Owner::Organization(id)).await?))
}

/// Create the organization's custodial wallet (admins).
#[utoipa::path(post, path = "/v1/organizations/{id}/wallets", tag = "wallets", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 201, body = Vec<Wallet>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn organization_custodial(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<(StatusCode, axum::Json<Vec<Wallet>>)> {
    membership::require(&state.db, id, session.account_id, Role::Admin).await?;
    create_custodial(&state.db, &state.master_key, Owner::Organization(id))
        .await?
        .ok_or_else(already_custodial)?;
    Ok((
        StatusCode::CREATED,
        axum::Json(list(&state, Owner::Organization(id)).await?),
    ))
}

/// Export the organization's custodial seed (admins, after a fresh sign-in).
#[utoipa::path(post, path = "/v1/organizations/{id}/wallets/{address}/export", tag = "wallets",
    security(("session" = [])), params(("id" = Uuid, Path), ("address" = String, Path)),
    responses((status = 200, body = ExportedSeed), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn export_organization(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((id, address)): Path<(Uuid, String)>,
) -> ApiResult<axum::Json<ExportedSeed>> {
    membership::require(&state.db, id, session.account_id, Role::Admin).await?;
    export(&state, &session, &address, Owner::Organization(id)).await
}
