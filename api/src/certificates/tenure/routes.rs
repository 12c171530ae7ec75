//! The tenure routes: programs for organizations, staking, tenure and claims for employees.
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::tenure::awards::{self, Claimed};
use crate::certificates::tenure::programs::{self, NewProgram, Program};
use crate::certificates::tenure::staking::{self, Tenure};
use crate::chain::Included;
use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::http::idempotency::IdempotencyKey;
use crate::operations::types::Operation;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_program, programs))
        .routes(routes!(stake))
        .routes(routes!(unstake))
        .routes(routes!(my_tenure))
        .routes(routes!(claim))
}

/// Create a tenure award program (organization admins; Idempotency-Key required).
#[utoipa::path(post, path = "/v1/organizations/{id}/tenure-programs", tag = "tenure",
    security(("session" = [])), params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    request_body = NewProgram,
    responses((status = 202, body = Operation), (status = 201, body = Program), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_program(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    key: IdempotencyKey,
    Json(body): Json<NewProgram>,
) -> ApiResult<Response> {
    let route = format!("program {organization}");
    key.once(session.account_id, route, &body)
        .accepted(programs::create(
            &state,
            session.account_id,
            organization,
            &body,
        ))
        .await
}

/// The organization's tenure programs, as mirrored from the chain.
#[utoipa::path(get, path = "/v1/organizations/{id}/tenure-programs", tag = "tenure",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Program>), (status = 404, body = Problem)))]
async fn programs(
    state: axum::extract::State<AppState>,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<Program>>> {
    Ok(axum::Json(
        programs::of_organization(&state, organization).await?,
    ))
}

/// Stake your employment certificate: tenure accrues while it is staked and active.
#[utoipa::path(post, path = "/v1/me/certificates/{id}/stake", tag = "tenure", security(("session" = [])),
    params(("id" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 202, body = Operation), (status = 200, body = Included), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem)))]
async fn stake(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(certificate): Path<u64>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("stake {certificate}");
    key.once(session.account_id, route, &())
        .accepted(staking::set_stake(
            &state,
            session.account_id,
            certificate,
            true,
        ))
        .await
}

/// Unstake: tenure accrued so far is kept.
#[utoipa::path(post, path = "/v1/me/certificates/{id}/unstake", tag = "tenure", security(("session" = [])),
    params(("id" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 202, body = Operation), (status = 200, body = Included), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem)))]
async fn unstake(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(certificate): Path<u64>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("unstake {certificate}");
    key.once(session.account_id, route, &())
        .accepted(staking::set_stake(
            &state,
            session.account_id,
            certificate,
            false,
        ))
        .await
}

/// Your verifiable tenure with each issuer, now.
#[utoipa::path(get, path = "/v1/me/tenure", tag = "tenure", security(("session" = [])),
    responses((status = 200, body = Vec<Tenure>), (status = 401, body = Problem)))]
async fn my_tenure(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Tenure>>> {
    Ok(axum::Json(
        staking::of_account(&state, session.account_id).await?,
    ))
}

/// Claim a tenure program's award; the registry issues it once the milestone is met.
#[utoipa::path(post, path = "/v1/me/tenure-programs/{program}/claim", tag = "tenure", security(("session" = [])),
    params(("program" = u32, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 202, body = Operation), (status = 201, body = Claimed), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem)))]
async fn claim(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(program): Path<u32>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("claim {program}");
    key.once(session.account_id, route, &())
        .accepted(awards::claim(&state, session.account_id, program))
        .await
}
