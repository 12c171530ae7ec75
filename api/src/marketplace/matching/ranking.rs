//! Ranking matches both ways: the skill index (`matching::sync`) proposes the `depth` best candidates
//! by declared fit, and `matching::score` ranks those exactly — verified skills, text relevance,
//! reviews — keeping `limit`, each with its reasons. The API asks for depth `CANDIDATES`; the recall
//! benchmark compares that with unlimited depth (exact search).
//!
//! A match is one statement (`matching::lookup`): the index proposes from what it last synced, and
//! the statement reads, in one snapshot, both the details to score and whether the index and the
//! inputs it started from (the vacancy's skills, its employer's verification, the resume's skills)
//! still hold. When they do not, the index catches up and the match is proposed again from what
//! the statement read: as before, the index is then current as of a moment within the request.
use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::matching::index::MatchIndex;
use crate::marketplace::matching::lookup;
use crate::marketplace::matching::score::{score_by, Reasons, Skills};
use crate::marketplace::matching::sync::SyncedIndex;
use crate::organizations::membership::Role;

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

/// Best first; equal scores by id.
fn rank<T>(mut items: Vec<(f64, Uuid, T)>, limit: usize) -> Vec<T> {
    items.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    items.into_iter().take(limit).map(|(_, _, t)| t).collect()
}

fn same_skills(a: &[(String, i16)], b: &[(String, i16)]) -> bool {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort();
    b.sort();
    a == b
}

/// Tries before a changing input is taken as read: each try after the first starts from what the
/// previous statement read, so only a vacancy or resume edited between every two statements gets
/// this far.
const TRIES: usize = 3;

/// Resumes for `vacancy`, best first; with `manager`, 403 unless they manage its organization.
/// Resumes shown to employers only count when the organization is a verified employer.
pub async fn resumes_for(
    db: &PgPool,
    index: &SyncedIndex,
    vacancy: Uuid,
    manager: Option<Uuid>,
    depth: usize,
    limit: usize,
) -> ApiResult<Vec<ResumeMatch>> {
    // What the last statement read, to propose from on the next try.
    let mut read: Option<(Vec<(String, i16)>, bool)> = None;
    let mut caught_up = false;
    for attempt in 1..=TRIES {
        let synced = index.last_synced(db).await?;
        let (required, verified_employer) = match &read {
            Some(read) => read.clone(),
            None => {
                let required = synced.index().vacancy_skills(vacancy).unwrap_or_default();
                let verified = synced
                    .index()
                    .vacancy_organization(vacancy)
                    .and_then(|org| index.verified_employer_hint(org));
                (required, verified.unwrap_or(true))
            }
        };
        let ids = synced
            .index()
            .resumes_for(&required, verified_employer, depth);
        let found = lookup::for_vacancy(db, vacancy, manager, &ids, synced.watermark()).await?;
        let organization = found.organization.ok_or(ApiError::NotFound("vacancy"))?;
        if manager.is_some() {
            match found.role.as_deref().map(Role::parse) {
                Some(role) if role >= Role::Manager => {}
                Some(_) => {
                    return Err(ApiError::Forbidden(
                        "your role in this organization does not allow this",
                    ))
                }
                None => {
                    return Err(ApiError::Forbidden(
                        "you are not a member of this organization",
                    ))
                }
            }
        }
        index.remember_verified_employer(organization, found.verified_employer);
        caught_up |= synced.confirm(&found.freshness);
        let inputs_held =
            same_skills(&found.required, &required) && found.verified_employer == verified_employer;
        if caught_up && (inputs_held || attempt == TRIES) {
            // The order shown (strongest first) orders the reasons; the set is what was proposed.
            let required = if inputs_held {
                &found.required
            } else {
                &required
            };
            return Ok(score_resumes(
                synced.index(),
                found.candidates,
                required,
                &found.verified,
                limit,
            ));
        }
        drop(synced);
        if !caught_up {
            drop(index.current(db).await?);
            caught_up = true;
        }
        read = Some((found.required, found.verified_employer));
    }
    unreachable!("the last try always answers")
}

fn score_resumes(
    index: &MatchIndex,
    candidates: Vec<lookup::ResumeCandidate>,
    required: &[(String, i16)],
    verified: &HashMap<Uuid, HashSet<String>>,
    limit: usize,
) -> Vec<ResumeMatch> {
    let none = HashSet::new();
    let ids = index.skill_ids(required.iter().map(|(name, _)| name.as_str()));
    // Required skills by position: a candidate's level is then found by interned id.
    let by_position: Vec<(usize, i16)> = required.iter().map(|(_, l)| *l).enumerate().collect();
    let score_one = |c: &lookup::ResumeCandidate, explain: bool| {
        let levels = index.resume_levels(c.id).unwrap_or_default();
        let verified = verified.get(&c.account_id).unwrap_or(&none);
        let skills = Skills {
            has: |i: &usize| {
                ids[*i]
                    .and_then(|id| levels.iter().find(|(skill, _)| *skill == id))
                    .map_or(0, |(_, level)| *level)
            },
            verified: |i: &usize| verified.contains(&required[*i].0),
            name: |i: &usize| required[*i].0.clone(),
        };
        score_by(&by_position, &skills, c.text_rank, c.rating, explain)
    };
    let scored = candidates
        .into_iter()
        .map(|c| (score_one(&c, false).0, c.id, c))
        .collect();
    rank(scored, limit)
        .into_iter()
        .map(|c| {
            let (score, reasons) = score_one(&c, true);
            ResumeMatch {
                resume_id: c.id,
                owner: c.handle,
                title: c.title,
                score,
                reasons,
            }
        })
        .collect()
}

fn score_vacancies(
    index: &MatchIndex,
    candidates: Vec<lookup::VacancyCandidate>,
    has: &[(String, i16)],
    verified: &HashSet<String>,
    limit: usize,
) -> Vec<VacancyMatch> {
    // Skills nothing indexed requires cannot count, so interned ids lose nothing.
    let has: HashMap<u32, i16> = index
        .skill_ids(has.iter().map(|(name, _)| name.as_str()))
        .into_iter()
        .zip(has)
        .filter_map(|(id, (_, level))| Some((id?, *level)))
        .collect();
    let verified: HashSet<u32> = index
        .skill_ids(verified.iter().map(String::as_str))
        .into_iter()
        .flatten()
        .collect();
    let skills = Skills {
        has: |id: &u32| has.get(id).copied().unwrap_or(0),
        verified: |id: &u32| verified.contains(id),
        name: |id: &u32| index.skill_name(*id).to_owned(),
    };
    let score_one = |c: &lookup::VacancyCandidate, explain: bool| {
        let needs = index.vacancy_levels(c.id).unwrap_or_default();
        score_by(needs, &skills, c.text_rank, c.rating, explain)
    };
    let scored = candidates
        .into_iter()
        .map(|c| (score_one(&c, false).0, c.id, c))
        .collect();
    rank(scored, limit)
        .into_iter()
        .map(|c| {
            let (score, reasons) = score_one(&c, true);
            VacancyMatch {
                vacancy_id: c.id,
                organization_name: c.organization_name,
                title: c.title,
                score,
                reasons,
            }
        })
        .collect()
}

/// Open vacancies for the resume `resume` of `owner`, best first; 404 when it is not theirs.
pub async fn vacancies_for(
    db: &PgPool,
    index: &SyncedIndex,
    resume: Uuid,
    owner: Uuid,
    depth: usize,
    limit: usize,
) -> ApiResult<Vec<VacancyMatch>> {
    let mut read: Option<Vec<(String, i16)>> = None;
    let mut caught_up = false;
    for attempt in 1..=TRIES {
        let synced = index.last_synced(db).await?;
        let has = match &read {
            Some(has) => has.clone(),
            None => synced.index().resume_skills(resume).unwrap_or_default(),
        };
        let ids = synced.index().vacancies_for(&has, depth);
        let found = lookup::for_resume(db, resume, owner, &ids, synced.watermark()).await?;
        if !found.found {
            return Err(ApiError::NotFound("resume"));
        }
        caught_up |= synced.confirm(&found.freshness);
        let inputs_held = same_skills(&found.has, &has);
        if caught_up && (inputs_held || attempt == TRIES) {
            return Ok(score_vacancies(
                synced.index(),
                found.candidates,
                &has,
                &found.verified,
                limit,
            ));
        }
        drop(synced);
        if !caught_up {
            drop(index.current(db).await?);
            caught_up = true;
        }
        read = Some(found.has);
    }
    unreachable!("the last try always answers")
}
