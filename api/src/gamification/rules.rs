//! Earning points and badges (levels are in `levels`). The one rule of who earns is `earns`: only employees earn points,
//! levels, activity badges and a rank; managers and admins earn nothing. Points go into an
//! append-only ledger. An action repeated within its cool-down, or beyond the per-minute limit,
//! earns nothing; both limits are counted in PostgreSQL, under a per-person advisory lock, so
//! they hold across API instances. Each change may grant a badge or reach a level, told as a
//! notification in the same transaction.
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::gamification::levels::announce_level;
// Here too, where the settings have always been read from (`config`, the tests).
pub use crate::gamification::settings::GamificationSettings;
use crate::http::error::ApiResult;
use crate::notifications::notify::{self, Kind};
use crate::organizations::membership::{self, Role};

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
    let act = Act {
        organization,
        account,
        action,
        source,
        now,
    };
    let outcome = act.limited(conn, settings).await?;
    act.log(conn, outcome == Outcome::Earned).await?;
    if outcome != Outcome::Earned {
        tracing::info!(%account, %organization, action = action.name(), ?outcome, "action earned nothing");
        return Ok(outcome);
    }
    act.earn(conn, settings).await?;
    Ok(outcome)
}

/// One action being recorded.
struct Act<'a> {
    organization: Uuid,
    account: Uuid,
    action: Action,
    source: &'a str,
    now: DateTime<Utc>,
}

impl Act<'_> {
    /// Whether the per-minute limit or the cool-down stops this action from earning.
    async fn limited(
        &self,
        conn: &mut PgConnection,
        settings: &GamificationSettings,
    ) -> ApiResult<Outcome> {
        let recent = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!" FROM point_activity WHERE account_id = $1 AND at > $2 AND at <= $3"#,
            self.account,
            self.now - Duration::minutes(1),
            self.now
        )
        .fetch_one(&mut *conn)
        .await?;
        let cooling = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM point_entries
                              WHERE organization_id = $1 AND account_id = $2 AND action = $3 AND source = $4
                                AND at > $5) AS "cooling!""#,
            self.organization,
            self.account,
            self.action.name(),
            self.source,
            self.now - Duration::seconds(settings.cooldown_secs)
        )
        .fetch_one(&mut *conn)
        .await?;
        Ok(if recent >= settings.max_actions_per_minute {
            Outcome::RateLimited
        } else if cooling {
            Outcome::CoolingDown
        } else {
            Outcome::Earned
        })
    }

    /// Counts the action toward the per-minute limit, earning or not.
    async fn log(&self, conn: &mut PgConnection, earned: bool) -> ApiResult<()> {
        sqlx::query!(
            "INSERT INTO point_activity (account_id, organization_id, action, source, at, earned)
             VALUES ($1, $2, $3, $4, $5, $6)",
            self.account,
            self.organization,
            self.action.name(),
            self.source,
            self.now,
            earned
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    /// The points, then the badge and the level they may bring.
    async fn earn(
        &self,
        conn: &mut PgConnection,
        settings: &GamificationSettings,
    ) -> ApiResult<()> {
        LedgerEntry {
            organization: self.organization,
            account: self.account,
            amount: self.action.points(settings),
            action: self.action.name(),
            source: self.source,
            reason: "",
            by: None,
            at: self.now,
        }
        .append(conn)
        .await?;
        if rule_holds(conn, self.action, self.organization, self.account).await? {
            grant(
                conn,
                self.action.badge(),
                self.organization,
                self.account,
                None,
                "",
                self.now,
            )
            .await?;
        }
        announce_level(conn, settings, self.organization, self.account).await
    }
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
        // Five colleagues, not five endorsements: only authors who are accepted members of the
        // organization count (as for the points), each once, so fresh accounts add nothing.
        Action::EndorsementReceived => {
            sqlx::query_scalar!(
                r#"SELECT count(DISTINCT r.author_id) AS "n!" FROM recommendations r
                   JOIN memberships m ON m.account_id = r.author_id AND m.organization_id = $2
                                      AND m.accepted_at IS NOT NULL
                   WHERE r.subject_id = $1 AND r.kind = 'endorsement' AND r.status = 'written'"#,
                account,
                organization
            )
            .fetch_one(&mut *conn)
            .await?
                >= 5
        }
        _ => true,
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
}
