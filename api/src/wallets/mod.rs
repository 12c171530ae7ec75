//! Wallets: external ones bound by a signature (`owned`), custodial ones the API keeps sealed at
//! rest (`custodial`, `seal`), and their routes.
pub mod custodial;
pub mod export_approval;
pub mod funding;
pub mod owned;
pub mod rotation;
pub mod routes;
pub mod seal;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(routes::router())
}
