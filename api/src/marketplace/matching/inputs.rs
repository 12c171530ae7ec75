//! What a match starts from, read from the database: a vacancy's required skills with its
//! organization and whether that is a verified employer, and the skills of an owner's resume.
use sqlx::types::Json as SqlJson;
use sqlx::PgPool;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::skills::SkillLevel;

pub struct VacancyToMatch {
    pub organization_id: Uuid,
    pub skills: Vec<SkillLevel>,
    /// Its organization is verified, so resumes shown to employers only match too.
    pub verified_employer: bool,
}

pub async fn vacancy(db: &PgPool, id: Uuid) -> ApiResult<VacancyToMatch> {
    let vacancy = sqlx::query!(
        r#"SELECT v.organization_id AS "organization_id!", v.skills AS "skills!: SqlJson<Vec<SkillLevel>>",
                  o.issuer_account IS NOT NULL AS "verified_employer!"
           FROM vacancy_view v JOIN organizations o ON o.id = v.organization_id WHERE v.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("vacancy"))?;
    Ok(VacancyToMatch {
        organization_id: vacancy.organization_id,
        skills: vacancy.skills.0,
        verified_employer: vacancy.verified_employer,
    })
}

/// The skills of the resume `id` of `owner`; 404 when they have no such resume.
pub async fn resume_skills(db: &PgPool, id: Uuid, owner: Uuid) -> ApiResult<Vec<SkillLevel>> {
    let resume = sqlx::query!(
        r#"SELECT (SELECT json_agg(json_build_object('name', s.skill, 'level', s.level))
                   FROM resume_skills s WHERE s.resume_id = r.id) AS "skills: SqlJson<Vec<SkillLevel>>"
           FROM resumes r WHERE r.id = $1 AND r.account_id = $2"#,
        id,
        owner
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("resume"))?;
    Ok(resume.skills.map(|s| s.0).unwrap_or_default())
}
