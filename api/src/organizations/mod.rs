//! Organizations: the record and its members with their roles (`routes` over `organization`,
//! `members`, `membership`), issuer verification — an organization asking to become a verified
//! issuer, decided by the platform operators — and the Telegram communities of their talent pools.
pub mod communities;
pub mod issuer_verification;
pub mod members;
pub mod membership;
pub mod operator;
pub mod organization;
pub mod routes;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(routes::router())
        .merge(issuer_verification::routes::router())
        .merge(communities::routes::router())
}
