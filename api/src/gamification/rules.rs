//! Points, levels and badges. The one rule of who earns is `earns`: only employees earn points,
//! levels, activity badges and a rank; managers and admins earn nothing. Points go into an
//! append-only ledger. An action repeated within its cool-down, or beyond the per-minute limit,
//! earns nothing; both limits are counted in PostgreSQL, under a per-person advisory lock, so
//! they hold across API instances. Each change may grant a badge or reach a level, told as a
//! notification in the same transaction.
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::ApiResult;
use crate::notifications::notify::{self, Kind};
use crate::organizations::membership::{self, Role};

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct GamificationSettings {
    pub certificate_points: i32,
    pub endorsement_points: i32,
    pub tenure_year_points: i32,
    /// The same action about the same thing earns again only after this long.
    pub cooldown_secs: i64,
    /// More actions than this within a minute earn nothing.
    pub max_actions_per_minute: i64,
    /// Points for levels 2, 3, ... where an organization set none.
    pub default_thresholds: Vec<i32>,
}

impl Default for GamificationSettings {
    fn default() -> Self {
        Self {
            certificate_points: 50,
            endorsement_points: 10,
            tenure_year_points: 200,
            cooldown_secs: 24 * 3600,
            max_actions_per_minute: 10,
            default_thresholds: vec![100, 250, 500, 1000, 2000],
        }
    }
}

/// Who earns: decided here and nowhere else.
pub fn earns(role: Option<Role>) -> bool {
    role == Some(Role::Employee)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    AttestationPassed { points: i32 },
    CertificateReceived,
    EndorsementReceived,
    TenureYear,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::AttestationPassed { .. } => "attestation_passed",
            Action::CertificateReceived => "certificate_received",
            Action::EndorsementReceived => "endorsement_received",
            Action::TenureYear => "tenure_year",
        }
    }

    fn points(self, s: &GamificationSettings) -> i32 {
        match self {
            Action::AttestationPassed { points } => points,
            Action::CertificateReceived => s.certificate_points,
            Action::EndorsementReceived => s.endorsement_points,
            Action::TenureYear => s.tenure_year_points,
        }
    }

    /// The automatic badge this action may bring.
    fn badge(self) -> &'static str {
        match self {
            Action::AttestationPassed { .. } => "attestation-passed",
            Action::CertificateReceived => "first-certificate",
            Action::EndorsementReceived => "five-endorsements",
            Action::TenureYear => "year-of-tenure",
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Earned,
    /// Not an employee: nothing recorded.
    NotEligible,
    CoolingDown,
    RateLimited,
}

async fn lock_person(conn: &mut PgConnection, account: Uuid) -> ApiResult<()> {
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended($1::text, 7))",
        account.to_string()
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Records `action` by `account` in `organization` about `source` at `now`, in the caller's
/// transaction: points unless limited, then the badge and level it may bring.
pub async fn record(
    conn: &mut PgConnection,
    settings: &GamificationSettings,
    organization: Uuid,
    account: Uuid,
    action: Action,
    source: &str,
    now: DateTime<Utc>,
) -> ApiResult<Outcome> {
    if !earns(membership::role_of(&mut *conn, organization, account).await?) {
        return Ok(Outcome::NotEligible);
    }
    lock_person(conn, account).await?;
    let recent = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM point_activity WHERE account_id = $1 AND at > $2 AND at <= $3"#,
        account,
        now - Duration::minutes(1),
        now
    )
    .fetch_one(&mut *conn)
    .await?;
    let cooling = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM point_entries
                          WHERE organization_id = $1 AND account_id = $2 AND action = $3 AND source = $4
                            AND at > $5) AS "cooling!""#,
        organization,
        account,
        action.name(),
        source,
        now - Duration::seconds(settings.cooldown_secs)
    )
    .fetch_one(&mut *conn)
    .await?;
    let outcome = if recent >= settings.max_actions_per_minute {
        Outcome::RateLimited
    } else if cooling {
        Outcome::CoolingDown
    } else {
        Outcome::Earned
    };
    sqlx::query!(
        "INSERT INTO point_activity (account_id, organization_id, action, source, at, earned)
         VALUES ($1, $2, $3, $4, $5, $6)",
        account,
        organization,
        action.name(),
        source,
        now,
        outcome == Outcome::Earned
    )
    .execute(&mut *conn)
    .await?;
    if outcome != Outcome::Earned {
        tracing::info!(%account, %organization, action = action.name(), ?outcome, "action earned nothing");
        return Ok(outcome);
    }
    let amount = action.points(settings);
    LedgerEntry {
        organization,
        account,
        amount,
        action: action.name(),
        source,
        reason: "",
        by: None,
        at: now,
    }
    .append(conn)
    .await?;
    if rule_holds(conn, action, organization, account).await? {
        grant(conn, action.badge(), organization, account, None, "", now).await?;
    }
    announce_level(conn, settings, organization, account).await?;
    Ok(outcome)
}

/// `record` in a transaction of its own, for an action that follows a write already committed
/// (an endorsement signed, an award claimed on chain).
pub async fn record_alone(
    db: &sqlx::PgPool,
    settings: &GamificationSettings,
    organization: Uuid,
    account: Uuid,
    action: Action,
    source: &str,
    now: DateTime<Utc>,
) -> ApiResult<Outcome> {
    let mut tx = db.begin().await?;
    let outcome = record(
        &mut tx,
        settings,
        organization,
        account,
        action,
        source,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Whether the automatic badge of `action` is now deserved.
async fn rule_holds(
    conn: &mut PgConnection,
    action: Action,
    organization: Uuid,
    account: Uuid,
) -> ApiResult<bool> {
    Ok(match action {
        Action::EndorsementReceived => {
            sqlx::query_scalar!(
                r#"SELECT count(*) AS "n!" FROM recommendations
                   WHERE subject_id = $1 AND kind = 'endorsement' AND status = 'written'"#,
                account
            )
            .fetch_one(&mut *conn)
            .await?
                >= 5
        }
        _ => {
            let _ = organization;
            true
        }
    })
}

/// One entry of the append-only points ledger.
pub struct LedgerEntry<'a> {
    pub organization: Uuid,
    pub account: Uuid,
    /// Positive to add, negative to take away.
    pub amount: i32,
    pub action: &'a str,
    /// What it is about (`certificate:{id}`, `admin:{id}`), for the cool-down and the record.
    pub source: &'a str,
    pub reason: &'a str,
    /// The admin who wrote it; none when a rule earned it.
    pub by: Option<Uuid>,
    pub at: DateTime<Utc>,
}

impl LedgerEntry<'_> {
    pub async fn append(&self, conn: &mut PgConnection) -> ApiResult<()> {
        sqlx::query!(
            "INSERT INTO point_entries (organization_id, account_id, amount, action, source, reason, created_by, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            self.organization,
            self.account,
            self.amount,
            self.action,
            self.source,
            self.reason,
            self.by,
            self.at
        )
        .execute(conn)
        .await?;
        Ok(())
    }
}

/// Grants badge `code` (the platform's, or the organization's own) unless held; whether it was
/// granted now. The holder is told.
pub async fn grant(
    conn: &mut PgConnection,
    code: &str,
    organization: Uuid,
    account: Uuid,
    by: Option<Uuid>,
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let badge = sqlx::query!(
        "SELECT id, name FROM badges WHERE code = $1 AND (organization_id IS NULL OR organization_id = $2)
         ORDER BY organization_id NULLS LAST LIMIT 1",
        code,
        organization
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(crate::http::error::ApiError::NotFound("badge"))?;
    let granted = sqlx::query!(
        "INSERT INTO badge_awards (badge_id, organization_id, account_id, granted_by, reason, at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        badge.id,
        organization,
        account,
        by,
        reason,
        now
    )
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if granted {
        notify::push(
            conn,
            account,
            Kind::BadgeReceived,
            json!({"organization_id": organization, "badge": code, "name": badge.name}),
        )
        .await?;
    }
    Ok(granted)
}

/// The thresholds of levels 2, 3, ... in `organization`.
pub async fn thresholds(
    conn: &mut PgConnection,
    settings: &GamificationSettings,
    organization: Uuid,
) -> ApiResult<Vec<i32>> {
    let own = sqlx::query_scalar!(
        "SELECT points FROM level_thresholds WHERE organization_id = $1 ORDER BY level",
        organization
    )
    .fetch_all(conn)
    .await?;
    Ok(if own.is_empty() {
        settings.default_thresholds.clone()
    } else {
        own
    })
}

/// The level `points` reach: 1 plus the thresholds met.
pub fn level_of(points: i64, thresholds: &[i32]) -> i32 {
    1 + thresholds
        .iter()
        .filter(|t| points >= i64::from(**t))
        .count() as i32
}

pub async fn points_of(
    conn: &mut PgConnection,
    organization: Uuid,
    account: Uuid,
) -> ApiResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT coalesce(sum(amount), 0)::bigint AS "points!" FROM point_entries
           WHERE organization_id = $1 AND account_id = $2"#,
        organization,
        account
    )
    .fetch_one(conn)
    .await?)
}

/// Tells the member of a level newly reached (once per level).
pub async fn announce_level(
    conn: &mut PgConnection,
    settings: &GamificationSettings,
    organization: Uuid,
    account: Uuid,
) -> ApiResult<()> {
    let points = points_of(conn, organization, account).await?;
    let level = level_of(points, &thresholds(conn, settings, organization).await?);
    let raised = sqlx::query!(
        "INSERT INTO member_levels (organization_id, account_id, level) VALUES ($1, $2, $3)
         ON CONFLICT (organization_id, account_id) DO UPDATE SET level = EXCLUDED.level
         WHERE member_levels.level < EXCLUDED.level",
        organization,
        account,
        level
    )
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if raised && level > 1 {
        notify::push(
            conn,
            account,
            Kind::LevelReached,
            json!({"organization_id": organization, "level": level, "points": points}),
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_employees_earn() {
        assert!(earns(Some(Role::Employee)));
        assert!(!earns(Some(Role::Manager)));
        assert!(!earns(Some(Role::Admin)));
        assert!(!earns(None));
    }

    #[test]
    fn levels_count_the_thresholds_met() {
        let t = [100, 250, 500];
        assert_eq!(level_of(0, &t), 1);
        assert_eq!(level_of(100, &t), 2);
        assert_eq!(level_of(499, &t), 3);
        assert_eq!(level_of(10_000, &t), 4);
    }
}
