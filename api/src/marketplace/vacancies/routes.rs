//! The vacancy handlers: post, read, replace, close and reopen one, and search the open ones.
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, MaybeAuthUser, Path, Query};
use crate::http::pagination::Page;
use crate::marketplace::vacancies::store;
use crate::marketplace::vacancies::types::{Vacancy, VacancyInput, VacancyQuery};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(search))
        .routes(routes!(get_one, update))
        .routes(routes!(close))
        .routes(routes!(reopen))
}

/// Post a vacancy (managers and admins of the organization).
#[utoipa::path(post, path = "/v1/organizations/{id}/vacancies", tag = "marketplace",
    security(("session" = [])), params(("id" = Uuid, Path)), request_body = VacancyInput,
    responses((status = 201, body = Vacancy), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<VacancyInput>,
) -> ApiResult<(StatusCode, axum::Json<Vacancy>)> {
    let (skills, tags) = body.checked()?;
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    let vacancy = store::create(
        &state.db,
        organization,
        session.account_id,
        &body,
        &skills,
        &tags,
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(vacancy)))
}

/// A vacancy: open ones are public; closed ones only its organization's members see.
#[utoipa::path(get, path = "/v1/vacancies/{id}", tag = "marketplace", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vacancy), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(session): MaybeAuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Vacancy>> {
    let viewer = session.map(|s| s.account_id);
    Ok(axum::Json(store::visible_to(&state.db, id, viewer).await?))
}

/// Replace a vacancy's details (managers and admins of its organization).
#[utoipa::path(put, path = "/v1/vacancies/{id}", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = VacancyInput,
    responses((status = 200, body = Vacancy), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<VacancyInput>,
) -> ApiResult<axum::Json<Vacancy>> {
    let (skills, tags) = body.checked()?;
    store::managed(&state.db, id, session.account_id).await?;
    Ok(axum::Json(
        store::update(&state.db, id, &body, &skills, &tags).await?,
    ))
}

/// Close a vacancy: it leaves the search.
#[utoipa::path(post, path = "/v1/vacancies/{id}/close", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vacancy), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn close(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Vacancy>> {
    store::managed(&state.db, id, session.account_id).await?;
    Ok(axum::Json(store::set_status(&state.db, id, false).await?))
}

/// Reopen a closed vacancy.
#[utoipa::path(post, path = "/v1/vacancies/{id}/reopen", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vacancy), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn reopen(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Vacancy>> {
    store::managed(&state.db, id, session.account_id).await?;
    Ok(axum::Json(store::set_status(&state.db, id, true).await?))
}

/// Open vacancies, newest first, filtered.
#[utoipa::path(get, path = "/v1/vacancies", tag = "marketplace", params(VacancyQuery),
    responses((status = 200, body = Page<Vacancy>), (status = 400, body = Problem), (status = 422, body = Problem)))]
async fn search(
    state: axum::extract::State<AppState>,
    Query(query): Query<VacancyQuery>,
) -> ApiResult<axum::Json<Page<Vacancy>>> {
    let search = query.checked()?;
    Ok(axum::Json(store::search(&state.db, &search).await?))
}
