//! What a browser is told: security headers on every answer (framing only by Telegram's web
//! clients, for the Mini App), uploaded files as sandboxed downloads, and CORS that lets a web app
//! send the headers transaction routes require and read the request id.
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

use crate::support::spawn_app;

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap_or_default())
        .unwrap_or_default()
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn answers_tell_browsers_who_may_frame_them_and_what_they_may_load(db: PgPool) {
    let app = spawn_app(db).await;
    for path in ["/health", "/v1/me", "/u/nobody"] {
        let response = app.http.get(app.at(path)).send().await.expect("request");
        let csp = header(&response, "content-security-policy");
        assert!(
            csp.contains(
                "frame-ancestors 'self' https://web.telegram.org https://*.web.telegram.org"
            ),
            "{path}: {csp}"
        );
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(!csp.contains("script-src"), "no scripts on {path}");
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert_eq!(
            header(&response, "referrer-policy"),
            "strict-origin-when-cross-origin"
        );
        assert!(header(&response, "strict-transport-security").starts_with("max-age="));
        assert!(header(&response, "permissions-policy").contains("camera=()"));
    }
    let docs = app.http.get(app.at("/docs/")).send().await.expect("docs");
    assert!(header(&docs, "content-security-policy").contains("frame-ancestors 'none'"));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_uploaded_file_is_served_as_a_sandboxed_download(db: PgPool) {
    let app = spawn_app(db).await;
    let anna = app.named_user("anna").await;
    // A "PDF" that a browser rendering it inline as HTML would run.
    let body = b"%PDF-1.7\n<html><script>fetch('/v1/me')</script></html>".to_vec();
    let response = app
        .http
        .post(app.at("/v1/me/artifacts?title=scan"))
        .bearer_auth(&anna.token)
        .header("content-type", "application/pdf")
        .body(body)
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status(), StatusCode::CREATED);
    let artifact: Value = response.json().await.expect("artifact");
    let id = artifact["id"].as_str().expect("id");
    let file = app
        .http
        .get(app.at(&format!("/v1/artifacts/{id}/file")))
        .bearer_auth(&anna.token)
        .send()
        .await
        .expect("file");
    assert_eq!(file.status(), StatusCode::OK);
    let disposition = header(&file, "content-disposition");
    assert!(
        disposition.starts_with("attachment; filename=\"iktomi-"),
        "{disposition}"
    );
    assert!(disposition.ends_with(".pdf\""), "{disposition}");
    let csp = header(&file, "content-security-policy");
    assert!(csp.starts_with("sandbox"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(header(&file, "x-content-type-options"), "nosniff");
    assert_eq!(header(&file, "referrer-policy"), "no-referrer");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_web_app_may_send_idempotency_keys_and_read_the_request_id(db: PgPool) {
    let app = spawn_app(db).await;
    let origin = "https://app.iktomi.test";
    let preflight = app
        .http
        .request(
            reqwest::Method::OPTIONS,
            app.at("/v1/organizations/x/certificates"),
        )
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type, idempotency-key, prefer",
        )
        .send()
        .await
        .expect("preflight");
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(header(&preflight, "access-control-allow-origin"), origin);
    let allowed = header(&preflight, "access-control-allow-headers").to_ascii_lowercase();
    for name in ["idempotency-key", "prefer", "authorization", "content-type"] {
        assert!(allowed.contains(name), "{name} not in {allowed}");
    }
    let response = app
        .http
        .get(app.at("/health"))
        .header("origin", origin)
        .send()
        .await
        .expect("health");
    assert!(!header(&response, "x-request-id").is_empty());
    let exposed = header(&response, "access-control-expose-headers").to_ascii_lowercase();
    assert!(exposed.contains("x-request-id"), "{exposed}");
    assert!(exposed.contains("retry-after"), "{exposed}");
    // Another origin is not let in.
    let foreign = app
        .http
        .get(app.at("/health"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .expect("health");
    assert!(foreign
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}
