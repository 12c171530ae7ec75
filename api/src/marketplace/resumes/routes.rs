//! The resume handlers: the owner writes, lists and deletes their resumes and attaches a CV;
//! anyone reads a resume and its CV as its visibility allows, and the template to fill in.
use axum::body::Body;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::artifact_store::{self, declared_type};
use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, MaybeAuthUser, Path};
use crate::marketplace::resumes::store;
use crate::marketplace::resumes::types::{Resume, ResumeInput};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, mine))
        .routes(routes!(update, delete))
        .routes(routes!(get_one))
        .routes(routes!(template))
        .routes(routes!(upload_cv))
        .routes(routes!(cv))
}

/// Create a resume.
#[utoipa::path(post, path = "/v1/me/resumes", tag = "marketplace", security(("session" = [])),
    request_body = ResumeInput,
    responses((status = 201, body = Resume), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn create(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<ResumeInput>,
) -> ApiResult<(StatusCode, axum::Json<Resume>)> {
    let skills = body.checked()?;
    let resume = store::create(&state.db, session.account_id, &body, &skills).await?;
    Ok((StatusCode::CREATED, axum::Json(resume)))
}

/// Your resumes.
#[utoipa::path(get, path = "/v1/me/resumes", tag = "marketplace", security(("session" = [])),
    responses((status = 200, body = Vec<Resume>), (status = 401, body = Problem)))]
async fn mine(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Resume>>> {
    Ok(axum::Json(
        store::of_owner(&state.db, session.account_id).await?,
    ))
}

/// Replace one of your resumes.
#[utoipa::path(put, path = "/v1/me/resumes/{id}", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = ResumeInput,
    responses((status = 200, body = Resume), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 422, body = Problem)))]
async fn update(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<ResumeInput>,
) -> ApiResult<axum::Json<Resume>> {
    let skills = body.checked()?;
    Ok(axum::Json(
        store::update(&state.db, id, session.account_id, &body, &skills).await?,
    ))
}

/// Delete one of your resumes.
#[utoipa::path(delete, path = "/v1/me/resumes/{id}", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn delete(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    store::delete(&state.db, id, session.account_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A resume, as its visibility allows.
#[utoipa::path(get, path = "/v1/resumes/{id}", tag = "marketplace", params(("id" = Uuid, Path)),
    responses((status = 200, body = Resume), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(session): MaybeAuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Resume>> {
    let viewer = session.map(|s| s.account_id);
    Ok(axum::Json(store::read(&state.db, id, viewer).await?))
}

/// A structured CV template to fill in: the sections a good IT resume has, with hints.
#[utoipa::path(get, path = "/v1/resumes/template", tag = "marketplace",
    responses((status = 200, description = "The template: a ResumeInput with hints")))]
async fn template() -> axum::Json<Value> {
    axum::Json(json!({
        "title": "Backend engineer (Rust)",
        "summary": "Two or three sentences: what you build, for whom, and the result you are proudest of.",
        "desired_kind": "job",
        "visibility": "employers",
        "skills": [
            { "name": "Rust", "level": 4 },
            { "name": "PostgreSQL", "level": 3 }
        ],
        "experience": [{
            "company": "Company name",
            "title": "Your role",
            "start": "2023-01",
            "end": null,
            "description": "What you owned; one measurable outcome (latency halved, 2M users, ...)."
        }],
        "hints": {
            "skills": "Levels 1 (basic) to 5 (expert). Skills that a certificate of yours attests show as verified.",
            "experience": "Newest first; months as YYYY-MM; leave end empty while it lasts.",
            "cv": "Attach a PDF with PUT /v1/me/resumes/{id}/cv."
        }
    }))
}

/// Attach a CV (a PDF, the raw file as the body).
#[utoipa::path(put, path = "/v1/me/resumes/{id}/cv", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, body = Resume), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 413, body = Problem), (status = 422, body = Problem)))]
async fn upload_cv(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<axum::Json<Resume>> {
    let media_type = declared_type(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
    )?;
    if media_type != "application/pdf" {
        return Err(ApiError::invalid("content-type", "a CV is a PDF"));
    }
    Ok(axum::Json(
        store::attach_cv(&state, id, session.account_id, media_type, body).await?,
    ))
}

/// The CV of a resume, for those who may read the resume.
#[utoipa::path(get, path = "/v1/resumes/{id}/cv", tag = "marketplace", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The PDF"), (status = 404, body = Problem)))]
async fn cv(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(session): MaybeAuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let hash = store::cv_hash(&state.db, id, session.map(|s| s.account_id)).await?;
    artifact_store::serve(&state.settings.artifacts.dir, &hash, "application/pdf").await
}
