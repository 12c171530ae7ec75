//! Certificates: issuing through the organization's key (`routes` over `issue`, `batch`,
//! `unsigned`), requests, wallet moves, tenure, artifacts, and the public side: anyone verifying a
//! certificate (`verify` over `lookup`), signed credential export and status lists.
pub mod artifact_store;
pub mod artifacts;
pub mod batch;
pub mod batch_csv;
pub mod batch_preview;
pub mod credential;
pub mod document;
pub mod events;
pub mod export;
pub mod issue;
pub mod issued;
pub mod lookup;
pub mod placement;
pub mod requests;
pub mod revocation;
pub mod routes;
pub mod signing;
pub mod status_list;
pub mod tenure;
pub mod unsigned;
pub mod upload_quota;
pub mod verify;
pub mod verify_cache;
pub mod wallet_moves;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(routes::router())
        .merge(verify::router())
        .merge(export::routes::router())
        .merge(artifacts::routes::router())
        .merge(tenure::routes::router())
        .merge(requests::routes::router())
        .merge(wallet_moves::routes::router())
        .merge(placement::routes::router())
}
