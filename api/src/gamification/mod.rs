//! Gamification: the points ledger, levels, badges and leaderboards (employees earn).
pub mod admin;
pub mod badges;
pub mod leaderboard;
pub mod levels;
pub mod routes;
pub mod rules;
pub mod settings;
pub mod standing;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(routes::router())
}
