//! Handlers for recommendations and skill endorsements: asking, writing (asked or not),
//! declining, reading, hiding, and minting one as a certificate.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::issue::IssuedCertificate;
use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, MaybeAuthUser, Path};
use crate::http::idempotency::IdempotencyKey;
use crate::operations::types::Operation;
use crate::profiles::recommendations::recommendation::Recommendation;
use crate::profiles::recommendations::writing::{self, Ask, Draft, Message, Unasked, Writing};
use crate::profiles::recommendations::{minting, store};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ask, inbox))
        .routes(routes!(write_unasked, of_person))
        .routes(routes!(message))
        .routes(routes!(one))
        .routes(routes!(write))
        .routes(routes!(decline))
        .routes(routes!(mine))
        .routes(routes!(set_hidden))
        .routes(routes!(mint))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Hiding {
    pub hidden: bool,
}

/// Ask a colleague for a recommendation or a skill confirmation.
#[utoipa::path(post, path = "/v1/me/recommendation-requests", tag = "recommendations",
    security(("session" = [])), request_body = Ask,
    responses((status = 201, body = Recommendation), (status = 401, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn ask(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<Ask>,
) -> ApiResult<(StatusCode, axum::Json<Recommendation>)> {
    let asked = writing::ask(&state.db, session.account_id, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(asked)))
}

/// Requests colleagues sent you, waiting for you to write or decline.
#[utoipa::path(get, path = "/v1/me/recommendation-requests", tag = "recommendations",
    security(("session" = [])),
    responses((status = 200, body = Vec<Recommendation>), (status = 401, body = Problem)))]
async fn inbox(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Recommendation>>> {
    Ok(axum::Json(
        store::asked_of(&state.db, session.account_id).await?,
    ))
}

/// The exact message to sign in an external wallet for a statement.
#[utoipa::path(post, path = "/v1/recommendations/message", tag = "recommendations",
    security(("session" = [])), request_body = Draft,
    responses((status = 200, body = Message), (status = 401, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn message(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<Draft>,
) -> ApiResult<axum::Json<Message>> {
    Ok(axum::Json(
        writing::message_for(&state.db, session.account_id, &body).await?,
    ))
}

/// Write a recommendation or endorsement for someone who did not ask. It stays hidden until they
/// show it on their profile (`PUT /v1/me/recommendations/{id}/hidden` with `hidden: false`).
#[utoipa::path(post, path = "/v1/people/{handle}/recommendations", tag = "recommendations",
    security(("session" = [])), params(("handle" = String, Path)), request_body = Unasked,
    responses((status = 201, body = Recommendation), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn write_unasked(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(handle): Path<String>,
    Json(body): Json<Unasked>,
) -> ApiResult<(StatusCode, axum::Json<Recommendation>)> {
    let written = writing::write_unasked(&state, session.account_id, &handle, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(written)))
}

/// The written, visible recommendations and endorsements about a person.
#[utoipa::path(get, path = "/v1/people/{handle}/recommendations", tag = "recommendations",
    params(("handle" = String, Path)),
    responses((status = 200, body = Vec<Recommendation>), (status = 404, body = Problem)))]
async fn of_person(
    State(state): State<AppState>,
    Path(handle): Path<String>,
) -> ApiResult<axum::Json<Vec<Recommendation>>> {
    let subject = store::account_of(&state.db, &handle, "person").await?;
    Ok(axum::Json(store::public_about(&state.db, subject).await?))
}

/// One recommendation: public once written and not hidden; its subject and author always see it.
#[utoipa::path(get, path = "/v1/recommendations/{id}", tag = "recommendations",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Recommendation), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn one(
    State(state): State<AppState>,
    MaybeAuthUser(session): MaybeAuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Recommendation>> {
    let viewer = session.map(|s| s.account_id);
    Ok(axum::Json(store::one_for(&state.db, id, viewer).await?))
}

/// Write (and sign) what a colleague asked for.
#[utoipa::path(post, path = "/v1/recommendations/{id}/write", tag = "recommendations",
    security(("session" = [])), params(("id" = Uuid, Path)), request_body = Writing,
    responses((status = 200, body = Recommendation), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn write(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Writing>,
) -> ApiResult<axum::Json<Recommendation>> {
    Ok(axum::Json(
        writing::write(&state, session.account_id, id, &body).await?,
    ))
}

/// Decline a request.
#[utoipa::path(post, path = "/v1/recommendations/{id}/decline", tag = "recommendations",
    security(("session" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Recommendation), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn decline(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Recommendation>> {
    Ok(axum::Json(
        writing::decline(&state.db, session.account_id, id).await?,
    ))
}

/// Everything about you: asked, written (hidden too) and declined.
#[utoipa::path(get, path = "/v1/me/recommendations", tag = "recommendations",
    security(("session" = [])),
    responses((status = 200, body = Vec<Recommendation>), (status = 401, body = Problem)))]
async fn mine(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Recommendation>>> {
    Ok(axum::Json(
        store::about(&state.db, session.account_id).await?,
    ))
}

/// Hide a recommendation about you from your profile, or show it (also how you accept one written
/// without your asking, which starts hidden).
#[utoipa::path(put, path = "/v1/me/recommendations/{id}/hidden", tag = "recommendations",
    security(("session" = [])), params(("id" = Uuid, Path)), request_body = Hiding,
    responses((status = 200, body = Recommendation), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn set_hidden(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Hiding>,
) -> ApiResult<axum::Json<Recommendation>> {
    Ok(axum::Json(
        store::set_hidden(&state.db, session.account_id, id, body.hidden).await?,
    ))
}

/// Mint a written recommendation as a certificate of kind recommendation, issued by an
/// organization its author belongs to (its managers and admins).
#[utoipa::path(post, path = "/v1/organizations/{id}/recommendations/{recommendation}/mint", tag = "recommendations",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("recommendation" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 202, body = Operation), (status = 201, body = IssuedCertificate), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn mint(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, id)): Path<(Uuid, Uuid)>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("mint {organization} {id}");
    key.once(session.account_id, route, &())
        .accepted(minting::mint(&state, session.account_id, organization, id))
        .await
}
