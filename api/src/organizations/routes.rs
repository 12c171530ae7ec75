//! Organizations and their members: create, invite, accept, change role, remove.
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path, Query};
use crate::http::pagination::{self, Page, PageParams};
use crate::organizations::membership::{self, Role};
use crate::organizations::organization::{fetch, NewOrganization, Organization};
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
    let mut c = Checks::default();
    c.text(&body.name, "name", 2, 200);
    if let Some(website) = &body.website {
        let ok = url::Url::parse(website).is_ok_and(|u| matches!(u.scheme(), "https" | "http"));
        c.check(
            ok && website.len() <= 300,
            "website",
            "must be an http(s) URL",
        );
    }
    c.finish()?;
    let id = Uuid::new_v4();
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "INSERT INTO organizations (id, name, kind, website, created_by)
         VALUES ($1, $2, $3::text::organization_kind, $4, $5)",
        id,
        body.name.trim(),
        body.kind.as_str(),
        body.website,
        session.account_id,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO memberships (organization_id, account_id, role, accepted_at)
         VALUES ($1, $2, 'admin', now())",
        id,
        session.account_id,
    )
    .execute(&mut *tx)
    .await?;
    let organization = fetch(&mut *tx, id).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(organization)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OrganizationQuery {
    /// Part of the name.
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    pub limit: Option<i64>,
}

/// Organizations by name.
#[utoipa::path(get, path = "/v1/organizations", tag = "organizations", params(OrganizationQuery),
    responses((status = 200, body = Page<Organization>), (status = 422, body = Problem)))]
async fn list(
    state: axum::extract::State<AppState>,
    Query(query): Query<OrganizationQuery>,
) -> ApiResult<axum::Json<Page<Organization>>> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::after(query.cursor.as_deref())?;
    let (after_name, after_id) = match after.split_once('\n') {
        Some((name, id)) => (
            name.to_owned(),
            id.parse::<Uuid>()
                .map_err(|_| ApiError::invalid("cursor", "is not a cursor this API returned"))?,
        ),
        None => (String::new(), Uuid::nil()),
    };
    let pattern = query
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(|q| {
            format!(
                "%{}%",
                q.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        });
    let ids = sqlx::query_scalar!(
        "SELECT id FROM organizations
         WHERE (lower(name), id) > ($1, $2) AND ($3::text IS NULL OR name ILIKE $3)
         ORDER BY lower(name), id LIMIT $4",
        after_name,
        after_id,
        pattern,
        limit + 1,
    )
    .fetch_all(&state.db)
    .await?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        rows.push(fetch(&state.db, id).await?);
    }
    Ok(axum::Json(Page::from_rows(rows, limit, |o| {
        format!("{}\n{}", o.name.to_lowercase(), o.id)
    })))
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

#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    pub account_id: Uuid,
    pub handle: String,
    pub display_name: String,
    pub role: Role,
    /// False while the invitation is not accepted.
    pub accepted: bool,
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
    let limit = pagination::limit(page.limit)?;
    let after = pagination::after(page.cursor.as_deref())?;
    let rows = sqlx::query!(
        r#"SELECT m.account_id, a.handle, p.display_name, m.role::text AS "role!",
                  m.accepted_at IS NOT NULL AS "accepted!"
           FROM memberships m JOIN accounts a ON a.id = m.account_id
           JOIN profiles p ON p.account_id = a.id
           WHERE m.organization_id = $1 AND a.handle > $2 ORDER BY a.handle LIMIT $3"#,
        id,
        after,
        limit + 1,
    )
    .fetch_all(&state.db)
    .await?;
    let members = rows
        .into_iter()
        .map(|r| Member {
            account_id: r.account_id,
            handle: r.handle,
            display_name: r.display_name,
            role: Role::parse(&r.role),
            accepted: r.accepted,
        })
        .collect();
    Ok(axum::Json(Page::from_rows(members, limit, |m| {
        m.handle.clone()
    })))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Invitation {
    /// The invitee's handle.
    pub handle: String,
    pub role: Role,
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
    let invitee = sqlx::query!(
        "SELECT a.id, a.handle, p.display_name FROM accounts a JOIN profiles p ON p.account_id = a.id
         WHERE a.handle = $1",
        body.handle
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("person"))?;
    let inserted = sqlx::query!(
        "INSERT INTO memberships (organization_id, account_id, role, invited_by)
         VALUES ($1, $2, $3::text::member_role, $4) ON CONFLICT DO NOTHING",
        id,
        invitee.id,
        body.role.as_str(),
        session.account_id,
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::conflict(
            "already-member",
            "this person is already a member or invited",
        ));
    }
    Ok((
        StatusCode::CREATED,
        axum::Json(Member {
            account_id: invitee.id,
            handle: invitee.handle,
            display_name: invitee.display_name,
            role: body.role,
            accepted: false,
        }),
    ))
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
    let accepted = sqlx::query!(
        "UPDATE memberships SET accepted_at = now()
         WHERE organization_id = $1 AND account_id = $2 AND accepted_at IS NULL",
        id,
        session.account_id,
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if accepted == 0 {
        return Err(ApiError::NotFound("invitation"));
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoleChange {
    pub role: Role,
}

/// Fails when the change would leave the organization without an accepted admin.
async fn keep_an_admin(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    organization: Uuid,
) -> ApiResult<()> {
    let admins = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM memberships
           WHERE organization_id = $1 AND role = 'admin' AND accepted_at IS NOT NULL"#,
        organization
    )
    .fetch_one(&mut **tx)
    .await?;
    if admins == 0 {
        return Err(ApiError::conflict(
            "last-admin",
            "an organization keeps at least one admin",
        ));
    }
    Ok(())
}

/// Lock the organization's memberships so two admins demoting each other cannot both succeed.
async fn lock_members(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    organization: Uuid,
) -> ApiResult<()> {
    sqlx::query!(
        "SELECT id FROM organizations WHERE id = $1 FOR UPDATE",
        organization
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(())
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
    let mut tx = state.db.begin().await?;
    lock_members(&mut tx, id).await?;
    membership::require(&mut *tx, id, session.account_id, Role::Admin).await?;
    let changed = sqlx::query!(
        "UPDATE memberships SET role = $3::text::member_role
         WHERE organization_id = $1 AND account_id = $2",
        id,
        member,
        body.role.as_str(),
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::NotFound("member"));
    }
    keep_an_admin(&mut tx, id).await?;
    tx.commit().await?;
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
    let mut tx = state.db.begin().await?;
    lock_members(&mut tx, id).await?;
    if member != session.account_id {
        membership::require(&mut *tx, id, session.account_id, Role::Admin).await?;
    }
    let removed = sqlx::query!(
        "DELETE FROM memberships WHERE organization_id = $1 AND account_id = $2",
        id,
        member
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed == 0 {
        return Err(ApiError::NotFound("member"));
    }
    keep_an_admin(&mut tx, id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyMembership {
    pub organization: Organization,
    pub role: Role,
    pub accepted: bool,
}

/// The organizations the signed-in person belongs to or is invited to.
#[utoipa::path(get, path = "/v1/me/organizations", tag = "organizations", security(("session" = [])),
    responses((status = 200, body = Vec<MyMembership>), (status = 401, body = Problem)))]
async fn my_organizations(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<MyMembership>>> {
    let rows = sqlx::query!(
        r#"SELECT organization_id, role::text AS "role!", accepted_at IS NOT NULL AS "accepted!"
           FROM memberships WHERE account_id = $1 ORDER BY invited_at"#,
        session.account_id
    )
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(MyMembership {
            organization: fetch(&state.db, r.organization_id).await?,
            role: Role::parse(&r.role),
            accepted: r.accepted,
        });
    }
    Ok(axum::Json(out))
}
