//! What every handler can reach: the database, settings, the HTTP client and the chain gateway.
use std::sync::Arc;

use axum::extract::FromRef;
use sqlx::PgPool;

use crate::certificates::export::list_cache::StatusListCache;
use crate::chain::Registry;
use crate::config::Settings;
use crate::http::clock::Clock;
use crate::http::error::{ApiError, ApiResult};
use crate::http::metrics::Metrics;
use crate::marketplace::matching::sync::SyncedIndex;
use crate::wallets::seal::MasterKey;

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub settings: Arc<Settings>,
    pub http: reqwest::Client,
    pub master_key: Arc<MasterKey>,
    /// Absent when no deployment is configured; chain actions then answer 503.
    pub registry: Option<Arc<Registry>>,
    pub metrics: Arc<Metrics>,
    /// Where exact time rules read the time (a `ManualClock` in tests).
    pub clock: Arc<dyn Clock>,
    /// The skill index matching draws its candidates from.
    pub match_index: Arc<SyncedIndex>,
    /// Signed revocation lists, kept while their issuer's certificates are unchanged.
    pub status_lists: Arc<StatusListCache>,
}

impl AppState {
    /// The chain gateway, or 503 `unavailable` when no deployment is configured.
    pub fn chain(&self) -> ApiResult<&Registry> {
        self.registry
            .as_deref()
            .ok_or(ApiError::Unavailable("no chain deployment is configured"))
    }
}

/// Lets the metrics middleware and `/metrics` take only what they use.
impl FromRef<AppState> for Arc<Metrics> {
    fn from_ref(state: &AppState) -> Self {
        state.metrics.clone()
    }
}
