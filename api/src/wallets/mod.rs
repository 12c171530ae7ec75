//! Wallets: external ones bound by a signature, custodial ones the API keeps sealed at rest.
pub mod custodial;
pub mod routes;
pub mod seal;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(routes::router())
}
