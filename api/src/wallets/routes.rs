//! The wallet routes: a person's wallets (bind by signature, unbind, custodial, export) and an
//! organization's.
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::challenges::parse_address;
use crate::auth::challenges::SignedChallenge;
use crate::http::error::ApiError;
use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;
use crate::wallets::custodial::{create_asked, export_for, ExportedSeed, Owner};
use crate::wallets::export_approval::{self, ExportApproval};
use crate::wallets::owned::{self, list, Wallet};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_wallets, bind))
        .routes(routes!(unbind))
        .routes(routes!(my_custodial))
        .routes(routes!(export_mine))
        .routes(routes!(organization_wallets, organization_custodial))
        .routes(routes!(export_organization))
        .routes(routes!(ask_export))
        .routes(routes!(approve_export))
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

/// Bind an external wallet with a signed `bind` challenge (from `POST /v1/auth/wallet/challenge`
/// with `purpose: bind`, asked for with this session).
#[utoipa::path(post, path = "/v1/me/wallets", tag = "wallets", security(("session" = [])),
    request_body = SignedChallenge,
    responses((status = 201, body = Vec<Wallet>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn bind(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<SignedChallenge>,
) -> ApiResult<(StatusCode, axum::Json<Vec<Wallet>>)> {
    owned::bind(&state, session.account_id, &body).await?;
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
    owned::unbind(&state, session.account_id, &address).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Create the signed-in person's custodial wallet (one per person).
#[utoipa::path(post, path = "/v1/me/wallets/custodial", tag = "wallets", security(("session" = [])),
    responses((status = 201, body = Vec<Wallet>), (status = 401, body = Problem), (status = 409, body = Problem)))]
async fn my_custodial(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<(StatusCode, axum::Json<Vec<Wallet>>)> {
    create_asked(&state, Owner::Account(session.account_id)).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(list(&state, Owner::Account(session.account_id)).await?),
    ))
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
    let owner = Owner::Account(session.account_id);
    Ok(axum::Json(
        export_for(&state, &session, &address, owner).await?,
    ))
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
    create_asked(&state, Owner::Organization(id)).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(list(&state, Owner::Organization(id)).await?),
    ))
}

/// Export the organization's custodial seed: the admin who asked (`…/export-requests`), after a
/// fresh sign-in, once, within 15 minutes of another admin's or an operator's approval.
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
    if !session.is_fresh(state.settings.reauth_window_secs) {
        return Err(ApiError::ReauthenticationRequired);
    }
    export_approval::consume(&state, session.account_id, id, &parse_address(&address)?).await?;
    Ok(axum::Json(
        export_for(&state, &session, &address, Owner::Organization(id)).await?,
    ))
}

/// Ask to export the organization's custodial seed (admins); another admin or an operator
/// approves.
#[utoipa::path(post, path = "/v1/organizations/{id}/wallets/{address}/export-requests", tag = "wallets",
    security(("session" = [])), params(("id" = Uuid, Path), ("address" = String, Path)),
    responses((status = 201, body = ExportApproval), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn ask_export(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((id, address)): Path<(Uuid, String)>,
) -> ApiResult<(StatusCode, axum::Json<ExportApproval>)> {
    let asked = export_approval::ask(&state, &session, id, &address).await?;
    Ok((StatusCode::CREATED, axum::Json(asked)))
}

/// Approve another admin's export request (another admin, or a platform operator).
#[utoipa::path(post, path = "/v1/organizations/{id}/export-requests/{request}/approve", tag = "wallets",
    security(("session" = [])), params(("id" = Uuid, Path), ("request" = Uuid, Path)),
    responses((status = 200, body = ExportApproval), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn approve_export(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((id, request)): Path<(Uuid, Uuid)>,
) -> ApiResult<axum::Json<ExportApproval>> {
    Ok(axum::Json(
        export_approval::approve(&state, &session, id, request).await?,
    ))
}
