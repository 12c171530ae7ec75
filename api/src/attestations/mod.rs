//! Timed attestations: theory, attempts on the server's clock, results, and the certificates a
//! pass owes.
pub mod attempt_routes;
pub mod attempts;
pub mod owed_certificates;
pub mod routes;
pub mod rules;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(routes::router())
        .merge(attempt_routes::router())
}
