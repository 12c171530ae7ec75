//! Gamification: the points ledger, levels, badges and leaderboards (employees earn).
pub mod routes;
pub mod rules;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(routes::router())
}
