//! What every handler can reach: the database, settings, the HTTP client and the chain gateway.
use std::sync::Arc;

use sqlx::PgPool;

use crate::chain::IssuerRegistrar;
use crate::config::Settings;
use crate::metrics::Metrics;
use crate::seal::MasterKey;

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub settings: Arc<Settings>,
    pub http: reqwest::Client,
    pub master_key: Arc<MasterKey>,
    /// Absent when no deployment is configured; approvals then answer 503.
    pub registrar: Option<Arc<IssuerRegistrar>>,
    pub metrics: Arc<Metrics>,
}
