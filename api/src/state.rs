//! What every handler can reach: the database, settings, the HTTP client and the chain gateway.
use std::sync::Arc;

use axum::extract::FromRef;
use sqlx::PgPool;

use crate::certificates::export::keys::KeySets;
use crate::certificates::export::list_cache::StatusListCache;
use crate::certificates::export::status_cache::AnnouncedLists;
use crate::certificates::verify_cache::VerifyCache;
use crate::chain::Registry;
use crate::config::Settings;
use crate::http::clock::Clock;
use crate::http::error::{ApiError, ApiResult};
use crate::http::metrics::Metrics;
use crate::marketplace::matching::sync::SyncedIndex;
use crate::profiles::public_cache::ProfileCache;
use crate::wallets::seal::MasterKey;

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    /// For public reads that write nothing (`http::audit::scope::read_pool`).
    pub reads: PgPool,
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
    /// Public verification answers, dropped as the database announces changes.
    pub verify_cache: Arc<VerifyCache>,
    /// People's public profiles, dropped likewise.
    pub profile_cache: Arc<ProfileCache>,
    /// Signed revocation lists, dropped likewise (`status_lists` serves while not listening).
    pub announced_lists: Arc<AnnouncedLists>,
    /// Issuers' public keys, dropped likewise.
    pub key_sets: Arc<KeySets>,
}

impl AppState {
    /// `read` from the public-read pool, and once more from the main one when the connection it
    /// got had died (`http::audit::scope::read_or_retry`).
    pub async fn public_read<'a, T, F, Fut>(&'a self, read: F) -> ApiResult<T>
    where
        F: Fn(&'a PgPool) -> Fut,
        Fut: std::future::Future<Output = ApiResult<T>>,
    {
        crate::http::audit::scope::read_or_retry(&self.reads, &self.db, read).await
    }

    /// The caches the announcement listener feeds.
    pub fn announced_caches(&self) -> Vec<Arc<dyn crate::http::announced::Follower>> {
        vec![
            self.verify_cache.clone(),
            // After the cache it fills, which must be serving before anything is kept.
            Arc::new(crate::certificates::verify_cache::Warmer::new(self.clone())),
            self.profile_cache.clone(),
            self.announced_lists.clone(),
            self.key_sets.clone(),
        ]
    }
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
