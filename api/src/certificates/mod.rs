//! Certificates: issuing through the organization's key, requests, wallet moves, tenure, artifacts,
//! and the public side: verification, signed credential export, status lists and the HTML pages.
pub mod artifact_store;
pub mod artifacts;
pub mod batch;
pub mod credential;
pub mod document;
pub mod events;
pub mod export;
pub mod issue;
pub mod lookup;
pub mod requests;
pub mod routes;
pub mod signing;
pub mod status_list;
pub mod tenure;
pub mod unsigned;
pub mod verify;
pub mod wallet_moves;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(routes::router())
        .merge(unsigned::router())
        .merge(verify::router())
        .merge(export::router())
        .merge(artifacts::router())
        .merge(tenure::router())
        .merge(requests::router())
        .merge(wallet_moves::router())
}
