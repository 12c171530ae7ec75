//! Matching both ways: resumes for a vacancy (its organization's managers) and open vacancies for
//! a resume (its owner). Candidates share at least one skill; PostgreSQL ranks them by declared
//! skill fit and keeps the best `CANDIDATES`; `matching::score` re-ranks those with verified skills
//! and text relevance, and explains each result. Resumes shown to employers only reach verified
//! organizations' vacancies; private ones never match.
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sqlx::types::Json as SqlJson;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{AuthUser, Path, Query};
use crate::matching::{score, Reasons};
use crate::membership::{self, Role};
use crate::routes::resumes::verified_skills_of;
use crate::skills::SkillLevel;
use crate::state::AppState;

/// How many candidates the database hands to the exact re-ranking.
const CANDIDATES: i64 = 200;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(resumes_for_vacancy))
        .routes(routes!(vacancies_for_resume))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct MatchQuery {
    /// 1–50, default 10.
    pub limit: Option<usize>,
}

impl MatchQuery {
    fn limit(&self) -> ApiResult<usize> {
        match self.limit {
            None => Ok(10),
            Some(n) if (1..=50).contains(&n) => Ok(n),
            Some(_) => Err(ApiError::invalid("limit", "must be between 1 and 50")),
        }
    }
}

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

fn levels(skills: &[SkillLevel]) -> Vec<(String, i16)> {
    skills.iter().map(|s| (s.name.clone(), s.level)).collect()
}

fn as_map(skills: &[SkillLevel]) -> HashMap<String, i16> {
    skills.iter().map(|s| (s.name.clone(), s.level)).collect()
}

/// Best first; equal scores by id.
fn rank<T>(mut items: Vec<(f64, Uuid, T)>, limit: usize) -> Vec<T> {
    items.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    items.into_iter().take(limit).map(|(_, _, t)| t).collect()
}

/// Resumes for a vacancy, best first, each with its reasons (managers of its organization).
#[utoipa::path(get, path = "/v1/vacancies/{id}/matches", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path), MatchQuery),
    responses((status = 200, body = Vec<ResumeMatch>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn resumes_for_vacancy(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Query(query): Query<MatchQuery>,
) -> ApiResult<axum::Json<Vec<ResumeMatch>>> {
    let limit = query.limit()?;
    let vacancy = sqlx::query!(
        r#"SELECT v.organization_id AS "organization_id!", v.skills AS "skills!: SqlJson<Vec<SkillLevel>>",
                  o.issuer_account IS NOT NULL AS "verified_employer!"
           FROM vacancy_view v JOIN organizations o ON o.id = v.organization_id WHERE v.id = $1"#,
        id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("vacancy"))?;
    membership::require(
        &state.db,
        vacancy.organization_id,
        session.account_id,
        Role::Manager,
    )
    .await?;
    let candidates = sqlx::query!(
        r#"SELECT r.id, r.account_id, a.handle, r.title,
                  ts_rank(r.search, plainto_tsquery('simple', v.title || ' ' || v.description))::float8 AS "text_rank!",
                  (SELECT json_agg(json_build_object('name', s.skill, 'level', s.level))
                   FROM resume_skills s WHERE s.resume_id = r.id) AS "skills!: SqlJson<Vec<SkillLevel>>"
           FROM vacancies v
           JOIN vacancy_skills vs ON vs.vacancy_id = v.id
           JOIN resume_skills rs ON rs.skill = vs.skill
           JOIN resumes r ON r.id = rs.resume_id
                AND (r.visibility = 'public' OR (r.visibility = 'employers' AND $3))
           JOIN accounts a ON a.id = r.account_id
           WHERE v.id = $1
           GROUP BY r.id, a.handle, v.title, v.description
           ORDER BY sum(least(rs.level, vs.level)) DESC, r.id
           LIMIT $2"#,
        id,
        CANDIDATES,
        vacancy.verified_employer
    )
    .fetch_all(&state.db)
    .await?;
    let accounts: Vec<Uuid> = candidates.iter().map(|c| c.account_id).collect();
    let verified = verified_skills_of(&state.db, &accounts).await?;
    let ratings: HashMap<Uuid, f64> = sqlx::query!(
        r#"SELECT account_id AS "account_id!", rating AS "rating!" FROM candidate_ratings WHERE account_id = ANY($1)"#,
        &accounts
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| (r.account_id, r.rating))
    .collect();
    let required = levels(&vacancy.skills.0);
    let none = Default::default();
    let scored = candidates
        .into_iter()
        .map(|c| {
            let (s, reasons) = score(
                &required,
                &as_map(&c.skills.0),
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
    Ok(axum::Json(rank(scored, limit)))
}

/// Open vacancies for one of your resumes, best first, each with its reasons.
#[utoipa::path(get, path = "/v1/me/resumes/{id}/matches", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path), MatchQuery),
    responses((status = 200, body = Vec<VacancyMatch>), (status = 401, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn vacancies_for_resume(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Query(query): Query<MatchQuery>,
) -> ApiResult<axum::Json<Vec<VacancyMatch>>> {
    let limit = query.limit()?;
    let resume = sqlx::query!(
        r#"SELECT (SELECT json_agg(json_build_object('name', s.skill, 'level', s.level))
                   FROM resume_skills s WHERE s.resume_id = r.id) AS "skills: SqlJson<Vec<SkillLevel>>"
           FROM resumes r WHERE r.id = $1 AND r.account_id = $2"#,
        id,
        session.account_id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("resume"))?;
    let has = as_map(&resume.skills.map(|s| s.0).unwrap_or_default());
    let candidates = sqlx::query!(
        r#"WITH fit AS (
               SELECT vs.vacancy_id, sum(least(rs.level, vs.level))::float8 AS reach
               FROM resume_skills rs JOIN vacancy_skills vs ON vs.skill = rs.skill
               WHERE rs.resume_id = $1
               GROUP BY vs.vacancy_id)
           SELECT v.id AS "id!", v.organization_name AS "organization_name!", v.title AS "title!",
                  v.skills AS "skills!: SqlJson<Vec<SkillLevel>>",
                  ts_rank(v.search, plainto_tsquery('simple', r.title || ' ' || r.summary))::float8 AS "text_rank!",
                  o.rating AS "rating?"
           FROM fit
           JOIN vacancy_view v ON v.id = fit.vacancy_id AND v.status = 'open'
           JOIN resumes r ON r.id = $1
           LEFT JOIN organization_ratings o ON o.organization_id = v.organization_id
           ORDER BY fit.reach / (SELECT sum(level) FROM vacancy_skills t WHERE t.vacancy_id = v.id) DESC, v.id
           LIMIT $2"#,
        id,
        CANDIDATES
    )
    .fetch_all(&state.db)
    .await?;
    let verified = verified_skills_of(&state.db, &[session.account_id])
        .await?
        .remove(&session.account_id)
        .unwrap_or_default();
    let scored = candidates
        .into_iter()
        .map(|c| {
            let (s, reasons) = score(&levels(&c.skills.0), &has, &verified, c.text_rank, c.rating);
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
    Ok(axum::Json(rank(scored, limit)))
}
