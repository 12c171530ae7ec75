//! A member's standing in an organization: points, level, badges held and the newest ledger
//! entries; and finding the member (or the employee) an admin acts on by handle.
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::gamification::levels::{level_of, points_of, thresholds};
use crate::gamification::rules::earns;
use crate::http::error::{ApiError, ApiResult};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

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

/// The member of `organization` with this handle and their role, or 404 `member`.
pub async fn member(
    state: &AppState,
    organization: Uuid,
    handle: &str,
) -> ApiResult<(Uuid, Option<Role>)> {
    // Not a handle (say, with a NUL byte PostgreSQL refuses in text): nobody has it.
    if crate::profiles::handle::Handle::parse(handle).is_err() {
        return Err(ApiError::NotFound("member"));
    }
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

/// An employee the admin acts on, or 409 `not-an-employee`.
pub async fn employee(state: &AppState, organization: Uuid, handle: &str) -> ApiResult<Uuid> {
    let (account, role) = member(state, organization, handle).await?;
    if !earns(role) {
        return Err(ApiError::conflict(
            "not-an-employee",
            "only employees hold points, levels and badges",
        ));
    }
    Ok(account)
}

/// The standing of the member with this handle in `organization`.
pub async fn standing_of(
    state: &AppState,
    organization: Uuid,
    handle: &str,
) -> ApiResult<Standing> {
    let (account, role) = member(state, organization, handle).await?;
    let mut conn = state.db.acquire().await?;
    let points = points_of(&mut conn, organization, account).await?;
    let thresholds = thresholds(&mut conn, &state.settings.gamification, organization).await?;
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
