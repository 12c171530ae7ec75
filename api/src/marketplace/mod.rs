//! The talent marketplace: vacancies, resumes, matching, applications, talent pools, responses,
//! skill-gap roadmaps, and employment contracts.
pub mod application_flow;
pub mod applications;
pub mod employment;
pub mod matching;
pub mod responses;
pub mod resumes;
pub mod roadmaps;
pub mod skills;
pub mod talent_pool;
pub mod vacancies;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(vacancies::router())
        .merge(resumes::router())
        .merge(matching::routes::router())
        .merge(applications::router())
        .merge(talent_pool::router())
        .merge(responses::router())
        .merge(roadmaps::routes::router())
        .merge(employment::contracts::router())
        .merge(employment::signing::router())
        .merge(employment::reviews::router())
}
