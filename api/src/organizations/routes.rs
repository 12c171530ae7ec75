//! The organization routes: create, search and read organizations; invite, accept, change role,
//! remove members; a person's own memberships.
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path, Query};
use crate::http::pagination::{Page, PageParams};
use crate::organizations::members::{self, Invitation, Member, MyMembership, RoleChange};
use crate::organizations::membership::{self, Role};
use crate::organizations::organization::{self, fetch, NewOrganization, Organization};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(get_one))
        .routes(routes!(members, invite))
        .routes(routes!(change_role, remove))
        .routes(routes!(accept))
        .routes(routes!(my_organizations))
}

/// Create an organization; its creator becomes its admin.
#[utoipa::path(post, path = "/v1/organizations", tag = "organizations", security(("session" = [])),
    request_body = NewOrganization,
    responses((status = 201, body = Organization), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 422, body = Problem)))]
async fn create(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<NewOrganization>,
) -> ApiResult<(StatusCode, axum::Json<Organization>)> {
    let organization = organization::create(&state.db, session.account_id, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(organization)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OrganizationQuery {
    /// Part of the name.
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

/// Organizations by name.
#[utoipa::path(get, path = "/v1/organizations", tag = "organizations", params(OrganizationQuery),
    responses((status = 200, body = Page<Organization>), (status = 422, body = Problem)))]
async fn list(
    state: axum::extract::State<AppState>,
    Query(query): Query<OrganizationQuery>,
) -> ApiResult<axum::Json<Page<Organization>>> {
    Ok(axum::Json(
        organization::search(
            &state.db,
            query.q.as_deref(),
            query.cursor.as_deref(),
            query.limit,
        )
        .await?,
    ))
}

/// One organization, public.
#[utoipa::path(get, path = "/v1/organizations/{id}", tag = "organizations",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Organization), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Organization>> {
    Ok(axum::Json(fetch(&state.db, id).await?))
}

/// Members and pending invitations, by handle; for members only.
#[utoipa::path(get, path = "/v1/organizations/{id}/members", tag = "organizations", security(("session" = [])),
    params(("id" = Uuid, Path), PageParams),
    responses((status = 200, body = Page<Member>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn members(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Query(page): Query<PageParams>,
) -> ApiResult<axum::Json<Page<Member>>> {
    membership::require(&state.db, id, session.account_id, Role::Employee).await?;
    Ok(axum::Json(
        members::list(&state.db, id, page.cursor.as_deref(), page.limit).await?,
    ))
}

/// Invite a person (admins only); they become a member once they accept.
#[utoipa::path(post, path = "/v1/organizations/{id}/members", tag = "organizations", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Invitation,
    responses((status = 201, body = Member), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn invite(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Invitation>,
) -> ApiResult<(StatusCode, axum::Json<Member>)> {
    membership::require(&state.db, id, session.account_id, Role::Admin).await?;
    let member = members::invite(&state.db, id, session.account_id, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(member)))
}

/// Accept an invitation to this organization.
#[utoipa::path(post, path = "/v1/organizations/{id}/invitation/accept", tag = "organizations",
    security(("session" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn accept(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    members::accept(&state.db, id, session.account_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change a member's role (admins only).
#[utoipa::path(put, path = "/v1/organizations/{id}/members/{account_id}", tag = "organizations",
    security(("session" = [])), params(("id" = Uuid, Path), ("account_id" = Uuid, Path)), request_body = RoleChange,
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn change_role(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((id, member)): Path<(Uuid, Uuid)>,
    Json(body): Json<RoleChange>,
) -> ApiResult<StatusCode> {
    members::change_role(&state.db, id, session.account_id, member, body.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a member (admins), or leave (yourself).
#[utoipa::path(delete, path = "/v1/organizations/{id}/members/{account_id}", tag = "organizations",
    security(("session" = [])), params(("id" = Uuid, Path), ("account_id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn remove(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((id, member)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    members::remove(&state.db, id, session.account_id, member).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organizations the signed-in person belongs to or is invited to.
#[utoipa::path(get, path = "/v1/me/organizations", tag = "organizations", security(("session" = [])),
    responses((status = 200, body = Vec<MyMembership>), (status = 401, body = Problem)))]
async fn my_organizations(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<MyMembership>>> {
    Ok(axum::Json(
        members::of_account(&state.db, session.account_id).await?,
    ))
}
