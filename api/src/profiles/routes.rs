//! Handlers for a person's own profile, the profile by handle, and people search.
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, MaybeAuthUser, Path, Query};
use crate::http::pagination::Page;
use crate::profiles::profile::{self, Profile, ProfileInput};
use crate::profiles::public_cache::public_profile;
use crate::profiles::search::{self, PeopleQuery, PersonSummary};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_profile, put_my_profile))
        .routes(routes!(person))
        .routes(routes!(search_people))
}

/// The signed-in person's own profile, everything included.
#[utoipa::path(get, path = "/v1/me/profile", tag = "profiles", security(("session" = [])),
    responses((status = 200, body = Profile), (status = 401, body = Problem)))]
async fn my_profile(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Profile>> {
    let id = session.account_id;
    profile::load(&state.db, id, Some(id))
        .await?
        .map(axum::Json)
        .ok_or(ApiError::NotFound("profile"))
}

/// Replace the signed-in person's profile.
#[utoipa::path(put, path = "/v1/me/profile", tag = "profiles", security(("session" = [])),
    request_body = ProfileInput,
    responses((status = 200, body = Profile), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn put_my_profile(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Json(input): Json<ProfileInput>,
) -> ApiResult<axum::Json<Profile>> {
    let id = session.account_id;
    profile::save(
        &state.db,
        id,
        &input,
        state.settings.handle_reservation_days,
    )
    .await?;
    profile::load(&state.db, id, Some(id))
        .await?
        .map(axum::Json)
        .ok_or(ApiError::NotFound("profile"))
}

/// A person's profile by handle, as the caller may see it.
#[utoipa::path(get, path = "/v1/people/{handle}", tag = "profiles",
    params(("handle" = String, Path)),
    responses((status = 200, body = Profile), (status = 404, body = Problem)))]
async fn person(
    State(state): State<AppState>,
    MaybeAuthUser(viewer): MaybeAuthUser,
    Path(handle): Path<String>,
) -> ApiResult<Response> {
    if viewer.is_none() {
        let json = public_profile(&state, &handle)
            .await?
            .ok_or(ApiError::NotFound("person"))?;
        return Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response());
    }
    let id = profile::account_by_handle(&state.db, &handle)
        .await?
        .ok_or(ApiError::NotFound("person"))?;
    let found = profile::load(&state.db, id, viewer.map(|s| s.account_id))
        .await?
        .ok_or(ApiError::NotFound("person"))?;
    Ok(axum::Json(found).into_response())
}

/// Search people by name, handle, headline and skill; ordered by handle.
#[utoipa::path(get, path = "/v1/people", tag = "profiles", params(PeopleQuery),
    responses((status = 200, body = Page<PersonSummary>), (status = 422, body = Problem)))]
async fn search_people(
    State(state): State<AppState>,
    MaybeAuthUser(viewer): MaybeAuthUser,
    Query(query): Query<PeopleQuery>,
) -> ApiResult<axum::Json<Page<PersonSummary>>> {
    let page = search::people(&state.db, viewer.map(|s| s.account_id), &query).await?;
    Ok(axum::Json(page))
}
