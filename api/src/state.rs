//! What every handler can reach: the database, settings, the HTTP client and the chain gateway.
use std::sync::Arc;

use sqlx::PgPool;

use crate::chain::Registry;
use crate::clock::Clock;
use crate::config::Settings;
use crate::match_sync::SyncedIndex;
use crate::metrics::Metrics;
use crate::seal::MasterKey;

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
}
