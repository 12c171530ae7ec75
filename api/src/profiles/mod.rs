//! Profiles: handles, items with per-item visibility, people search, and recommendations.
pub mod email;
pub mod handle;
pub mod items;
pub mod language;
pub mod profile;
pub mod public_cache;
pub mod recommendations;
pub mod routes;
pub mod search;
pub mod visibility;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(routes::router())
        .merge(recommendations::routes::router())
        .merge(email::routes::router())
        .merge(language::router())
}
