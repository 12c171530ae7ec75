//! The talent marketplace: vacancies, resumes, matching, applications, talent pools, responses,
//! skill-gap roadmaps, and employment contracts. Each part keeps its handlers in `routes`, its
//! reading and writing in `store` (or files named for their steps) and its types in `types`.
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
        .merge(vacancies::routes::router())
        .merge(resumes::routes::router())
        .merge(matching::routes::router())
        .merge(applications::routes::router())
        .merge(talent_pool::routes::router())
        .merge(responses::routes::router())
        .merge(roadmaps::routes::router())
        .merge(employment::routes::router())
}
