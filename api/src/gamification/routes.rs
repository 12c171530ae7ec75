//! Points, levels, badges and leaderboards of an organization. Members see them; admins grant and
//! revoke badges, add or take points and raise levels — always through ledger entries. Only
//! employees appear on the leaderboard and hold levels (`gamification::earns`).
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::gamification::rules::{self as gamification, earns, level_of, LedgerEntry};
use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path, Query};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(leaderboard))
        .routes(routes!(standing))
        .routes(routes!(adjust_points))
        .routes(routes!(raise_level))
        .routes(routes!(create_badge))
        .routes(routes!(grant_badge))
        .routes(routes!(revoke_badge))
        .routes(routes!(set_levels))
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Week,
    Month,
    All,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct BoardQuery {
    /// week (7 days), month (30 days) or all; default all.
    pub period: Option<Period>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Place {
    pub rank: i64,
    pub handle: String,
    pub points: i64,
}

/// The organization's employees by points earned in the period (its members).
#[utoipa::path(get, path = "/v1/organizations/{id}/leaderboard", tag = "gamification", security(("session" = [])),
    params(("id" = Uuid, Path), BoardQuery),
    responses((status = 200, body = Vec<Place>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn leaderboard(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Query(q): Query<BoardQuery>,
) -> ApiResult<axum::Json<Vec<Place>>> {
    membership::require(&state.db, organization, session.account_id, Role::Employee).await?;
    let since = match q.period.unwrap_or(Period::All) {
        Period::Week => Some(state.clock.now() - Duration::days(7)),
        Period::Month => Some(state.clock.now() - Duration::days(30)),
        Period::All => None,
    };
    Ok(axum::Json(
        sqlx::query_as!(
            Place,
            r#"SELECT rank() OVER (ORDER BY sum(p.amount) DESC) AS "rank!", a.handle,
                      sum(p.amount)::bigint AS "points!"
               FROM point_entries p
               JOIN memberships m ON m.organization_id = p.organization_id AND m.account_id = p.account_id
               JOIN accounts a ON a.id = p.account_id
               WHERE p.organization_id = $1 AND ($2::timestamptz IS NULL OR p.at >= $2) AND m.role = 'employee' AND m.accepted_at IS NOT NULL
               GROUP BY a.handle
               ORDER BY 1, a.handle
               LIMIT 100"#,
            organization,
            since
        )
        .fetch_all(&state.db)
        .await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HeldBadge {
    pub code: String,
    pub name: String,
    pub granted_by: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Entry {
    pub amount: i32,
    pub action: String,
    pub reason: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Standing {
    pub handle: String,
    /// Whether this member earns at all (employees only).
    pub earns: bool,
    pub points: i64,
    pub level: i32,
    pub badges: Vec<HeldBadge>,
    /// The newest ledger entries.
    pub ledger: Vec<Entry>,
}

async fn member(
    state: &AppState,
    organization: Uuid,
    handle: &str,
) -> ApiResult<(Uuid, Option<Role>)> {
    let account = sqlx::query_scalar!("SELECT id FROM accounts WHERE handle = $1", handle)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound("member"))?;
    let role = membership::role_of(&state.db, organization, account).await?;
    if role.is_none() {
        return Err(ApiError::NotFound("member"));
    }
    Ok((account, role))
}

async fn standing_of(state: &AppState, organization: Uuid, handle: &str) -> ApiResult<Standing> {
    let (account, role) = member(state, organization, handle).await?;
    let mut conn = state.db.acquire().await?;
    let points = gamification::points_of(&mut conn, organization, account).await?;
    let thresholds =
        gamification::thresholds(&mut conn, &state.settings.gamification, organization).await?;
    let badges = sqlx::query_as!(
        HeldBadge,
        r#"SELECT b.code, b.name, g.handle AS "granted_by?", w.at
           FROM badge_awards w JOIN badges b ON b.id = w.badge_id LEFT JOIN accounts g ON g.id = w.granted_by
           WHERE w.organization_id = $1 AND w.account_id = $2 AND w.revoked_at IS NULL ORDER BY w.at, w.id"#,
        organization,
        account
    )
    .fetch_all(&mut *conn)
    .await?;
    let ledger = sqlx::query_as!(
        Entry,
        "SELECT amount, action, reason, at FROM point_entries
         WHERE organization_id = $1 AND account_id = $2 ORDER BY id DESC LIMIT 50",
        organization,
        account
    )
    .fetch_all(&mut *conn)
    .await?;
    let earner = earns(role);
    Ok(Standing {
        handle: handle.to_owned(),
        earns: earner,
        points,
        level: if earner {
            level_of(points, &thresholds)
        } else {
            0
        },
        badges,
        ledger,
    })
}

/// A member's points, level, badges and ledger (the organization's members).
#[utoipa::path(get, path = "/v1/organizations/{id}/members/{handle}/standing", tag = "gamification",
    security(("session" = [])), params(("id" = Uuid, Path), ("handle" = String, Path)),
    responses((status = 200, body = Standing), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn standing(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, handle)): Path<(Uuid, String)>,
) -> ApiResult<axum::Json<Standing>> {
    membership::require(&state.db, organization, session.account_id, Role::Employee).await?;
    Ok(axum::Json(
        standing_of(&state, organization, &handle).await?,
    ))
}

/// An employee the admin acts on, or 409 `not-an-employee`.
async fn employee(state: &AppState, organization: Uuid, handle: &str) -> ApiResult<Uuid> {
    let (account, role) = member(state, organization, handle).await?;
    if !earns(role) {
        return Err(ApiError::conflict(
            "not-an-employee",
            "only employees hold points, levels and badges",
        ));
    }
    Ok(account)
}

/// An admin's own ledger entry for an employee, and the level it may bring.
struct AdminEntry {
    admin: Uuid,
    organization: Uuid,
    account: Uuid,
}

impl AdminEntry {
    async fn append(
        &self,
        state: &AppState,
        tx: &mut sqlx::PgConnection,
        amount: i32,
        action: &str,
        reason: &str,
    ) -> ApiResult<()> {
        LedgerEntry {
            organization: self.organization,
            account: self.account,
            amount,
            action,
            source: &format!("admin:{}", self.admin),
            reason,
            by: Some(self.admin),
            at: state.clock.now(),
        }
        .append(tx)
        .await?;
        gamification::announce_level(
            tx,
            &state.settings.gamification,
            self.organization,
            self.account,
        )
        .await
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Adjustment {
    pub handle: String,
    /// Positive to add, negative to take away.
    pub amount: i32,
    pub reason: String,
}

/// Add or take points (admins): a ledger entry with the reason.
#[utoipa::path(post, path = "/v1/organizations/{id}/points", tag = "gamification", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Adjustment,
    responses((status = 201, body = Standing), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn adjust_points(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<Adjustment>,
) -> ApiResult<(StatusCode, axum::Json<Standing>)> {
    let mut c = Checks::default();
    c.check(
        body.amount != 0 && body.amount.abs() <= 100_000,
        "amount",
        "must be non-zero, at most 100000 either way",
    );
    c.text(body.reason.trim(), "reason", 1, 500);
    c.finish()?;
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    let account = employee(&state, organization, &body.handle).await?;
    let mut tx = state.db.begin().await?;
    let entry = AdminEntry {
        admin: session.account_id,
        organization,
        account,
    };
    entry
        .append(&state, &mut tx, body.amount, "manual", body.reason.trim())
        .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(standing_of(&state, organization, &body.handle).await?),
    ))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Raise {
    pub handle: String,
    pub level: i32,
}

/// Raise an employee to a level (admins): the ledger gets the points the level needs.
#[utoipa::path(post, path = "/v1/organizations/{id}/levels/raise", tag = "gamification", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Raise,
    responses((status = 201, body = Standing), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn raise_level(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<Raise>,
) -> ApiResult<(StatusCode, axum::Json<Standing>)> {
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    let account = employee(&state, organization, &body.handle).await?;
    let mut tx = state.db.begin().await?;
    let thresholds =
        gamification::thresholds(&mut tx, &state.settings.gamification, organization).await?;
    let needed = match body.level {
        l if l >= 2 && (l as usize - 2) < thresholds.len() => i64::from(thresholds[l as usize - 2]),
        _ => {
            return Err(ApiError::invalid(
                "level",
                format!("must be 2 to {}", thresholds.len() + 1),
            ))
        }
    };
    let points = gamification::points_of(&mut tx, organization, account).await?;
    if points >= needed {
        return Err(ApiError::conflict(
            "level-reached",
            "the employee is at this level or above",
        ));
    }
    let entry = AdminEntry {
        admin: session.account_id,
        organization,
        account,
    };
    let reason = format!("raised to level {}", body.level);
    entry
        .append(
            &state,
            &mut tx,
            (needed - points) as i32,
            "level_raise",
            &reason,
        )
        .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(standing_of(&state, organization, &body.handle).await?),
    ))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewBadge {
    /// Lower-case letters, digits and dashes.
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// Create a badge of the organization's own, granted by hand (admins).
#[utoipa::path(post, path = "/v1/organizations/{id}/badges", tag = "gamification", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = NewBadge,
    responses((status = 201), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_badge(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<NewBadge>,
) -> ApiResult<StatusCode> {
    let mut c = Checks::default();
    c.check(
        (1..=40).contains(&body.code.len())
            && body
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "code",
        "must be 1-40 lower-case letters, digits and dashes",
    );
    c.text(body.name.trim(), "name", 1, 100);
    c.text(&body.description, "description", 0, 1000);
    c.finish()?;
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    let created = sqlx::query!(
        "INSERT INTO badges (id, organization_id, code, name, description, automatic)
         SELECT $1, $2, $3, $4, $5, false
         WHERE NOT EXISTS (SELECT 1 FROM badges WHERE code = $3 AND (organization_id IS NULL OR organization_id = $2))",
        Uuid::new_v4(),
        organization,
        body.code,
        body.name.trim(),
        body.description
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if created == 0 {
        return Err(ApiError::conflict(
            "badge-exists",
            "a badge with this code exists",
        ));
    }
    Ok(StatusCode::CREATED)
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Grant {
    pub handle: String,
    #[serde(default)]
    pub reason: String,
}

/// Grant a badge by hand (admins): the organization's own or one of the platform's.
#[utoipa::path(post, path = "/v1/organizations/{id}/badges/{code}/grants", tag = "gamification",
    security(("session" = [])), params(("id" = Uuid, Path), ("code" = String, Path)), request_body = Grant,
    responses((status = 201, body = Standing), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn grant_badge(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, code)): Path<(Uuid, String)>,
    Json(body): Json<Grant>,
) -> ApiResult<(StatusCode, axum::Json<Standing>)> {
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    let account = employee(&state, organization, &body.handle).await?;
    let mut tx = state.db.begin().await?;
    let granted = gamification::grant(
        &mut tx,
        &code,
        organization,
        account,
        Some(session.account_id),
        body.reason.trim(),
        state.clock.now(),
    )
    .await?;
    if !granted {
        return Err(ApiError::conflict(
            "badge-held",
            "the employee holds this badge",
        ));
    }
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(standing_of(&state, organization, &body.handle).await?),
    ))
}

/// Revoke a badge (admins).
#[utoipa::path(delete, path = "/v1/organizations/{id}/badges/{code}/grants/{handle}", tag = "gamification",
    security(("session" = [])), params(("id" = Uuid, Path), ("code" = String, Path), ("handle" = String, Path)),
    responses((status = 200, body = Standing), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn revoke_badge(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, code, handle)): Path<(Uuid, String, String)>,
) -> ApiResult<axum::Json<Standing>> {
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    let (account, _) = member(&state, organization, &handle).await?;
    let revoked = sqlx::query!(
        "UPDATE badge_awards w SET revoked_at = $4, revoked_by = $5 FROM badges b
         WHERE b.id = w.badge_id AND b.code = $1 AND w.organization_id = $2 AND w.account_id = $3
           AND w.revoked_at IS NULL",
        code,
        organization,
        account,
        state.clock.now(),
        session.account_id
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if revoked == 0 {
        return Err(ApiError::NotFound("badge"));
    }
    Ok(axum::Json(
        standing_of(&state, organization, &handle).await?,
    ))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Levels {
    /// Points needed for levels 2, 3, ...: increasing.
    pub thresholds: Vec<i32>,
}

/// Set the organization's level thresholds (admins).
#[utoipa::path(put, path = "/v1/organizations/{id}/levels", tag = "gamification", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Levels,
    responses((status = 200, body = Levels), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
async fn set_levels(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<Levels>,
) -> ApiResult<axum::Json<Levels>> {
    let mut c = Checks::default();
    c.check(
        (1..=50).contains(&body.thresholds.len())
            && body.thresholds[0] > 0
            && body.thresholds.windows(2).all(|w| w[0] < w[1]),
        "thresholds",
        "must be 1 to 50 increasing positive numbers",
    );
    c.finish()?;
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "DELETE FROM level_thresholds WHERE organization_id = $1",
        organization
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO level_thresholds (organization_id, level, points)
         SELECT $1, t.ord::int + 1, t.points FROM unnest($2::int[]) WITH ORDINALITY AS t(points, ord)",
        organization,
        &body.thresholds
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(axum::Json(body))
}
