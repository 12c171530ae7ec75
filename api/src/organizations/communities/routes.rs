//! The community routes: create and list communities, invite the talent pool, send mailings.
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::organizations::communities::community::{self, Community, NewCommunity};
use crate::organizations::communities::invites::{invite_talent_pool, Invitations};
use crate::organizations::communities::mailings::{self, Mailing, NewMailing};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(prove))
        .routes(routes!(invite))
        .routes(routes!(mail))
}

/// Create a community around a Telegram chat (admins). The chat is proven first: the bot must
/// administer it with the right to invite, and the caller, by the Telegram account they signed in
/// with, must be its creator or an administrator who may invite. The audit chat is refused, and a
/// chat is one organization's community only.
#[utoipa::path(post, path = "/v1/organizations/{id}/communities", tag = "communities", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = NewCommunity,
    responses((status = 201, body = Community), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem), (status = 502, body = Problem),
              (status = 503, body = Problem)))]
async fn create(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<NewCommunity>,
) -> ApiResult<(StatusCode, axum::Json<Community>)> {
    let community = community::create(&state, session.account_id, organization, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(community)))
}

/// The organization's communities (its managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/communities", tag = "communities", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Community>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn list(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<Community>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    Ok(axum::Json(
        community::of_organization(&state.db, organization).await?,
    ))
}

/// Prove the chat of a community added before chats were proven, as for a new one (admins).
#[utoipa::path(post, path = "/v1/organizations/{id}/communities/{community}/proof", tag = "communities",
    security(("session" = [])), params(("id" = Uuid, Path), ("community" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem),
              (status = 502, body = Problem), (status = 503, body = Problem)))]
async fn prove(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, community)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    community::prove_existing(&state, session.account_id, organization, community).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Invite the organization's talent pool: a one-person invite link for each owner of a pooled
/// resume not yet invited, sent as a notification. Run again after the pool grows; nobody is
/// invited twice. If Telegram fails midway, those invited so far stay invited.
#[utoipa::path(post, path = "/v1/organizations/{id}/communities/{community}/invites", tag = "communities",
    security(("session" = [])), params(("id" = Uuid, Path), ("community" = Uuid, Path)),
    responses((status = 200, body = Invitations), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 502, body = Problem), (status = 503, body = Problem)))]
async fn invite(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, community)): Path<(Uuid, Uuid)>,
) -> ApiResult<axum::Json<Invitations>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    Ok(axum::Json(
        invite_talent_pool(&state, organization, community).await?,
    ))
}

/// Mail a vacancy or an event to everyone invited to the community who has not opted out.
#[utoipa::path(post, path = "/v1/organizations/{id}/communities/{community}/mailings", tag = "communities",
    security(("session" = [])), params(("id" = Uuid, Path), ("community" = Uuid, Path)), request_body = NewMailing,
    responses((status = 201, body = Mailing), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn mail(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, community)): Path<(Uuid, Uuid)>,
    Json(body): Json<NewMailing>,
) -> ApiResult<(StatusCode, axum::Json<Mailing>)> {
    let mailing =
        mailings::send(&state, session.account_id, organization, community, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(mailing)))
}
