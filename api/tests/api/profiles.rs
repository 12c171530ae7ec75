use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;

use crate::support::{kind, spawn_app};

pub fn full_profile(handle: &str) -> serde_json::Value {
    json!({
        "handle": handle,
        "display_name": "Anna Karenina",
        "headline": "Rust engineer",
        "about": "Builds verifiable things",
        "about_visibility": "organizations",
        "photo_url": "https://cdn.example/anna.png",
        "photo_visibility": "public",
        "location": "Kazan",
        "location_visibility": "private",
        "skills": [
            { "name": "Rust", "level": 5, "visibility": "public" },
            { "name": "Substrate", "level": 4, "visibility": "organizations" },
            { "name": "Poker", "level": 2, "visibility": "private" }
        ],
        "education": [{ "institution": "KFU", "degree": "MSc", "field": "CS",
                        "start_year": 2015, "end_year": 2021, "visibility": "public" }],
        "experience": [{ "company": "Iktomi", "title": "Engineer", "start_date": "2022-01-01",
                         "visibility": "organizations" }]
    })
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_owner_writes_and_reads_the_whole_profile(db: PgPool) {
    let app = spawn_app(db).await;
    let (u, _) = app.wallet_user().await;
    let (status, body) = app
        .send(
            Method::PUT,
            "/v1/me/profile",
            Some(&u.token),
            Some(full_profile("anna")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, mine) = app.get("/v1/me/profile", Some(&u.token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine["handle"], "anna");
    assert_eq!(mine["skills"].as_array().unwrap().len(), 3);
    assert_eq!(mine["location"], "Kazan");
    assert_eq!(mine["experience"][0]["start_date"], "2022-01-01");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn visibility_is_applied_per_viewer(db: PgPool) {
    let app = spawn_app(db).await;
    let (anna, _) = app.wallet_user().await;
    app.send(
        Method::PUT,
        "/v1/me/profile",
        Some(&anna.token),
        Some(full_profile("anna")),
    )
    .await;

    // Anonymous: public items only.
    let (status, public) = app.get("/v1/people/anna", None).await;
    assert_eq!(status, StatusCode::OK);
    let skills: Vec<_> = public["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].clone())
        .collect();
    assert_eq!(skills, vec![json!("Rust")]);
    assert!(public["about"].is_null());
    assert!(public["location"].is_null());
    assert_eq!(public["photo_url"], "https://cdn.example/anna.png");
    assert!(public["experience"].as_array().unwrap().is_empty());

    // A colleague (same organization, accepted): organization items too, private ones never.
    let colleague = app.named_user("boris").await;
    let org = app.organization(&anna, "Iktomi LLC").await;
    let (status, _) = app
        .post(
            &format!("/v1/organizations/{org}/members"),
            Some(&anna.token),
            json!({ "handle": "boris", "role": "employee" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Invited but not accepted: still a stranger.
    let (_, seen) = app.get("/v1/people/anna", Some(&colleague.token)).await;
    assert!(seen["about"].is_null());
    app.act(
        &format!("/v1/organizations/{org}/invitation/accept"),
        &colleague.token,
    )
    .await;
    let (_, seen) = app.get("/v1/people/anna", Some(&colleague.token)).await;
    assert_eq!(seen["about"], "Builds verifiable things");
    assert_eq!(seen["skills"].as_array().unwrap().len(), 2);
    assert_eq!(seen["experience"].as_array().unwrap().len(), 1);
    assert!(seen["location"].is_null());

    // The owner sees everything on the public route too.
    let (_, own) = app.get("/v1/people/anna", Some(&anna.token)).await;
    assert_eq!(own["location"], "Kazan");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn every_bad_field_is_named(db: PgPool) {
    let app = spawn_app(db).await;
    let (u, _) = app.wallet_user().await;
    let mut profile = full_profile("Bad Handle");
    profile["skills"][1]["level"] = json!(9);
    profile["education"][0]["end_year"] = json!(2010);
    profile["photo_url"] = json!("javascript:alert(1)");
    profile["headline"] = json!("x".repeat(161));
    let (status, body) = app
        .send(Method::PUT, "/v1/me/profile", Some(&u.token), Some(profile))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(kind(&body), "validation");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "handle",
        "skills[1].level",
        "education[0].end_year",
        "photo_url",
        "headline",
    ] {
        assert!(fields.contains(&f), "{f} missing in {fields:?}");
    }
    // Nothing was stored.
    let (_, mine) = app.get("/v1/me/profile", Some(&u.token)).await;
    assert!(mine["skills"].as_array().unwrap().is_empty());
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_wrongly_typed_level_is_a_malformed_request(db: PgPool) {
    let app = spawn_app(db).await;
    let (u, _) = app.wallet_user().await;
    let mut profile = full_profile("anna");
    profile["skills"][0]["level"] = json!("expert");
    let (status, body) = app
        .send(Method::PUT, "/v1/me/profile", Some(&u.token), Some(profile))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(kind(&body), "malformed-request");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_taken_handle_is_a_conflict_and_changes_nothing(db: PgPool) {
    let app = spawn_app(db).await;
    app.named_user("anna").await;
    let (u, _) = app.wallet_user().await;
    let (status, body) = app
        .send(
            Method::PUT,
            "/v1/me/profile",
            Some(&u.token),
            Some(full_profile("anna")),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(kind(&body), "handle-taken");
    let (_, mine) = app.get("/v1/me/profile", Some(&u.token)).await;
    assert_eq!(mine["headline"], "");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn people_are_searchable_by_name_and_visible_skill_with_a_cursor(db: PgPool) {
    let app = spawn_app(db).await;
    for i in 0..5 {
        let u = app.named_user(&format!("dev{i}")).await;
        let mut p = full_profile(&format!("dev{i}"));
        if i == 3 {
            p["skills"] = json!([{ "name": "Rust", "level": 3, "visibility": "private" }]);
        }
        app.send(Method::PUT, "/v1/me/profile", Some(&u.token), Some(p))
            .await;
    }
    app.named_user("designer").await;

    let (status, page) = app.get("/v1/people?q=dev&limit=2", None).await;
    assert_eq!(status, StatusCode::OK);
    let handles = |p: &serde_json::Value| -> Vec<String> {
        p["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["handle"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(handles(&page), ["dev0", "dev1"]);
    let cursor = page["next_cursor"].as_str().unwrap();
    let (_, page2) = app
        .get(&format!("/v1/people?q=dev&limit=2&cursor={cursor}"), None)
        .await;
    assert_eq!(handles(&page2), ["dev2", "dev3"]);

    // dev3 hides Rust: a skill search does not reveal it.
    let (_, rust) = app.get("/v1/people?skill=rust&limit=100", None).await;
    assert_eq!(handles(&rust), ["dev0", "dev1", "dev2", "dev4"]);
    assert!(rust["next_cursor"].is_null());

    let (status, body) = app.get("/v1/people?limit=1000", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "limit");
    let (status, _) = app.get("/v1/people?cursor=%%%", None).await;
    assert!(status.is_client_error());
    let (status, _) = app.get("/v1/people/nobody", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
