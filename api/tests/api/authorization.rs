//! Walks every operation of the OpenAPI document: an operation that declares the `session`
//! requirement must refuse a caller without a valid session, and every other operation must be
//! on the short list of deliberately public ones.
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::PgPool;

use crate::support::{kind, spawn_app};

const PUBLIC: &[&str] = &[
    "POST /v1/auth/telegram",
    "POST /v1/auth/vk/start",
    "POST /v1/auth/vk/callback",
    "POST /v1/auth/wallet/challenge",
    "POST /v1/auth/wallet",
    "GET /v1/people",
    "GET /v1/people/{handle}",
    "GET /v1/organizations",
    "GET /v1/organizations/{id}",
    "GET /v1/verify/{id}",
    "POST /v1/verify",
    "GET /v1/organizations/{id}/tenure-programs",
    "GET /v1/people/{handle}/certificates",
    "GET /v1/certificates/{id}/credential",
    "GET /v1/organizations/{id}/status-lists/revocation",
    "GET /v1/organizations/{id}/jwks",
    "GET /v1/people/{handle}/recommendations",
    "GET /v1/recommendations/{id}",
    "GET /v1/vacancies",
    "GET /v1/vacancies/{id}",
    "GET /v1/resumes/{id}",
    "GET /v1/resumes/{id}/cv",
    "GET /v1/resumes/template",
];

fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment {
            "{id}" | "{account_id}" | "{recommendation}" | "{resume}" => {
                uuid::Uuid::new_v4().to_string()
            }
            "{certificate}" | "{program}" | "{request}" | "{migration}" => "1".into(),
            "{address}" => "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY".into(),
            "{handle}" => "someone".into(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn no_private_route_answers_without_a_valid_session(db: PgPool) {
    let app = spawn_app(db).await;
    let (_, doc) = app.get("/openapi.json", None).await;
    let (expired, _) = app.wallet_user().await;
    app.post(
        "/v1/auth/logout",
        Some(&expired.token),
        serde_json::json!({}),
    )
    .await;
    let mut private = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let name = format!("{} {path}", method.to_uppercase());
            let secured = op["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("session").is_some()));
            if !secured {
                assert!(
                    PUBLIC.contains(&name.as_str()),
                    "{name} is public but not on the list"
                );
                continue;
            }
            private += 1;
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let body = Some(Value::Object(Default::default()));
            for token in [None, Some("forged-token"), Some(expired.token.as_str())] {
                let (status, problem) = app
                    .send(method.clone(), &concrete(path), token, body.clone())
                    .await;
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{name} with {token:?}: {problem}"
                );
                assert_eq!(kind(&problem), "unauthenticated");
            }
        }
    }
    assert!(private >= 20, "only {private} private operations found");
}
