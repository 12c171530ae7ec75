//! Organizations: their members and roles, verification as an issuer on chain (the operator's
//! queue) and the Telegram communities of their talent pools.
pub mod communities;
pub mod membership;
pub mod operator;
pub mod organization;
pub mod routes;
pub mod verification;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(routes::router())
        .merge(verification::router())
        .merge(communities::router())
}
