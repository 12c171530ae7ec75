//! Prometheus metrics of the API: requests by route template, method and status, and latency.
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::http::announced::CacheMetrics;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    /// The route template (`/v1/people/{handle}`), never the raw path: bounded cardinality.
    pub route: String,
    pub status: u16,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Histogram>,
    pub queue: QueueMetrics,
    pub verify_cache: CacheMetrics,
    pub profile_cache: CacheMetrics,
    pub status_list_cache: CacheMetrics,
    pub key_set_cache: CacheMetrics,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct FailureLabels {
    /// The problem `type`'s slug, e.g. `certificate-revoked`.
    pub reason: String,
}

/// The chain-write queue: how much waits, for how long, and how operations end.
pub struct QueueMetrics {
    pub depth: Gauge,
    pub oldest_seconds: Gauge<f64, AtomicU64>,
    pub submitted: Counter,
    pub finalized: Counter,
    pub failures: Family<FailureLabels, Counter>,
    /// From the request that queued it to the finalized block's follow-up.
    pub latency: Histogram,
    /// 1 while this replica's watcher reads the chain.
    pub chain_up: Gauge,
    pub watched_block: Gauge,
}

impl QueueMetrics {
    fn new() -> Self {
        Self {
            depth: Gauge::default(),
            oldest_seconds: Gauge::default(),
            submitted: Counter::default(),
            finalized: Counter::default(),
            failures: Family::default(),
            latency: Histogram::new(exponential_buckets(0.25, 2.0, 12)),
            chain_up: Gauge::default(),
            watched_block: Gauge::default(),
        }
    }

    pub fn failed(&self, reason: &str) {
        self.failures
            .get_or_create(&FailureLabels {
                reason: reason.to_owned(),
            })
            .inc();
    }

    fn register(&self, registry: &mut Registry) {
        registry.register(
            "queue_depth",
            "Chain operations not final yet",
            self.depth.clone(),
        );
        registry.register(
            "queue_oldest_age_seconds",
            "Age of the oldest chain operation not final yet",
            self.oldest_seconds.clone(),
        );
        registry.register(
            "operations_submitted",
            "Transactions signed and sent",
            self.submitted.clone(),
        );
        registry.register(
            "operations_finalized",
            "Operations finalized",
            self.finalized.clone(),
        );
        registry.register(
            "operations_failed",
            "Operations failed, by reason",
            self.failures.clone(),
        );
        registry.register(
            "operation_latency_seconds",
            "From the request that queued an operation to its finalized follow-up",
            self.latency.clone(),
        );
        registry.register(
            "chain_up",
            "Whether this replica's chain watcher reads the node",
            self.chain_up.clone(),
        );
        registry.register(
            "watched_block",
            "The last finalized block the watcher read",
            self.watched_block.clone(),
        );
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = Family::<RequestLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.0, 14))
        });
        let mut registry = Registry::with_prefix("iktomi_api");
        let queue = QueueMetrics::new();
        queue.register(&mut registry);
        registry.register(
            "request_duration_seconds",
            "HTTP requests by route, method and status, and how long they took",
            requests.clone(),
        );
        let verify_cache = CacheMetrics::default();
        register_cache("verify", &verify_cache, &mut registry);
        registry.register(
            "verify_cache_warmed",
            "1 once the newest answers have been read in since the cache last started serving",
            verify_cache.warmed.clone(),
        );
        let profile_cache = CacheMetrics::default();
        register_cache("profile", &profile_cache, &mut registry);
        let status_list_cache = CacheMetrics::default();
        register_cache("status_list", &status_list_cache, &mut registry);
        let key_set_cache = CacheMetrics::default();
        register_cache("key_set", &key_set_cache, &mut registry);
        Self {
            registry,
            requests,
            queue,
            verify_cache,
            profile_cache,
            status_list_cache,
            key_set_cache,
        }
    }
}

fn register_cache(name: &str, cache: &CacheMetrics, registry: &mut Registry) {
    registry.register(
        format!("{name}_cache_hits"),
        "Answers served from memory",
        cache.hits.clone(),
    );
    registry.register(
        format!("{name}_cache_misses"),
        "Answers read from the database while the cache served",
        cache.misses.clone(),
    );
    registry.register(
        format!("{name}_cache_announcements"),
        "Change announcements received on iktomi_changes",
        cache.announcements.clone(),
    );
    registry.register(
        format!("{name}_cache_live"),
        "1 while the cache listens for changes and serves",
        cache.live.clone(),
    );
    registry.register(
        format!("{name}_cache_entries"),
        "Answers kept",
        cache.entries.clone(),
    );
}

/// Middleware: times every request under its matched route.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route,
            status: response.status().as_u16(),
        })
        .observe(started.elapsed().as_secs_f64());
    response
}

pub async fn render(State(metrics): State<Arc<Metrics>>) -> Response {
    let mut text = String::new();
    if encode(&mut text, &metrics.registry).is_err() {
        return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}
