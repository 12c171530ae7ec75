//! Points, levels, badges and leaderboards of an organization. Members see them; admins grant and
//! revoke badges, add or take points and raise levels — always through ledger entries. Only
//! employees appear on the leaderboard and hold levels (`rules::earns`).
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::gamification::admin::{self, Adjustment, Levels, Raise};
use crate::gamification::badges::{self, Grant, NewBadge};
use crate::gamification::leaderboard::{self, BoardQuery, Period, Place};
use crate::gamification::standing::{standing_of, Standing};
use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path, Query};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(leaderboard))
        .routes(routes!(standing))
        .routes(routes!(adjust_points))
        .routes(routes!(raise_level))
        .routes(routes!(create_badge))
        .routes(routes!(grant_badge))
        .routes(routes!(revoke_badge))
        .routes(routes!(set_levels))
}

/// The organization's employees by points earned in the period (its members).
#[utoipa::path(get, path = "/v1/organizations/{id}/leaderboard", tag = "gamification", security(("session" = [])),
    params(("id" = Uuid, Path), BoardQuery),
    responses((status = 200, body = Vec<Place>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn leaderboard(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Query(q): Query<BoardQuery>,
) -> ApiResult<axum::Json<Vec<Place>>> {
    membership::require(&state.db, organization, session.account_id, Role::Employee).await?;
    let period = q.period.unwrap_or(Period::All);
    Ok(axum::Json(
        leaderboard::leaderboard(&state, organization, period).await?,
    ))
}

/// A member's points, level, badges and ledger (the organization's members).
#[utoipa::path(get, path = "/v1/organizations/{id}/members/{handle}/standing", tag = "gamification",
    security(("session" = [])), params(("id" = Uuid, Path), ("handle" = String, Path)),
    responses((status = 200, body = Standing), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn standing(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, handle)): Path<(Uuid, String)>,
) -> ApiResult<axum::Json<Standing>> {
    membership::require(&state.db, organization, session.account_id, Role::Employee).await?;
    Ok(axum::Json(
        standing_of(&state, organization, &handle).await?,
    ))
}

/// Add or take points (admins): a ledger entry with the reason.
#[utoipa::path(post, path = "/v1/organizations/{id}/points", tag = "gamification", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Adjustment,
    responses((status = 201, body = Standing), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn adjust_points(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<Adjustment>,
) -> ApiResult<(StatusCode, axum::Json<Standing>)> {
    body.check()?;
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    admin::adjust_points(&state, organization, session.account_id, &body).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(standing_of(&state, organization, &body.handle).await?),
    ))
}

/// Raise an employee to a level (admins): the ledger gets the points the level needs.
#[utoipa::path(post, path = "/v1/organizations/{id}/levels/raise", tag = "gamification", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Raise,
    responses((status = 201, body = Standing), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn raise_level(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<Raise>,
) -> ApiResult<(StatusCode, axum::Json<Standing>)> {
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    admin::raise_level(&state, organization, session.account_id, &body).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(standing_of(&state, organization, &body.handle).await?),
    ))
}

/// Create a badge of the organization's own, granted by hand (admins).
#[utoipa::path(post, path = "/v1/organizations/{id}/badges", tag = "gamification", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = NewBadge,
    responses((status = 201), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_badge(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<NewBadge>,
) -> ApiResult<StatusCode> {
    body.check()?;
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    badges::create(&state, organization, &body).await?;
    Ok(StatusCode::CREATED)
}

/// Grant a badge by hand (admins): the organization's own or one of the platform's.
#[utoipa::path(post, path = "/v1/organizations/{id}/badges/{code}/grants", tag = "gamification",
    security(("session" = [])), params(("id" = Uuid, Path), ("code" = String, Path)), request_body = Grant,
    responses((status = 201, body = Standing), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn grant_badge(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, code)): Path<(Uuid, String)>,
    Json(body): Json<Grant>,
) -> ApiResult<(StatusCode, axum::Json<Standing>)> {
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    badges::grant_by_hand(&state, organization, &code, session.account_id, &body).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(standing_of(&state, organization, &body.handle).await?),
    ))
}

/// Revoke a badge (admins).
#[utoipa::path(delete, path = "/v1/organizations/{id}/badges/{code}/grants/{handle}", tag = "gamification",
    security(("session" = [])), params(("id" = Uuid, Path), ("code" = String, Path), ("handle" = String, Path)),
    responses((status = 200, body = Standing), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn revoke_badge(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, code, handle)): Path<(Uuid, String, String)>,
) -> ApiResult<axum::Json<Standing>> {
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    badges::revoke(&state, organization, &code, &handle, session.account_id).await?;
    Ok(axum::Json(
        standing_of(&state, organization, &handle).await?,
    ))
}

/// Set the organization's level thresholds (admins).
#[utoipa::path(put, path = "/v1/organizations/{id}/levels", tag = "gamification", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Levels,
    responses((status = 200, body = Levels), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
async fn set_levels(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<Levels>,
) -> ApiResult<axum::Json<Levels>> {
    body.check()?;
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    admin::set_levels(&state, organization, &body).await?;
    Ok(axum::Json(body))
}
