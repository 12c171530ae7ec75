//! The contract handlers: the employer drafts, edits and completes a contract, either side reads,
//! cancels, signs and anchors it, the employer hires from it, and each side reviews the other.
//! Only the two sides ever see a contract.
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use axum::response::Response;

use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::marketplace::application_flow::Side;
use crate::marketplace::applications::store as applications;
use crate::marketplace::employment::store::{self, load, side_of};
use crate::marketplace::employment::types::{Contract, Draft, Hired, NewReview, Sign};
use crate::marketplace::employment::{hiring, reviews, signing};
use crate::operations::types::Operation;
use crate::operations::waiting::{self, PreferWait};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(draft))
        .routes(routes!(get_one, edit))
        .routes(routes!(cancel))
        .routes(routes!(mine))
        .routes(routes!(of_organization))
        .routes(routes!(sign))
        .routes(routes!(anchor))
        .routes(routes!(hire_from_contract))
        .routes(routes!(complete))
        .routes(routes!(review))
}

/// Draft a contract for an application at `offer` (managers and admins of its organization).
#[utoipa::path(post, path = "/v1/applications/{id}/contract", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Draft,
    responses((status = 201, body = Contract), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn draft(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(application): Path<Uuid>,
    Json(body): Json<Draft>,
) -> ApiResult<(StatusCode, axum::Json<Contract>)> {
    let draft = body.check()?;
    let (app, candidate) = applications::load(&state.db, application).await?;
    if applications::side_of(&state.db, &app, candidate, session.account_id).await?
        != Side::Employer
    {
        return Err(ApiError::Forbidden(
            "only the vacancy's organization drafts contracts",
        ));
    }
    let contract = store::draft(&state.db, &app, candidate, session.account_id, &draft).await?;
    Ok((StatusCode::CREATED, axum::Json(contract)))
}

/// One contract (its candidate and the organization's managers and admins).
#[utoipa::path(get, path = "/v1/contracts/{id}", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Contract), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Contract>> {
    let loaded = load(&state.db, id).await?;
    side_of(&state.db, &loaded, session.account_id).await?;
    Ok(axum::Json(loaded.contract))
}

/// Replace a draft's terms (the employer, before anyone signed).
#[utoipa::path(put, path = "/v1/contracts/{id}", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Draft,
    responses((status = 200, body = Contract), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn edit(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Draft>,
) -> ApiResult<axum::Json<Contract>> {
    let draft = body.check()?;
    let loaded = load(&state.db, id).await?;
    if side_of(&state.db, &loaded, session.account_id).await? != Side::Employer {
        return Err(ApiError::Forbidden("only the employer edits a draft"));
    }
    Ok(axum::Json(store::edit(&state.db, id, &draft).await?))
}

/// Cancel a contract before both sides signed it (either side).
#[utoipa::path(post, path = "/v1/contracts/{id}/cancel", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Contract), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem)))]
async fn cancel(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Contract>> {
    let loaded = load(&state.db, id).await?;
    side_of(&state.db, &loaded, session.account_id).await?;
    Ok(axum::Json(store::cancel(&state.db, id).await?))
}

/// Your contracts as a candidate, newest first.
#[utoipa::path(get, path = "/v1/me/contracts", tag = "contracts", security(("session" = [])),
    responses((status = 200, body = Vec<Contract>), (status = 401, body = Problem)))]
async fn mine(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Contract>>> {
    Ok(axum::Json(
        store::of_candidate(&state.db, session.account_id).await?,
    ))
}

/// The organization's contracts, newest first (its managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/contracts", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Contract>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn of_organization(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<Contract>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    Ok(axum::Json(
        store::of_organization(&state.db, organization).await?,
    ))
}

/// Sign the contract's hash for your side (the candidate, or a manager or admin of the employer).
#[utoipa::path(post, path = "/v1/contracts/{id}/signatures", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Sign,
    responses((status = 200, body = Contract), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem),
              (status = 502, body = Problem), (status = 503, body = Problem)))]
async fn sign(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    PreferWait(wait): PreferWait,
    Path(id): Path<Uuid>,
    Json(body): Json<Sign>,
) -> ApiResult<axum::Json<Contract>> {
    let loaded = load(&state.db, id).await?;
    let side = side_of(&state.db, &loaded, session.account_id).await?;
    let signer = session.account_id;
    let contract =
        signing::sign(&state, &loaded, side, signer, body.signature.as_ref(), wait).await?;
    Ok(axum::Json(contract))
}

/// Anchor again a contract both sides signed whose anchoring failed (chain unreachable).
#[utoipa::path(post, path = "/v1/contracts/{id}/anchor", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "anchored: the contract's id, status and anchor block"),
              (status = 202, body = Operation), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 502, body = Problem), (status = 503, body = Problem)))]
async fn anchor(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    PreferWait(wait): PreferWait,
) -> ApiResult<Response> {
    let loaded = load(&state.db, id).await?;
    side_of(&state.db, &loaded, session.account_id).await?;
    let queued = signing::anchor(&state, &loaded).await?;
    waiting::answer(&state.db, queued.0, wait).await
}

/// Hire from a signed contract: issues the employment certificate (a manager or admin of the
/// verified employer) and moves the application to hired.
#[utoipa::path(post, path = "/v1/contracts/{id}/hire", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 201, body = Hired), (status = 202, body = Operation), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 502, body = Problem)))]
async fn hire_from_contract(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    PreferWait(wait): PreferWait,
) -> ApiResult<Response> {
    let loaded = load(&state.db, id).await?;
    if side_of(&state.db, &loaded, session.account_id).await? != Side::Employer {
        return Err(ApiError::Forbidden("only the employer hires"));
    }
    let queued = hiring::hire(&state, &loaded, session.account_id).await?;
    waiting::answer(&state.db, queued.0, wait).await
}

/// Mark an active contract completed (the employer); both sides may then review each other.
#[utoipa::path(post, path = "/v1/contracts/{id}/complete", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Contract), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn complete(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Contract>> {
    let loaded = load(&state.db, id).await?;
    if side_of(&state.db, &loaded, session.account_id).await? != Side::Employer {
        return Err(ApiError::Forbidden(
            "only the employer completes a contract",
        ));
    }
    Ok(axum::Json(store::complete(&state.db, id).await?))
}

/// Review the other side of a completed contract (once per side).
#[utoipa::path(post, path = "/v1/contracts/{id}/reviews", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = NewReview,
    responses((status = 201, body = Contract), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn review(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<NewReview>,
) -> ApiResult<(StatusCode, axum::Json<Contract>)> {
    body.check()?;
    let loaded = load(&state.db, id).await?;
    let side = side_of(&state.db, &loaded, session.account_id).await?;
    let contract = reviews::review(&state.db, &loaded, side, session.account_id, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(contract)))
}
