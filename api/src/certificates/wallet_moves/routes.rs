//! The wallet move routes: holders ask and follow theirs; organizations list and decide.
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::wallet_moves::accepting;
use crate::certificates::wallet_moves::asking::{self, MigrationRequestedView, NewMigration};
use crate::certificates::wallet_moves::deciding::decide;
use crate::certificates::wallet_moves::listing::{list, MigrationView};
use crate::chain::Included;
use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::http::idempotency::IdempotencyKey;
use crate::operations::types::Operation;
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_migration, my_migrations))
        .routes(routes!(accept_migration))
        .routes(routes!(organization_migrations))
        .routes(routes!(approve))
        .routes(routes!(reject))
}

/// Ask the issuing organization to move certificates to another of your wallets.
#[utoipa::path(post, path = "/v1/me/migrations", tag = "certificates", security(("session" = [])),
    params(("Idempotency-Key" = String, Header)), request_body = NewMigration,
    responses((status = 202, body = Operation), (status = 201, body = MigrationRequestedView), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem)))]
async fn request_migration(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    key: IdempotencyKey,
    Json(body): Json<NewMigration>,
) -> ApiResult<Response> {
    key.once(session.account_id, "migration", &body)
        .accepted(asking::ask(&state, session.account_id, &body))
        .await
}

/// Your migration requests.
#[utoipa::path(get, path = "/v1/me/migrations", tag = "certificates", security(("session" = [])),
    responses((status = 200, body = Vec<MigrationView>), (status = 401, body = Problem)))]
async fn my_migrations(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<MigrationView>>> {
    Ok(axum::Json(
        list(&state, Some(session.account_id), None).await?,
    ))
}

/// Accept, as the destination wallet (one of yours), a move asked to it; the organization can
/// approve only after this.
#[utoipa::path(post, path = "/v1/me/migrations/{migration}/accept", tag = "certificates",
    security(("session" = [])), params(("migration" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 202, body = Operation), (status = 200, body = Included), (status = 401, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn accept_migration(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(migration): Path<u64>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("accept migration {migration}");
    key.once(session.account_id, route, &())
        .accepted(accepting::accept(&state, session.account_id, migration))
        .await
}

/// Migration requests to this organization (managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/migrations", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<MigrationView>), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn organization_migrations(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<MigrationView>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    Ok(axum::Json(list(&state, None, Some(organization)).await?))
}

/// Approve: the certificates (and, for all, the tenure) move to the new wallet.
#[utoipa::path(post, path = "/v1/organizations/{id}/migrations/{migration}/approve", tag = "certificates",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("migration" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 202, body = Operation), (status = 200, body = Included), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn approve(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, migration)): Path<(Uuid, u64)>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("approve migration {organization} {migration}");
    key.once(session.account_id, route, &())
        .accepted(decide(
            &state,
            session.account_id,
            organization,
            migration,
            true,
        ))
        .await
}

/// Reject a migration request.
#[utoipa::path(post, path = "/v1/organizations/{id}/migrations/{migration}/reject", tag = "certificates",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("migration" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 202, body = Operation), (status = 200, body = Included), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn reject(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, migration)): Path<(Uuid, u64)>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("reject migration {organization} {migration}");
    key.once(session.account_id, route, &())
        .accepted(decide(
            &state,
            session.account_id,
            organization,
            migration,
            false,
        ))
        .await
}
