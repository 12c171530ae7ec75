//! Timed attestations: theory, attempts on the server's clock, results, and the certificates a
//! pass owes.
pub mod announcements;
pub mod attempt_routes;
pub mod attempt_view;
pub mod attempts;
pub mod attestation;
pub mod authoring;
pub mod owed_certificates;
pub mod reading;
pub mod routes;
pub mod rules;
pub mod taking;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(routes::router())
        .merge(attempt_routes::router())
}
