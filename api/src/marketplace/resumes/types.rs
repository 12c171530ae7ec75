//! A resume as written and as read, who may see it, and the checks a resume passes before it is
//! saved.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiResult, Checks};
use crate::marketplace::skills::{self, SkillLevel};
use crate::marketplace::vacancies::types::VacancyKind;

#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type, Default,
)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "resume_visibility", rename_all = "snake_case")]
pub enum ResumeVisibility {
    Public,
    /// Managers and admins of verified organizations.
    #[default]
    Employers,
    Private,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = ResumeExperience)]
pub struct Experience {
    #[schema(pattern = r"\S", max_length = 200)]
    pub company: String,
    #[schema(pattern = r"\S", max_length = 200)]
    pub title: String,
    /// `YYYY-MM`, 1900 to 2100.
    #[schema(pattern = r"^(19\d\d|20\d\d|2100)-(0[1-9]|1[0-2])$")]
    pub start: String,
    /// `YYYY-MM`, not before `start`; absent while it lasts.
    #[schema(pattern = r"^(19\d\d|20\d\d|2100)-(0[1-9]|1[0-2])$")]
    pub end: Option<String>,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ResumeInput {
    #[schema(pattern = r"\S", max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub summary: String,
    pub desired_kind: Option<VacancyKind>,
    #[serde(default)]
    pub visibility: ResumeVisibility,
    #[serde(default)]
    pub skills: Vec<SkillLevel>,
    #[serde(default)]
    pub experience: Vec<Experience>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResumeSkill {
    pub name: String,
    pub level: i16,
    /// An active certificate of the owner attests this skill.
    pub verified: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Resume {
    pub id: Uuid,
    pub owner: String,
    pub title: String,
    pub summary: String,
    pub desired_kind: Option<VacancyKind>,
    pub visibility: ResumeVisibility,
    pub skills: Vec<ResumeSkill>,
    pub experience: Vec<Experience>,
    pub has_cv: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn year_month(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && text[..4]
            .parse::<u16>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
        && text[5..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
}

impl ResumeInput {
    /// The normalized skills, or every problem with the input.
    pub fn checked(&self) -> ApiResult<Vec<SkillLevel>> {
        let mut c = Checks::default();
        c.text(&self.title, "title", 1, 200);
        c.text(&self.summary, "summary", 0, 5000);
        c.check(self.experience.len() <= 30, "experience", "at most 30");
        for (i, e) in self.experience.iter().enumerate() {
            c.text(&e.company, format!("experience[{i}].company"), 1, 200);
            c.text(&e.title, format!("experience[{i}].title"), 1, 200);
            c.text(
                &e.description,
                format!("experience[{i}].description"),
                0,
                4000,
            );
            c.check(
                year_month(&e.start),
                format!("experience[{i}].start"),
                "is YYYY-MM",
            );
            if let Some(end) = &e.end {
                c.check(
                    year_month(end) && end.as_str() >= e.start.as_str(),
                    format!("experience[{i}].end"),
                    "is YYYY-MM, not before start",
                );
            }
        }
        let skills = skills::check(&mut c, "skills", &self.skills);
        c.finish()?;
        Ok(skills)
    }
}
