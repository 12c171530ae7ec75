//! The web app (the Telegram Mini App and the browser app) at `/app/`. Its bundle names carry a
//! content hash, so `/app/assets/` is cached for a year; every other path under `/app/` is a
//! route of the app's own router and gets `index.html`, which is never cached, so a release is
//! picked up on the next open.
use std::path::Path;

use axum::http::{header, HeaderValue, StatusCode};
use axum::routing::get;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::http::error::problem;
use crate::state::AppState;

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

pub fn router(dir: &Path) -> Router<AppState> {
    let index = dir.join("index.html");
    if !index.is_file() {
        tracing::warn!(dir = %dir.display(), "the web app is not built: /app/ answers 503 (run `npm run build` in web/)");
        return Router::new()
            .route("/app", get(not_built))
            .route("/app/", get(not_built))
            .route("/app/{*rest}", get(not_built));
    }
    let assets = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            IMMUTABLE,
        ))
        .service(ServeDir::new(dir.join("assets")));
    let pages = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            REVALIDATE,
        ))
        .service(ServeDir::new(dir).fallback(ServeFile::new(index)));
    Router::new()
        .nest_service("/app/assets", assets)
        .nest_service("/app", pages)
}

async fn not_built() -> axum::response::Response {
    problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        Some("the web app is not built on this server".into()),
    )
}
