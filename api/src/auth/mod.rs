//! Proofs of identity: Telegram Mini App initData, VK ID (OAuth 2.1 + PKCE) and sr25519 wallet
//! signatures, how each proof becomes a session on one account, and the sign-in routes.
pub mod accounts;
pub mod challenges;
pub mod expiry;
pub mod routes;
pub mod session;
pub mod sign_ins;
pub mod telegram;
pub mod vk;
pub mod wallet;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(routes::router())
}
