use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::support::{answer, kind, spawn_app};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn malformed_json_is_a_problem_not_a_crash(db: PgPool) {
    let app = spawn_app(db).await;
    let response = app
        .http
        .post(app.at("/v1/auth/wallet/challenge"))
        .header("content-type", "application/json")
        .body("{\"address\": ")
        .send()
        .await
        .unwrap();
    let (status, body) = answer(response).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(kind(&body), "malformed-request");
    assert_eq!(body["status"], 400);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_body_without_json_content_type_is_unsupported(db: PgPool) {
    let app = spawn_app(db).await;
    let response = app
        .http
        .post(app.at("/v1/auth/wallet/challenge"))
        .body("{}")
        .send()
        .await
        .unwrap();
    let (status, body) = answer(response).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(kind(&body), "unsupported-media-type");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_oversized_body_is_refused_and_stores_nothing(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let (u, _) = app.wallet_user().await;
    let huge = json!({ "handle": "anna", "about": "x".repeat(100 * 1024) });
    let (status, body) = app
        .send(
            reqwest::Method::PUT,
            "/v1/me/profile",
            Some(&u.token),
            Some(huge),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(kind(&body), "payload-too-large");
    let handle: String = sqlx::query_scalar("SELECT handle FROM accounts")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_ne!(handle, "anna");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn unknown_routes_and_methods_are_problems(db: PgPool) {
    let app = spawn_app(db).await;
    let (status, body) = app.get("/v1/nothing-here", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(kind(&body), "not-found");
    let (status, body) = app
        .send(reqwest::Method::DELETE, "/v1/people", None, None)
        .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(kind(&body), "method-not-allowed");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_garbled_authorization_header_is_unauthenticated_even_on_public_routes(db: PgPool) {
    let app = spawn_app(db).await;
    let (status, body) = app.get("/v1/people", Some("not-a-session")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(kind(&body), "unauthenticated");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn health_metrics_docs_and_request_ids_are_served(db: PgPool) {
    let app = spawn_app(db).await;
    let (status, body) = app.get("/health", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["database"], "ok");
    app.get("/v1/people", None).await;
    let metrics = app
        .http
        .get(app.at("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("iktomi_api_request_duration_seconds_count{method=\"GET\",route=\"/v1/people\",status=\"200\"}"), "{metrics}");
    let (status, doc) = app.get("/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let docs = app.http.get(app.at("/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap().contains("swagger"));
    let response = app.http.get(app.at("/health")).send().await.unwrap();
    assert!(response.headers().contains_key("x-request-id"));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn text_with_a_nul_character_is_refused_and_an_escaped_backslash_is_not(db: PgPool) {
    let app = spawn_app(db).await;
    let user = app.named_user("nul_tester").await;
    let (status, body) = app
        .send(
            reqwest::Method::PUT,
            "/v1/me/profile",
            Some(&user.token),
            Some(json!({ "handle": "nul_tester", "display_name": "Anna\u{0}" })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(kind(&body), "malformed-request");
    // `\\u0000` in JSON is a backslash followed by "u0000": ordinary text.
    let (status, body) = app
        .send(
            reqwest::Method::PUT,
            "/v1/me/profile",
            Some(&user.token),
            Some(json!({ "handle": "nul_tester", "display_name": "C:\\u0000" })),
        )
        .await;
    assert_ne!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_nul_character_in_a_query_or_a_path_is_refused_not_a_crash(db: PgPool) {
    let app = spawn_app(db).await;
    for path in [
        "/v1/vacancies?q=a%00b",
        "/v1/people/ann%00a",
        "/v1/people?q=%00",
    ] {
        let (status, body) = app.get(path, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(kind(&body), "malformed-request", "{path}");
    }
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_integral_float_is_the_integer_json_schema_says_it_is_and_a_fraction_is_refused(
    db: PgPool,
) {
    let app = spawn_app(db).await;
    let user = app.named_user("float_tester").await;
    let profile = |level: serde_json::Value| json!({ "handle": "float_tester", "skills": [{ "name": "rust", "level": level, "visibility": "public" }] });
    let (status, body) = app
        .send(
            reqwest::Method::PUT,
            "/v1/me/profile",
            Some(&user.token),
            Some(profile(json!(4.0))),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["skills"][0]["level"], 4, "{body}");
    let (status, body) = app
        .send(
            reqwest::Method::PUT,
            "/v1/me/profile",
            Some(&user.token),
            Some(profile(json!(4.5))),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(kind(&body), "malformed-request");
    // What was stored stays.
    let (_, body) = app.get("/v1/me/profile", Some(&user.token)).await;
    assert_eq!(body["skills"][0]["level"], 4, "{body}");
}
