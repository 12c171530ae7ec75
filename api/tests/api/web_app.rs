//! The web app at `/app/`: hashed assets cached for good, every app route answered with
//! `index.html` (never cached), missing assets a plain 404, and a CSP that lets the app run its
//! own scripts and nothing else.
use reqwest::StatusCode;
use sqlx::PgPool;

use crate::support::spawn_app_with;

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_app_is_served_with_its_routes_falling_back_to_the_index(db: PgPool) {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir_all(dir.path().join("assets")).expect("assets");
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Iktomi</title>",
    )
    .expect("index");
    std::fs::write(dir.path().join("assets/index-3f2a1b.js"), "console.log(1)").expect("js");
    let web_dir = dir.path().to_owned();
    let app = spawn_app_with(db, move |s| s.web_dir = web_dir).await;

    for path in [
        "/app/",
        "/app",
        "/app/certificates/42",
        "/app/auth/vk/callback?code=x",
    ] {
        let response = app.http.get(app.at(path)).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
        let csp = header(&response, "content-security-policy");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(
            csp.contains("frame-ancestors 'self' https://web.telegram.org"),
            "{csp}"
        );
        assert!(
            header(&response, "content-type").starts_with("text/html"),
            "{path}"
        );
        let body = response.text().await.expect("body");
        assert!(body.contains("<title>Iktomi</title>"), "{path}: {body}");
    }

    let asset = app
        .http
        .get(app.at("/app/assets/index-3f2a1b.js"))
        .send()
        .await
        .expect("asset");
    assert_eq!(asset.status(), StatusCode::OK);
    assert!(header(&asset, "cache-control").contains("immutable"));
    assert!(header(&asset, "content-type").contains("javascript"));

    // A stale bundle name must not come back as the index page, or the browser would run HTML.
    let missing = app
        .http
        .get(app.at("/app/assets/index-000000.js"))
        .send()
        .await
        .expect("missing");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // The API's own JSON keeps its script-free policy.
    let health = app
        .http
        .get(app.at("/health"))
        .send()
        .await
        .expect("health");
    assert!(!header(&health, "content-security-policy").contains("script-src"));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_server_without_the_built_app_says_so(db: PgPool) {
    let app = spawn_app_with(db, |_| {}).await;
    let response = app.http.get(app.at("/app/")).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        header(&response, "content-type"),
        "application/problem+json"
    );
}
