//! Notifications: the inbox, muted kinds, and the outbox that delivers them through the bot.
pub mod email;
pub mod inbox;
pub mod leases;
pub mod notify;
pub mod outbox;
pub mod render;
pub mod routes;
pub mod telegram_bot;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The domain's routes, merged in `startup::api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(routes::router())
}
