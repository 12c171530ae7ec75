//! A vacancy as posted and as read, its kinds and formats, the search filters, and the checks
//! a posting and a search pass before anything is read or written.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks};
use crate::http::pagination;
use crate::marketplace::skills::{self, SkillLevel};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "vacancy_kind", rename_all = "snake_case")]
pub enum VacancyKind {
    /// A long-term job.
    Job,
    /// A short-term gig.
    Gig,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "work_format", rename_all = "snake_case")]
pub enum WorkFormat {
    Office,
    Remote,
    Hybrid,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Salary {
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// ISO 4217 (`EUR`, `KZT`).
    pub currency: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VacancyInput {
    #[schema(pattern = r"\S", max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub description: String,
    pub kind: VacancyKind,
    pub format: WorkFormat,
    pub location: Option<String>,
    pub salary: Option<Salary>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub skills: Vec<SkillLevel>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Vacancy {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub title: String,
    pub description: String,
    pub kind: VacancyKind,
    pub format: WorkFormat,
    pub location: Option<String>,
    pub salary: Option<Salary>,
    pub tags: Vec<String>,
    pub skills: Vec<SkillLevel>,
    /// open or closed.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl VacancyInput {
    /// The input with skills and tags normalized, or every problem with it.
    pub fn checked(&self) -> ApiResult<(Vec<SkillLevel>, Vec<String>)> {
        let mut c = Checks::default();
        c.text(&self.title, "title", 1, 200);
        c.text(&self.description, "description", 0, 10_000);
        if let Some(location) = &self.location {
            c.text(location, "location", 1, 200);
        }
        if let Some(s) = &self.salary {
            c.check(
                s.currency.len() == 3 && s.currency.chars().all(|ch| ch.is_ascii_uppercase()),
                "salary.currency",
                "is an ISO 4217 code such as EUR",
            );
            c.check(
                s.min.unwrap_or(0) >= 0 && s.max.unwrap_or(0) >= 0,
                "salary",
                "is not negative",
            );
            c.check(
                matches!((s.min, s.max), (Some(a), Some(b)) if a <= b)
                    || s.min.is_none()
                    || s.max.is_none(),
                "salary.min",
                "is at most salary.max",
            );
        }
        c.check(self.tags.len() <= 20, "tags", "at most 20");
        let tags: Vec<String> = self.tags.iter().map(|t| t.trim().to_lowercase()).collect();
        for (i, t) in tags.iter().enumerate() {
            c.text(t, format!("tags[{i}]"), 1, 50);
        }
        let skills = skills::check(&mut c, "skills", &self.skills);
        c.finish()?;
        Ok((skills, tags))
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct VacancyQuery {
    /// Words matched against title, description and location (web search syntax).
    pub q: Option<String>,
    /// A skill the vacancy requires (case-insensitive).
    pub skill: Option<String>,
    pub kind: Option<VacancyKind>,
    pub format: Option<WorkFormat>,
    /// Vacancies whose salary can reach at least this much (with `currency`).
    pub salary_from: Option<i64>,
    pub currency: Option<String>,
    pub organization_id: Option<Uuid>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

/// A checked search: the query's filters normalized, the page size and where the page starts.
pub struct VacancySearch<'a> {
    pub query: &'a VacancyQuery,
    pub limit: i64,
    /// The last vacancy of the previous page: its creation time and id.
    pub after: Option<(DateTime<Utc>, Uuid)>,
    pub q: Option<&'a str>,
    pub skill: Option<String>,
}

impl VacancyQuery {
    /// The search this query asks for, or the first problem with it.
    pub fn checked(&self) -> ApiResult<VacancySearch<'_>> {
        let limit = pagination::limit(self.limit)?;
        let after = pagination::after(self.cursor.as_deref())?;
        let after =
            if after.is_empty() {
                None
            } else {
                let parsed = after.split_once('\n').and_then(|(at, id)| {
                    Some((at.parse::<DateTime<Utc>>().ok()?, id.parse::<Uuid>().ok()?))
                });
                Some(parsed.ok_or_else(|| {
                    ApiError::invalid("cursor", "is not a cursor this API returned")
                })?)
            };
        let q = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
        if q.is_some_and(|q| q.chars().count() > 200) {
            return Err(ApiError::invalid("q", "is longer than 200 characters"));
        }
        if self.salary_from.is_some() && self.currency.is_none() {
            return Err(ApiError::invalid("currency", "is needed with salary_from"));
        }
        let skill = self.skill.as_deref().map(|s| s.trim().to_lowercase());
        Ok(VacancySearch {
            query: self,
            limit,
            after,
            q,
            skill,
        })
    }
}
