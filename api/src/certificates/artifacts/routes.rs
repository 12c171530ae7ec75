//! The artifact routes: uploads for their owner, reviews for the organizations asked.
use axum::body::Body;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::artifact_store::declared_type;
use crate::certificates::artifacts::records::{Artifact, Review};
use crate::certificates::artifacts::reviews::{
    self, Confirmation, Rejection, ReviewRequest, ReviewState, ReviewedArtifact,
};
use crate::certificates::artifacts::uploads;
use crate::certificates::issue::IssuedCertificate;
use crate::http::error::{ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path, Query};
use crate::http::idempotency::IdempotencyKey;
use crate::operations::types::Operation;
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload, mine))
        .routes(routes!(file))
        .routes(routes!(ask_review))
        .routes(routes!(reviews_of_organization))
        .routes(routes!(confirm))
        .routes(routes!(reject))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct UploadQuery {
    /// What the file is ("BSc diploma scan").
    #[param(pattern = r"\S", max_length = 200)]
    pub title: String,
}

/// Upload a scan or a PDF (the raw file as the body, with its Content-Type).
#[utoipa::path(post, path = "/v1/me/artifacts", tag = "artifacts", security(("session" = [])),
    params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/pdf", description = "A PDF, PNG or JPEG file"),
    responses((status = 201, body = Artifact), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 413, body = Problem), (status = 422, body = Problem)))]
async fn upload(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, axum::Json<Artifact>)> {
    let mut c = Checks::default();
    c.text(&query.title, "title", 1, 200);
    c.finish()?;
    let media_type = declared_type(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
    )?;
    let artifact =
        uploads::upload(&state, session.account_id, &query.title, media_type, body).await?;
    Ok((StatusCode::CREATED, axum::Json(artifact)))
}

/// Your uploads with their labels and reviews.
#[utoipa::path(get, path = "/v1/me/artifacts", tag = "artifacts", security(("session" = [])),
    responses((status = 200, body = Vec<Artifact>), (status = 401, body = Problem)))]
async fn mine(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Artifact>>> {
    Ok(axum::Json(
        uploads::of_owner(&state.db, session.account_id).await?,
    ))
}

/// The file itself, for its owner and for the organizations asked to review it.
#[utoipa::path(get, path = "/v1/artifacts/{id}/file", tag = "artifacts", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "The file, with its type"), (status = 401, body = Problem),
              (status = 404, body = Problem)))]
async fn file(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    uploads::file(&state, id, session.account_id).await
}

/// Ask a verified organization to verify an upload.
#[utoipa::path(post, path = "/v1/me/artifacts/{id}/reviews", tag = "artifacts", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = ReviewRequest,
    responses((status = 201, body = Artifact), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn ask_review(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<ReviewRequest>,
) -> ApiResult<(StatusCode, axum::Json<Artifact>)> {
    let artifact = reviews::ask(&state, session.account_id, id, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(artifact)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReviewQuery {
    /// Pending when absent.
    #[param(inline)]
    pub status: Option<ReviewState>,
}

/// Uploads people asked this organization to verify (its managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/artifact-reviews", tag = "artifacts", security(("session" = [])),
    params(("id" = Uuid, Path), ReviewQuery),
    responses((status = 200, body = Vec<ReviewedArtifact>), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn reviews_of_organization(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Query(query): Query<ReviewQuery>,
) -> ApiResult<axum::Json<Vec<ReviewedArtifact>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    Ok(axum::Json(
        reviews::of_organization(&state.db, organization, query.status.unwrap_or_default()).await?,
    ))
}

/// Confirm an upload: issue a certificate to its owner whose evidence is the file's hash.
#[utoipa::path(post, path = "/v1/organizations/{id}/artifact-reviews/{review}/confirm", tag = "artifacts",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("review" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    request_body = Confirmation,
    responses((status = 202, body = Operation), (status = 201, body = IssuedCertificate), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn confirm(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, review)): Path<(Uuid, Uuid)>,
    key: IdempotencyKey,
    Json(body): Json<Confirmation>,
) -> ApiResult<Response> {
    let route = format!("confirm artifact {organization} {review}");
    key.once(session.account_id, route, &body)
        .accepted(reviews::confirm(
            &state,
            session.account_id,
            organization,
            review,
            &body,
        ))
        .await
}

/// Reject an upload with a reason its owner sees.
#[utoipa::path(post, path = "/v1/organizations/{id}/artifact-reviews/{review}/reject", tag = "artifacts",
    security(("session" = [])), params(("id" = Uuid, Path), ("review" = Uuid, Path)),
    request_body = Rejection,
    responses((status = 200, body = Review), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn reject(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, review)): Path<(Uuid, Uuid)>,
    Json(body): Json<Rejection>,
) -> ApiResult<axum::Json<Review>> {
    Ok(axum::Json(
        reviews::reject(&state, session.account_id, organization, review, &body).await?,
    ))
}
