//! Building the application: the router with its layers, and a server bound before it runs so
//! tests can bind port 0 and read the port.
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use secrecy::ExposeSecret;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::certificates::export::keys::KeySets;
use crate::certificates::export::status_cache::AnnouncedLists;
use crate::certificates::verify_cache::VerifyCache;
use crate::chain::Registry;
use crate::config::Settings;
use crate::http::error::{log_failures, problem};
use crate::http::metrics::{self, Metrics};
use crate::http::rate_limit::{self, Limiter, Limits};
use crate::http::security_headers::{self, Https};
use crate::openapi::ApiDoc;
use crate::profiles::public_cache::ProfileCache;
use crate::state::AppState;
use crate::wallets::seal::MasterKey;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The state for `settings`: a lazy pool (the API starts while Postgres is still coming up)
/// whose connections carry the audit scope of the request using them,
/// and, when a deployment is configured, a connection to the chain.
pub async fn state(settings: Settings) -> anyhow::Result<AppState> {
    let db = crate::http::audit::scope::lazy_pool(
        settings.database_url.expose_secret(),
        20,
        Duration::from_secs(5),
    )
    .context("DATABASE_URL")?;
    let reads = crate::http::audit::scope::read_pool(
        settings
            .database_url
            .expose_secret()
            .parse()
            .context("DATABASE_URL")?,
        10,
        Duration::from_secs(5),
    );
    state_with_pools(settings, db, reads).await
}

/// `state` on `db`, which also serves the public reads.
pub async fn state_with_pool(settings: Settings, db: sqlx::PgPool) -> anyhow::Result<AppState> {
    state_with_pools(settings, db.clone(), db).await
}

/// `state` on `db`, with `reads` for the public reads (`AppState::reads`).
pub async fn state_with_pools(
    settings: Settings,
    db: sqlx::PgPool,
    reads: sqlx::PgPool,
) -> anyhow::Result<AppState> {
    let master_key = MasterKey::with_versions(
        &settings.master_key,
        settings.master_key_version,
        &settings.previous_master_keys,
    )
    .context("master_key")?;
    let registry = match (
        &settings.chain.deployment,
        &settings.chain.contracts_dir,
        &settings.chain.operator_suri,
    ) {
        (Some(deployment), Some(contracts), Some(suri)) => {
            crate::auth::wallet::set_ss58_prefix(chain_ss58_prefix(deployment).await?);
            Some(Arc::new(
                Registry::connect(deployment, contracts, suri, settings.chain.issuer_funds)
                    .await
                    .context("connecting to the chain")?,
            ))
        }
        _ => {
            tracing::warn!("no chain deployment configured: chain actions answer 503");
            None
        }
    };
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .context("HTTP client")?;
    let metrics = Arc::new(Metrics::default());
    let verify_cache = Arc::new(VerifyCache::new(
        settings.verify_cache_entries,
        metrics.verify_cache.clone(),
    ));
    let profile_cache = Arc::new(ProfileCache::new(
        settings.cache_entries,
        metrics.profile_cache.clone(),
    ));
    let announced_lists = Arc::new(AnnouncedLists::new(
        settings.cache_entries,
        metrics.status_list_cache.clone(),
    ));
    let key_sets = Arc::new(KeySets::new(
        settings.cache_entries,
        metrics.key_set_cache.clone(),
    ));
    Ok(AppState {
        db,
        reads,
        settings: Arc::new(settings),
        http,
        master_key: Arc::new(master_key),
        registry,
        metrics,
        verify_cache,
        profile_cache,
        announced_lists,
        key_sets,
        match_index: Arc::default(),
        status_lists: Arc::default(),
        clock: Arc::new(crate::http::clock::SystemClock),
    })
}

/// The deployment's chain's `System::SS58Prefix`, read once through a one-off client.
async fn chain_ss58_prefix(deployment: &std::path::Path) -> anyhow::Result<u16> {
    let record = iktomi_chain::Deployment::read(deployment)?;
    let chain = iktomi_chain::Chain::connect_legacy(&record.node_url).await?;
    chain
        .ss58_prefix()
        .await
        .context("reading the chain's SS58 prefix")
}

/// The API's routes and their OpenAPI document.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(crate::auth::router())
        .merge(crate::wallets::router())
        .merge(crate::organizations::router())
        .merge(crate::certificates::router())
        .merge(crate::profiles::router())
        .merge(crate::marketplace::router())
        .merge(crate::attestations::router())
        .merge(crate::gamification::router())
        .merge(crate::notifications::router())
        .merge(crate::operations::router())
        .split_for_parts();
    let mut doc = doc;
    crate::openapi::truthful(&mut doc);
    (router, doc)
}

/// The whole application, ready to serve or to call with `oneshot`.
pub fn app(state: AppState) -> Router {
    let (api, doc) = api();
    let settings = state.settings.clone();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(
            settings
                .cors_origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok()),
        ))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        // Transaction routes require `Idempotency-Key` and wait with `Prefer`; a web app that
        // cannot send them cannot use those routes at all.
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("idempotency-key"),
            HeaderName::from_static("prefer"),
        ])
        .expose_headers([
            REQUEST_ID,
            header::RETRY_AFTER,
            header::LOCATION,
            header::CONTENT_DISPOSITION,
        ])
        .max_age(Duration::from_secs(600))
        // The VK ID nonce cookie must reach `/v1/auth/vk/callback` from the web app's origin.
        .allow_credentials(true);
    let limits = Limits {
        limiter: Arc::new(Limiter::new(settings.rate_limits.clone())),
        state: state.clone(),
    };
    let https = Https(settings.public_url.starts_with("https://"));
    api.merge(crate::pages::router())
        .merge(crate::bot::webhook::router())
        .merge(crate::http::web_app::router(&settings.web_dir))
        .route("/health", get(health))
        .route("/metrics", get(metrics::render))
        .merge(SwaggerUi::new("/docs").url("/openapi.json", doc))
        .fallback(|| async { problem(StatusCode::NOT_FOUND, "not-found", None) })
        .layer(middleware::from_fn_with_state(limits, rate_limit::limit))
        .layer(middleware::from_fn(log_failures))
        .layer(middleware::from_fn_with_state(state.clone(), crate::http::audit::track))
        .layer(middleware::from_fn_with_state(state.metrics.clone(), metrics::track))
        .layer(middleware::from_fn(problems_everywhere))
        .layer(DefaultBodyLimit::max(settings.body_limit_bytes))
        .layer(CompressionLayer::new())
        .layer(cors)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(settings.request_timeout_secs),
        ))
        .layer(middleware::from_fn_with_state(https, security_headers::add))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            let id = request
                .headers()
                .get(REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            // Routes are matched before this layer runs, so the span names the route template.
            let route = request
                .extensions()
                .get::<MatchedPath>()
                .map_or("unmatched", MatchedPath::as_str);
            tracing::info_span!("http", method = %request.method(), route, uri = %request.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// Answers that axum or a layer produced without a body (405, 408, 413 …) become problems too;
/// answers that carry their own content (problems, the HTML pages' 404) pass unchanged.
async fn problems_everywhere(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let bodiless = !response.headers().contains_key(header::CONTENT_TYPE);
    if (status.is_client_error() || status.is_server_error()) && bodiless {
        let slug = match status {
            StatusCode::METHOD_NOT_ALLOWED => "method-not-allowed",
            StatusCode::REQUEST_TIMEOUT => "timeout",
            StatusCode::PAYLOAD_TOO_LARGE => "payload-too-large",
            StatusCode::NOT_FOUND => "not-found",
            s if s.is_server_error() => "internal",
            _ => "bad-request",
        };
        return problem(status, slug, None);
    }
    response
}

/// Healthy when the database answers. It also reports the chain (reachable, its finalized
/// block against the last one the operations' watcher read) and the queue (depth, oldest age):
/// those degrade the status but not the answer, since reads still work without the chain.
async fn health(State(state): State<AppState>) -> Response {
    let queue = sqlx::query!(
        r#"SELECT count(*) AS "depth!",
                  coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS "oldest!",
                  (SELECT block_number FROM chain_watch_cursor) AS watched
           FROM chain_operations WHERE status IN ('queued', 'submitted', 'in_block')"#
    )
    .fetch_one(&state.db)
    .await;
    let queue = match queue {
        Ok(queue) => queue,
        Err(e) => {
            tracing::warn!(error = %e, "health: database unavailable");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({ "status": "degraded", "database": "unavailable" })),
            )
                .into_response();
        }
    };
    let finalized = match state.registry.as_deref() {
        None => None,
        Some(registry) => Some(
            tokio::time::timeout(
                std::time::Duration::from_secs(2),
                registry.chain().finalized_number(),
            )
            .await
            .ok()
            .and_then(Result::ok),
        ),
    };
    let chain = match finalized {
        None => "not-configured",
        Some(Some(_)) => "ok",
        Some(None) => "unavailable",
    };
    let head = finalized.flatten();
    let lag = head.zip(queue.watched).map(|(h, w)| h as i64 - w);
    let degraded = chain == "unavailable" || queue.oldest > 300.0 || lag.is_some_and(|l| l > 20);
    axum::Json(serde_json::json!({
        "status": if degraded { "degraded" } else { "ok" },
        "database": "ok",
        "chain": chain,
        "finalized_block": head,
        "watched_block": queue.watched,
        "watch_lag_blocks": lag,
        "queue": { "depth": queue.depth, "oldest_seconds": queue.oldest },
    }))
    .into_response()
}

/// A bound server.
pub struct Application {
    listener: TcpListener,
    app: Router,
}

impl Application {
    pub async fn build(state: AppState) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(state.settings.listen)
            .await
            .with_context(|| format!("binding {}", state.settings.listen))?;
        Ok(Self {
            listener,
            app: app(state),
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until `shutdown` resolves, then finishes the requests in flight.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // The peer's address keys the rate limits.
        let app = self
            .app
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await
            .context("serving")
    }
}

/// Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}
