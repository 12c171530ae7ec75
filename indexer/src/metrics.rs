//! What the indexer reports about itself: `/health` (JSON) and Prometheus `/metrics`.
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use serde_json::json;

/// Lag (in blocks) up to which the indexer calls itself healthy.
const HEALTHY_LAG: i64 = 10;

/// Counters and gauges shared by the pipeline and the HTTP endpoints.
#[derive(Clone, Default)]
pub struct Metrics {
    pub last_block: Gauge<i64, AtomicI64>,
    pub finalized_head: Gauge<i64, AtomicI64>,
    pub blocks: Counter<u64, AtomicU64>,
    pub events: Counter<u64, AtomicU64>,
    pub retries: Counter<u64, AtomicU64>,
    /// Write transactions committed, and the time spent in them.
    pub batches: Counter<u64, AtomicU64>,
    pub write_seconds: Counter<f64, AtomicU64>,
    /// Time the writer sat idle waiting for the fetcher: with `write_seconds`, where a
    /// backfill's time goes.
    pub fetch_wait_seconds: Counter<f64, AtomicU64>,
    /// 1 while this indexer holds the lock and indexes, 0 while it stands by.
    pub active: Gauge<i64, AtomicI64>,
    connected: Arc<AtomicBool>,
}

impl Metrics {
    pub fn set_connected(&self, connected: bool) {
        self.connected.store(connected, Ordering::Relaxed);
    }

    pub fn set_active(&self, active: bool) {
        self.active.set(i64::from(active));
    }

    pub fn is_active(&self) -> bool {
        self.active.get() == 1
    }

    pub fn lag(&self) -> i64 {
        (self.finalized_head.get() - self.last_block.get()).max(0)
    }

    fn registry(&self) -> Registry {
        let mut r = Registry::with_prefix("iktomi_indexer");
        r.register(
            "last_block",
            "Last block whose events are in the database",
            self.last_block.clone(),
        );
        r.register(
            "finalized_head",
            "Newest finalized block seen on the node",
            self.finalized_head.clone(),
        );
        r.register("blocks", "Blocks indexed", self.blocks.clone());
        r.register("events", "Contract events indexed", self.events.clone());
        r.register(
            "batches",
            "Write transactions committed",
            self.batches.clone(),
        );
        r.register(
            "write_seconds",
            "Time spent in write transactions",
            self.write_seconds.clone(),
        );
        r.register(
            "fetch_wait_seconds",
            "Time the writer waited for fetched blocks",
            self.fetch_wait_seconds.clone(),
        );
        r.register(
            "retries",
            "Pauses after the node or the database went away",
            self.retries.clone(),
        );
        r.register(
            "active",
            "1 while this indexer holds the lock and indexes, 0 while it stands by",
            self.active.clone(),
        );
        r
    }
}

/// A standby is healthy while it waits: it is ready to take over, which is its whole job.
async fn health(State(m): State<Metrics>) -> impl IntoResponse {
    let connected = m.connected.load(Ordering::Relaxed);
    let active = m.is_active();
    let healthy = !active || connected && m.lag() <= HEALTHY_LAG;
    let status = match (active, healthy) {
        (false, _) => "standby",
        (true, true) => "ok",
        (true, false) => "degraded",
    };
    let body = json!({
        "status": status,
        "role": if active { "active" } else { "standby" },
        "connected": connected,
        "last_indexed_block": m.last_block.get(),
        "finalized_head": m.finalized_head.get(),
        "lag": m.lag(),
    });
    let code = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(body))
}

async fn metrics(State(m): State<Metrics>) -> impl IntoResponse {
    let mut text = String::new();
    if encode(&mut text, &m.registry()).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
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

/// Serves `/health` and `/metrics` on `addr` until the process ends.
pub async fn serve(addr: SocketAddr, metrics: Metrics) -> anyhow::Result<()> {
    let app = Router::new()
        .route("/health", get(health))
        .route("/metrics", get(self::metrics))
        .with_state(metrics);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "serving /health and /metrics");
    axum::serve(listener, app).await?;
    Ok(())
}
