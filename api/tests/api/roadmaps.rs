//! Skill-gap roadmaps: prerequisites first from the shipped skill graph, kept per resume and
//! vacancy, reordered, extended and ticked off by their owner only.
use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;

use crate::hiring_support::{post_resume, post_vacancy};
use crate::support::{kind, spawn_app};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_roadmap_puts_prerequisites_first_and_its_owner_shapes_it(db: PgPool) {
    let app = spawn_app(db).await;
    let hr = app.named_user("hr_lead").await;
    let anna = app.named_user("anna").await;
    let bob = app.named_user("bob").await;
    let org = app.organization(&hr, "Acme").await;
    let vacancy = post_vacancy(
        &app,
        &hr,
        &org,
        "Backend engineer",
        json!([{ "name": "axum", "level": 3 }, { "name": "PostgreSQL", "level": 3 }]),
    )
    .await;
    let resume = post_resume(&app, &anna, json!([
        { "name": "Rust", "level": 4 }, { "name": "SQL", "level": 2 }, { "name": "HTTP", "level": 3 },
        { "name": "Programming basics", "level": 4 }, { "name": "Data structures", "level": 3 }])).await;

    let (status, problem) = app
        .post(
            "/v1/me/roadmaps",
            Some(&bob.token),
            json!({ "resume_id": resume, "vacancy_id": vacancy }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not bob's resume: {problem}");
    let (status, roadmap) = app
        .post(
            "/v1/me/roadmaps",
            Some(&anna.token),
            json!({ "resume_id": resume, "vacancy_id": vacancy }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{roadmap}");
    let skills: Vec<&str> = roadmap["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["skill"].as_str().unwrap_or_default())
        .collect();
    // axum needs async rust (which needs concurrency) and REST API design; PostgreSQL needs SQL 3.
    // Among steps free to go next, the larger gap first, then by name.
    assert_eq!(
        skills,
        [
            "concurrency",
            "async rust",
            "rest api design",
            "axum",
            "sql",
            "postgresql"
        ],
        "{roadmap}"
    );
    assert_eq!(roadmap["steps"][0]["unlocks"], json!(["axum"]));
    let sql = &roadmap["steps"][4];
    assert_eq!(
        (
            sql["reason"].as_str(),
            sql["current_level"].as_i64(),
            sql["target_level"].as_i64()
        ),
        (Some("prerequisite"), Some(2), Some(3))
    );
    assert_eq!(sql["unlocks"], json!(["postgresql"]));
    assert_eq!(roadmap["steps"][3]["reason"], "missing");
    let id = roadmap["id"].as_str().expect("id").to_owned();
    let (status, same) = app
        .post(
            "/v1/me/roadmaps",
            Some(&anna.token),
            json!({ "resume_id": resume, "vacancy_id": vacancy }),
        )
        .await;
    assert_eq!(
        (status, same["id"].as_str()),
        (StatusCode::OK, Some(id.as_str()))
    );

    let path = format!("/v1/me/roadmaps/{id}");
    assert_eq!(
        app.get(&path, Some(&bob.token)).await.0,
        StatusCode::NOT_FOUND
    );
    let order = format!("{path}/order");
    let (status, problem) = app
        .send(
            Method::PUT,
            &order,
            Some(&anna.token),
            Some(json!({ "skills": ["axum", "sql"] })),
        )
        .await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("skills"))
    );
    let mine = [
        "postgresql",
        "sql",
        "axum",
        "async rust",
        "concurrency",
        "rest api design",
    ];
    let (status, reordered) = app
        .send(
            Method::PUT,
            &order,
            Some(&anna.token),
            Some(json!({ "skills": mine })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reordered}");
    let now: Vec<&str> = reordered["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["skill"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(now, mine);
    assert_eq!(
        app.send(
            Method::PUT,
            &order,
            Some(&bob.token),
            Some(json!({ "skills": mine }))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );

    let steps = format!("{path}/steps");
    let (status, extended) = app
        .post(
            &steps,
            Some(&anna.token),
            json!({ "name": " Docker ", "level": 2 }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{extended}");
    assert_eq!(extended["steps"][6]["skill"], "docker");
    assert_eq!(extended["steps"][6]["reason"], "added");
    let (status, problem) = app
        .post(
            &steps,
            Some(&anna.token),
            json!({ "name": "docker", "level": 3 }),
        )
        .await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "step-exists")
    );
    let (status, _) = app
        .post(
            &steps,
            Some(&anna.token),
            json!({ "name": "k8s", "level": 9 }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (status, marked) = app
        .send(
            Method::PUT,
            &format!("{steps}/concurrency"),
            Some(&anna.token),
            Some(json!({ "known": true })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let known: Vec<&str> = marked["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["known"] == true)
        .map(|s| s["skill"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(known, ["concurrency"]);
    assert_eq!(
        app.send(
            Method::PUT,
            &format!("{steps}/cobol"),
            Some(&anna.token),
            Some(json!({ "known": true }))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (_, listed) = app.get("/v1/me/roadmaps", Some(&anna.token)).await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
}
