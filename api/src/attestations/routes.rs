//! Attestations: an admin creates one (theory, a question bank, time limit, passing score, attempt
//! limit, open and close times, assigned members); assignees — and the organization's managers and
//! admins, who may take it too — read the theory, then take the timed test (`attempt_routes`).
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::attestations::attestation::{access, Attestation, NewAttestation, Theory};
use crate::attestations::{authoring, reading};
use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, of_organization))
        .routes(routes!(mine))
        .routes(routes!(get_one))
        .routes(routes!(theory))
}

/// Create an attestation and assign it (admins).
#[utoipa::path(post, path = "/v1/organizations/{id}/attestations", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = NewAttestation,
    responses((status = 201, body = Attestation), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
async fn create(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<NewAttestation>,
) -> ApiResult<(StatusCode, axum::Json<Attestation>)> {
    body.check()?;
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    let id = authoring::create(&state, organization, session.account_id, &body).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(reading::load(&state, id, session.account_id, true).await?),
    ))
}

/// One attestation: its settings, assignees and attempts (yours; managers and admins see all).
#[utoipa::path(get, path = "/v1/attestations/{id}", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Attestation), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Attestation>> {
    let access = access(&state.db, id, session.account_id).await?;
    Ok(axum::Json(
        reading::load(&state, id, session.account_id, access.overseer).await?,
    ))
}

/// The organization's attestations with everyone's attempts (managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/attestations", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Attestation>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn of_organization(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<Attestation>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    Ok(axum::Json(
        reading::of_organization(&state, organization, session.account_id).await?,
    ))
}

/// Attestations assigned to you.
#[utoipa::path(get, path = "/v1/me/attestations", tag = "attestations", security(("session" = [])),
    responses((status = 200, body = Vec<Attestation>), (status = 401, body = Problem)))]
async fn mine(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Attestation>>> {
    Ok(axum::Json(
        reading::assigned_to(&state, session.account_id).await?,
    ))
}

/// Read the theory; the test can start after this.
#[utoipa::path(post, path = "/v1/attestations/{id}/theory", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Theory), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn theory(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Theory>> {
    access(&state.db, id, session.account_id).await?;
    Ok(axum::Json(
        reading::read_theory(&state, id, session.account_id).await?,
    ))
}
