//! Skill-gap roadmaps: prerequisites first from the shipped skill graph, kept per resume and
//! vacancy, reordered, extended and ticked off by their owner only.
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::hiring_support::{post_resume, post_vacancy};
use crate::support::{kind, spawn_app, TestApp, User};

/// anna's resume and Acme's backend vacancy she falls short of; bob, who is someone else.
struct Gap {
    anna: User,
    bob: User,
    vacancy: String,
    resume: String,
}

async fn a_resume_short_of_a_vacancy(app: &TestApp) -> Gap {
    let hr = app.named_user("hr_lead").await;
    let anna = app.named_user("anna").await;
    let bob = app.named_user("bob").await;
    let org = app.organization(&hr, "Acme").await;
    let vacancy = post_vacancy(
        app,
        &hr,
        &org,
        "Backend engineer",
        json!([{ "name": "axum", "level": 3 }, { "name": "PostgreSQL", "level": 3 }]),
    )
    .await;
    let resume = post_resume(app, &anna, json!([
        { "name": "Rust", "level": 4 }, { "name": "SQL", "level": 2 }, { "name": "HTTP", "level": 3 },
        { "name": "Programming basics", "level": 4 }, { "name": "Data structures", "level": 3 }])).await;
    Gap {
        anna,
        bob,
        vacancy,
        resume,
    }
}

async fn ask_for_roadmap(app: &TestApp, who: &User, gap: &Gap) -> (StatusCode, Value) {
    app.post(
        "/v1/me/roadmaps",
        Some(&who.token),
        json!({ "resume_id": gap.resume, "vacancy_id": gap.vacancy }),
    )
    .await
}

fn skills_of(roadmap: &Value) -> Vec<&str> {
    roadmap["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["skill"].as_str().unwrap_or_default())
        .collect()
}

/// anna's order of the steps.
const MINE: [&str; 6] = [
    "postgresql",
    "sql",
    "axum",
    "async rust",
    "concurrency",
    "rest api design",
];

/// Given: anna's roadmap; its path.
async fn roadmap(app: &TestApp, gap: &Gap) -> String {
    let (status, roadmap) = ask_for_roadmap(app, &gap.anna, gap).await;
    assert_eq!(status, StatusCode::CREATED, "{roadmap}");
    format!("/v1/me/roadmaps/{}", roadmap["id"].as_str().expect("id"))
}

async fn reorder(app: &TestApp, who: &User, path: &str, skills: Value) -> (StatusCode, Value) {
    let body = Some(json!({ "skills": skills }));
    app.send(
        Method::PUT,
        &format!("{path}/order"),
        Some(&who.token),
        body,
    )
    .await
}

async fn add_step(
    app: &TestApp,
    gap: &Gap,
    path: &str,
    name: &str,
    level: i64,
) -> (StatusCode, Value) {
    let body = json!({ "name": name, "level": level });
    app.post(&format!("{path}/steps"), Some(&gap.anna.token), body)
        .await
}

/// Given: anna's roadmap in her own order with Docker added; its path.
async fn reordered_and_extended(app: &TestApp, gap: &Gap) -> String {
    let path = roadmap(app, gap).await;
    let (status, reordered) = reorder(app, &gap.anna, &path, json!(MINE)).await;
    assert_eq!(status, StatusCode::OK, "{reordered}");
    let (status, extended) = add_step(app, gap, &path, " Docker ", 2).await;
    assert_eq!(status, StatusCode::CREATED, "{extended}");
    path
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_roadmap_puts_prerequisites_first_and_is_kept_per_resume_and_vacancy(db: PgPool) {
    let app = spawn_app(db).await;
    let gap = a_resume_short_of_a_vacancy(&app).await;

    let (status, problem) = ask_for_roadmap(&app, &gap.bob, &gap).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not bob's resume: {problem}");
    let (status, roadmap) = ask_for_roadmap(&app, &gap.anna, &gap).await;
    assert_eq!(status, StatusCode::CREATED, "{roadmap}");
    let skills = skills_of(&roadmap);
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
    let (status, same) = ask_for_roadmap(&app, &gap.anna, &gap).await;
    assert_eq!(
        (status, same["id"].as_str()),
        (StatusCode::OK, Some(id.as_str()))
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn only_its_owner_reads_a_roadmap_and_reorders_all_of_its_steps(db: PgPool) {
    let app = spawn_app(db).await;
    let gap = a_resume_short_of_a_vacancy(&app).await;
    let (anna, bob) = (&gap.anna, &gap.bob);
    let path = roadmap(&app, &gap).await;

    assert_eq!(
        app.get(&path, Some(&bob.token)).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, problem) = reorder(&app, anna, &path, json!(["axum", "sql"])).await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("skills"))
    );
    let mine = MINE;
    let (status, reordered) = reorder(&app, anna, &path, json!(mine)).await;
    assert_eq!(status, StatusCode::OK, "{reordered}");
    let now = skills_of(&reordered);
    assert_eq!(now, mine);
    assert_eq!(
        reorder(&app, bob, &path, json!(mine)).await.0,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn its_owner_adds_a_step_once_at_a_level_within_the_scale(db: PgPool) {
    let app = spawn_app(db).await;
    let gap = a_resume_short_of_a_vacancy(&app).await;
    let path = roadmap(&app, &gap).await;
    let (status, reordered) = reorder(&app, &gap.anna, &path, json!(MINE)).await;
    assert_eq!(status, StatusCode::OK, "{reordered}");

    let (status, extended) = add_step(&app, &gap, &path, " Docker ", 2).await;
    assert_eq!(status, StatusCode::CREATED, "{extended}");
    assert_eq!(extended["steps"][6]["skill"], "docker");
    assert_eq!(extended["steps"][6]["reason"], "added");
    let (status, problem) = add_step(&app, &gap, &path, "docker", 3).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "step-exists")
    );
    let (status, _) = add_step(&app, &gap, &path, "k8s", 9).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn its_owner_ticks_off_a_known_step_of_the_roadmap(db: PgPool) {
    let app = spawn_app(db).await;
    let gap = a_resume_short_of_a_vacancy(&app).await;
    let steps = format!("{}/steps", reordered_and_extended(&app, &gap).await);
    let anna = &gap.anna;

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
