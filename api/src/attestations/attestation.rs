//! An attestation as authored and as read: its question bank and settings (with the checks a new
//! one must pass), the view of one with its assignees and attempts, and who may see it (`access`).
use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks};
use crate::organizations::membership::{self, Role};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "question_kind", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Exactly one option is right.
    Single,
    /// One or more options are right; all of them must be chosen.
    Multiple,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewQuestion {
    pub text: String,
    pub kind: QuestionKind,
    pub options: Vec<String>,
    /// Indexes of the right options.
    pub correct: Vec<i32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewAttestation {
    #[schema(pattern = r"\S", max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 50000)]
    pub theory: String,
    /// 10 seconds to 24 hours.
    #[schema(minimum = 10, maximum = 86400)]
    pub time_limit_secs: i32,
    /// Percent of questions answered right needed to pass.
    #[schema(minimum = 0, maximum = 100)]
    pub passing_score: i32,
    #[schema(minimum = 1, maximum = 100)]
    pub max_attempts: i32,
    pub opens_at: DateTime<Utc>,
    /// After `opens_at`.
    pub closes_at: DateTime<Utc>,
    /// What passing earns an employee.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100000)]
    pub points: i32,
    /// Whether passing issues an achievement certificate (the organization must be an issuer).
    #[serde(default)]
    pub certificate: bool,
    #[schema(min_items = 1, max_items = 200)]
    pub questions: Vec<NewQuestion>,
    /// Handles of the members who must take it.
    #[serde(default)]
    pub assignees: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptSummary {
    pub id: Uuid,
    pub number: i32,
    pub person: String,
    pub started_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub score: Option<i32>,
    pub passed: Option<bool>,
    pub timed_out: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Attestation {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub title: String,
    pub time_limit_secs: i32,
    pub passing_score: i32,
    pub max_attempts: i32,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub points: i32,
    pub certificate: bool,
    pub questions: i64,
    pub assignees: Vec<String>,
    /// Yours, or for managers and admins everyone's.
    pub attempts: Vec<AttemptSummary>,
    pub theory_read: bool,
    /// Attempts you may still start.
    pub attempts_left: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Theory {
    pub title: String,
    pub theory: String,
}

impl NewQuestion {
    /// Adds the checks of question `i` to `c`.
    fn check_into(&self, c: &mut Checks, i: usize) {
        c.text(self.text.trim(), format!("questions[{i}].text"), 1, 2000);
        c.check(
            (2..=10).contains(&self.options.len()),
            format!("questions[{i}].options"),
            "must hold 2 to 10 options",
        );
        for (j, o) in self.options.iter().enumerate() {
            c.text(o.trim(), format!("questions[{i}].options[{j}]"), 1, 500);
        }
        let distinct: HashSet<i32> = self.correct.iter().copied().collect();
        let in_range = self
            .correct
            .iter()
            .all(|k| (0..self.options.len() as i32).contains(k));
        let count_ok = match self.kind {
            QuestionKind::Single => self.correct.len() == 1,
            QuestionKind::Multiple => !self.correct.is_empty(),
        };
        c.check(
            in_range && count_ok && distinct.len() == self.correct.len(),
            format!("questions[{i}].correct"),
            "must name existing options: exactly one for single, at least one for multiple",
        );
    }
}

impl NewAttestation {
    pub fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.text(self.title.trim(), "title", 1, 200);
        c.text(&self.theory, "theory", 0, 50_000);
        c.check(
            (10..=24 * 3600).contains(&self.time_limit_secs),
            "time_limit_secs",
            "must be 10 s to 24 h",
        );
        c.check(
            (0..=100).contains(&self.passing_score),
            "passing_score",
            "must be 0 to 100",
        );
        c.check(
            (1..=100).contains(&self.max_attempts),
            "max_attempts",
            "must be 1 to 100",
        );
        c.check(
            self.closes_at > self.opens_at,
            "closes_at",
            "must be after opens_at",
        );
        c.check(
            (0..=100_000).contains(&self.points),
            "points",
            "must be 0 to 100000",
        );
        c.check(
            (1..=200).contains(&self.questions.len()),
            "questions",
            "must hold 1 to 200 questions",
        );
        for (i, q) in self.questions.iter().enumerate() {
            q.check_into(&mut c, i);
        }
        c.check(self.assignees.len() <= 1000, "assignees", "at most 1000");
        c.finish()
    }
}

/// The caller's standing toward an attestation: assigned, overseeing (manager or admin), or 404.
pub struct Access {
    pub organization: Uuid,
    pub overseer: bool,
}

/// Where `account` stands toward `attestation`; 404 `attestation` if it may not see it.
pub async fn access(db: &PgPool, attestation: Uuid, account: Uuid) -> ApiResult<Access> {
    let row = sqlx::query!(
        r#"SELECT a.organization_id,
                  EXISTS (SELECT 1 FROM attestation_assignees s WHERE s.attestation_id = a.id AND s.account_id = $2)
                      AS "assigned!"
           FROM attestations a WHERE a.id = $1"#,
        attestation,
        account
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("attestation"))?;
    let role = membership::role_of(db, row.organization_id, account).await?;
    let overseer = matches!(role, Some(Role::Manager | Role::Admin));
    if !(overseer || (row.assigned && role.is_some())) {
        return Err(ApiError::NotFound("attestation"));
    }
    Ok(Access {
        organization: row.organization_id,
        overseer,
    })
}
