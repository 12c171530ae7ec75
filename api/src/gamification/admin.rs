//! What admins do to points and levels — always through ledger entries of their own: add or take
//! points, raise an employee to a level, and set the organization's level thresholds.
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::gamification::levels::{announce_level, points_of, thresholds};
use crate::gamification::rules::LedgerEntry;
use crate::gamification::standing::employee;
use crate::http::error::{ApiError, ApiResult, Checks};
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Adjustment {
    pub handle: String,
    /// Positive to add, negative to take away.
    pub amount: i32,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Raise {
    pub handle: String,
    pub level: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Levels {
    /// Points needed for levels 2, 3, ...: increasing.
    pub thresholds: Vec<i32>,
}

impl Adjustment {
    pub fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.check(
            (-100_000..=100_000).contains(&self.amount) && self.amount != 0,
            "amount",
            "must be non-zero, at most 100000 either way",
        );
        c.text(self.reason.trim(), "reason", 1, 500);
        c.finish()
    }
}

impl Levels {
    pub fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.check(
            (1..=50).contains(&self.thresholds.len())
                && self.thresholds[0] > 0
                && self.thresholds.windows(2).all(|w| w[0] < w[1]),
            "thresholds",
            "must be 1 to 50 increasing positive numbers",
        );
        c.finish()
    }
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
        tx: &mut PgConnection,
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
        announce_level(
            tx,
            &state.settings.gamification,
            self.organization,
            self.account,
        )
        .await
    }
}

/// Adds or takes the employee's points, by `admin`, with the reason.
pub async fn adjust_points(
    state: &AppState,
    organization: Uuid,
    admin: Uuid,
    body: &Adjustment,
) -> ApiResult<()> {
    let account = employee(state, organization, &body.handle).await?;
    let mut tx = state.db.begin().await?;
    let entry = AdminEntry {
        admin,
        organization,
        account,
    };
    entry
        .append(state, &mut tx, body.amount, "manual", body.reason.trim())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Raises the employee to `body.level` by giving the points it needs; 422 for a level that does
/// not exist, 409 if the employee is there already.
pub async fn raise_level(
    state: &AppState,
    organization: Uuid,
    admin: Uuid,
    body: &Raise,
) -> ApiResult<()> {
    let account = employee(state, organization, &body.handle).await?;
    let mut tx = state.db.begin().await?;
    let thresholds = thresholds(&mut tx, &state.settings.gamification, organization).await?;
    let needed = match body.level {
        l if l >= 2 && (l as usize - 2) < thresholds.len() => i64::from(thresholds[l as usize - 2]),
        _ => {
            return Err(ApiError::invalid(
                "level",
                format!("must be 2 to {}", thresholds.len() + 1),
            ))
        }
    };
    let points = points_of(&mut tx, organization, account).await?;
    if points >= needed {
        return Err(ApiError::conflict(
            "level-reached",
            "the employee is at this level or above",
        ));
    }
    let entry = AdminEntry {
        admin,
        organization,
        account,
    };
    let reason = format!("raised to level {}", body.level);
    entry
        .append(
            state,
            &mut tx,
            (needed - points) as i32,
            "level_raise",
            &reason,
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the organization's level thresholds.
pub async fn set_levels(state: &AppState, organization: Uuid, levels: &Levels) -> ApiResult<()> {
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
        &levels.thresholds
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
