//! Ranking matches both ways: the skill index (`matching::sync`) proposes the `depth` best candidates
//! by declared fit, and `matching::score` ranks those exactly — verified skills, text relevance,
//! reviews — keeping `limit`, each with its reasons. The API asks for depth `CANDIDATES`; the recall
//! benchmark compares that with unlimited depth (exact search).
use std::collections::HashMap;

use serde::Serialize;
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::ApiResult;
use crate::marketplace::matching::score::{score, Reasons};
use crate::marketplace::matching::sync::SyncedIndex;
use crate::marketplace::resumes::verified_skills::verified_skills_of;
use crate::marketplace::skills::SkillLevel;

#[derive(Debug, Serialize, ToSchema)]
pub struct ResumeMatch {
    pub resume_id: Uuid,
    pub owner: String,
    pub title: String,
    pub score: f64,
    pub reasons: Reasons,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VacancyMatch {
    pub vacancy_id: Uuid,
    pub organization_name: String,
    pub title: String,
    pub score: f64,
    pub reasons: Reasons,
}

pub fn levels(skills: &[SkillLevel]) -> Vec<(String, i16)> {
    skills.iter().map(|s| (s.name.clone(), s.level)).collect()
}

/// Best first; equal scores by id.
fn rank<T>(mut items: Vec<(f64, Uuid, T)>, limit: usize) -> Vec<T> {
    items.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    items.into_iter().take(limit).map(|(_, _, t)| t).collect()
}

/// Resumes for `vacancy`, which requires `required`; resumes shown to employers only count when
/// `verified_employer`.
pub async fn resumes_for(
    db: &PgPool,
    index: &SyncedIndex,
    vacancy: Uuid,
    required: &[(String, i16)],
    verified_employer: bool,
    depth: usize,
    limit: usize,
) -> ApiResult<Vec<ResumeMatch>> {
    // Candidates and their skills come from the index in one look.
    let (ids, skills) = {
        let index = index.current(db).await?;
        let ids = index.resumes_for(required, verified_employer, depth);
        let skills: HashMap<Uuid, HashMap<String, i16>> = ids
            .iter()
            .filter_map(|id| Some((*id, index.resume_skills(*id)?.into_iter().collect())))
            .collect();
        (ids, skills)
    };
    let candidates = sqlx::query!(
        r#"SELECT r.id, r.account_id, a.handle, r.title,
                  ts_rank(r.search, plainto_tsquery('simple', v.title || ' ' || v.description))::float8 AS "text_rank!"
           FROM resumes r
           JOIN accounts a ON a.id = r.account_id
           JOIN vacancies v ON v.id = $1
           WHERE r.id = ANY($2)
             AND (r.visibility = 'public' OR (r.visibility = 'employers' AND $3))"#,
        vacancy,
        &ids,
        verified_employer
    )
    .fetch_all(db)
    .await?;
    let accounts: Vec<Uuid> = candidates.iter().map(|c| c.account_id).collect();
    let verified = verified_skills_of(db, &accounts).await?;
    let ratings: HashMap<Uuid, f64> = sqlx::query!(
        r#"SELECT account_id AS "account_id!", rating AS "rating!" FROM candidate_ratings WHERE account_id = ANY($1)"#,
        &accounts
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.account_id, r.rating))
    .collect();
    let none = Default::default();
    let no_skills = HashMap::new();
    let scored = candidates
        .into_iter()
        .map(|c| {
            let (s, reasons) = score(
                required,
                skills.get(&c.id).unwrap_or(&no_skills),
                verified.get(&c.account_id).unwrap_or(&none),
                c.text_rank,
                ratings.get(&c.account_id).copied(),
            );
            let result = ResumeMatch {
                resume_id: c.id,
                owner: c.handle,
                title: c.title,
                score: s,
                reasons,
            };
            (s, c.id, result)
        })
        .collect();
    Ok(rank(scored, limit))
}

/// Open vacancies for `resume` of `owner`, which has `has`.
pub async fn vacancies_for(
    db: &PgPool,
    index: &SyncedIndex,
    resume: Uuid,
    owner: Uuid,
    has: &[(String, i16)],
    depth: usize,
    limit: usize,
) -> ApiResult<Vec<VacancyMatch>> {
    let (ids, required) = {
        let index = index.current(db).await?;
        let ids = index.vacancies_for(has, depth);
        let required: HashMap<Uuid, Vec<(String, i16)>> = ids
            .iter()
            .filter_map(|id| Some((*id, index.vacancy_skills(*id)?)))
            .collect();
        (ids, required)
    };
    let has: HashMap<String, i16> = has.iter().cloned().collect();
    let candidates = sqlx::query!(
        r#"SELECT v.id, o.name AS organization_name, v.title,
                  ts_rank(v.search, plainto_tsquery('simple', r.title || ' ' || r.summary))::float8 AS "text_rank!",
                  g.rating AS "rating?"
           FROM vacancies v
           JOIN organizations o ON o.id = v.organization_id
           JOIN resumes r ON r.id = $1
           LEFT JOIN organization_ratings g ON g.organization_id = v.organization_id
           WHERE v.id = ANY($2) AND v.status = 'open'"#,
        resume,
        &ids
    )
    .fetch_all(db)
    .await?;
    let verified = verified_skills_of(db, &[owner])
        .await?
        .remove(&owner)
        .unwrap_or_default();
    let scored = candidates
        .into_iter()
        .map(|c| {
            let needs = required.get(&c.id).map(Vec::as_slice).unwrap_or_default();
            let (s, reasons) = score(needs, &has, &verified, c.text_rank, c.rating);
            let result = VacancyMatch {
                vacancy_id: c.id,
                organization_name: c.organization_name,
                title: c.title,
                score: s,
                reasons,
            };
            (s, c.id, result)
        })
        .collect();
    Ok(rank(scored, limit))
}
