//! Matching both ways: resumes for a vacancy (its organization's managers) and open vacancies for
//! a resume (its owner), ranked by `ranking` from the best `CANDIDATES` the skill index
//! proposes. Resumes shown to employers only reach verified organizations' vacancies; private ones
//! never match.
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{AuthUser, Path, Query};
use crate::marketplace::matching::ranking::{self as match_ranking, ResumeMatch, VacancyMatch};
use crate::state::AppState;

/// How many candidates the skill index hands to the exact re-ranking.
const CANDIDATES: usize = 200;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(resumes_for_vacancy))
        .routes(routes!(vacancies_for_resume))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct MatchQuery {
    /// 1–50, default 10.
    #[param(minimum = 1, maximum = 50)]
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
    Ok(axum::Json(
        match_ranking::resumes_for(
            &state.db,
            &state.match_index,
            id,
            Some(session.account_id),
            CANDIDATES,
            limit,
        )
        .await?,
    ))
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
    Ok(axum::Json(
        match_ranking::vacancies_for(
            &state.db,
            &state.match_index,
            id,
            session.account_id,
            CANDIDATES,
            limit,
        )
        .await?,
    ))
}
