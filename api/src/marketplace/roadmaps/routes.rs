//! The roadmap handlers: a candidate makes, lists and reads their roadmaps, reorders the steps,
//! adds their own and marks the ones they know. Only their owner ever sees one.
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::marketplace::roadmaps::store;
use crate::marketplace::roadmaps::types::{Mark, NewRoadmap, Order, Roadmap};
use crate::marketplace::skills::{self, SkillLevel};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(get_one))
        .routes(routes!(reorder))
        .routes(routes!(add_step))
        .routes(routes!(mark))
}

/// Plan the way from one of your resumes to an open vacancy; an existing roadmap for the pair is
/// returned as it is (200), a new one with 201.
#[utoipa::path(post, path = "/v1/me/roadmaps", tag = "marketplace", security(("session" = [])),
    request_body = NewRoadmap,
    responses((status = 201, body = Roadmap), (status = 200, body = Roadmap), (status = 401, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<NewRoadmap>,
) -> ApiResult<(StatusCode, axum::Json<Roadmap>)> {
    let (roadmap, created) = store::find_or_create(&state.db, session.account_id, &body).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, axum::Json(roadmap)))
}

/// Your roadmaps, newest first.
#[utoipa::path(get, path = "/v1/me/roadmaps", tag = "marketplace", security(("session" = [])),
    responses((status = 200, body = Vec<Roadmap>), (status = 401, body = Problem)))]
async fn list(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Roadmap>>> {
    Ok(axum::Json(
        store::of_owner(&state.db, session.account_id).await?,
    ))
}

/// One of your roadmaps.
#[utoipa::path(get, path = "/v1/me/roadmaps/{id}", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Roadmap), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Roadmap>> {
    Ok(axum::Json(
        store::load(&state.db, id, session.account_id).await?,
    ))
}

/// Put the steps in your own order (every step once).
#[utoipa::path(put, path = "/v1/me/roadmaps/{id}/order", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Order,
    responses((status = 200, body = Roadmap), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 422, body = Problem)))]
async fn reorder(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Order>,
) -> ApiResult<axum::Json<Roadmap>> {
    let current = store::load(&state.db, id, session.account_id).await?;
    body.check(&current)?;
    Ok(axum::Json(
        store::reorder(&state.db, id, session.account_id, &body.skills).await?,
    ))
}

/// Add a step of your own at the end (a skill at a level).
#[utoipa::path(post, path = "/v1/me/roadmaps/{id}/steps", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = SkillLevel,
    responses((status = 201, body = Roadmap), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn add_step(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<SkillLevel>,
) -> ApiResult<(StatusCode, axum::Json<Roadmap>)> {
    let mut c = Checks::default();
    let skill = skills::check(&mut c, "skill", std::slice::from_ref(&body)).remove(0);
    c.finish()?;
    let current = store::load(&state.db, id, session.account_id).await?;
    let roadmap = store::add_step(&state.db, &current, session.account_id, &skill).await?;
    Ok((StatusCode::CREATED, axum::Json(roadmap)))
}

/// Mark a step known (or not known again).
#[utoipa::path(put, path = "/v1/me/roadmaps/{id}/steps/{skill}", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path), ("skill" = String, Path)), request_body = Mark,
    responses((status = 200, body = Roadmap), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn mark(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((id, skill)): Path<(Uuid, String)>,
    Json(body): Json<Mark>,
) -> ApiResult<axum::Json<Roadmap>> {
    store::load(&state.db, id, session.account_id).await?;
    Ok(axum::Json(
        store::mark(&state.db, id, session.account_id, &skill, body.known).await?,
    ))
}
