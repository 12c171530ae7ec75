//! Attacks on what others say and see about a person: statements they never asked for going public
//! at once, an organization keeping a resume its owner has since made private, and endorsements
//! from fresh accounts counting toward the five-endorsements badge.
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::support::{spawn_app, TestApp, User};

async fn show(app: &TestApp, who: &User, id: &str) -> (StatusCode, Value) {
    app.send(
        Method::PUT,
        &format!("/v1/me/recommendations/{id}/hidden"),
        Some(&who.token),
        Some(json!({ "hidden": false })),
    )
    .await
}

async fn public_about(app: &TestApp, handle: &str) -> usize {
    let (status, public) = app
        .get(&format!("/v1/people/{handle}/recommendations"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{public}");
    public.as_array().map_or(0, Vec::len)
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_unasked_recommendation_stays_off_the_profile_until_its_subject_shows_it(db: PgPool) {
    let app = spawn_app(db).await;
    let anna = app.named_user("anna").await;
    let mallory = app.named_user("mallory").await;
    let eve = app.named_user("eve").await;
    let (status, written) = app
        .post(
            "/v1/people/anna/recommendations",
            Some(&mallory.token),
            json!({ "kind": "recommendation", "text": "Anna was my accomplice." }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{written}");
    assert_eq!(written["hidden"], true, "waits for anna: {written}");
    let id = written["id"].as_str().expect("id");
    assert_eq!(public_about(&app, "anna").await, 0, "not on her profile");
    let (status, _) = app
        .get(&format!("/v1/recommendations/{id}"), Some(&eve.token))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nobody else sees it");
    let page = app
        .http
        .get(app.at("/u/anna"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    assert!(!page.contains("accomplice"), "not on her public page");

    let (_, mine) = app.get("/v1/me/recommendations", Some(&anna.token)).await;
    assert_eq!(
        mine[0]["id"], written["id"],
        "anna sees it to decide: {mine}"
    );
    let (status, shown) = show(&app, &mallory, id).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only anna decides: {shown}");
    let (status, shown) = show(&app, &anna, id).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert_eq!(public_about(&app, "anna").await, 1, "shown by her choice");
}

async fn set_visibility(app: &TestApp, who: &User, resume: &str, visibility: &str) {
    let (status, body) = app
        .send(
            Method::PUT,
            &format!("/v1/me/resumes/{resume}"),
            Some(&who.token),
            Some(json!({ "title": "Rust engineer", "visibility": visibility, "skills": [] })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_resume_made_private_leaves_the_talent_pool_and_the_responses(db: PgPool) {
    let app = spawn_app(db).await;
    let hr = app.named_user("hr_lead").await;
    let anna = app.named_user("anna").await;
    let org = app.organization(&hr, "Acme").await;
    let (status, resume) = app
        .post(
            "/v1/me/resumes",
            Some(&anna.token),
            json!({ "title": "Rust engineer", "visibility": "public", "skills": [] }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{resume}");
    let resume = resume["id"].as_str().expect("id").to_owned();
    let (status, kept) = app
        .send(
            Method::PUT,
            &format!("/v1/organizations/{org}/talent-pool/{resume}"),
            Some(&hr.token),
            Some(json!({ "note": "call in spring" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    let (status, sent) = app
        .post(
            &format!("/v1/organizations/{org}/responses"),
            Some(&hr.token),
            json!({ "resume_id": resume, "message": "Join us?" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");

    set_visibility(&app, &anna, &resume, "private").await;
    let (pool, responses) = lists(&app, &hr, &org).await;
    assert_eq!(pool, json!([]), "gone from the pool");
    assert_eq!(responses, json!([]), "gone from the responses");
    let (status, _) = app
        .send(
            Method::PUT,
            &format!("/v1/organizations/{org}/talent-pool/{resume}"),
            Some(&hr.token),
            Some(json!({ "note": "keep anyway" })),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "not kept again while private"
    );

    set_visibility(&app, &anna, &resume, "public").await;
    let (pool, responses) = lists(&app, &hr, &org).await;
    assert_eq!(pool[0]["note"], "call in spring", "nothing lost: {pool}");
    assert_eq!(responses[0]["message"], "Join us?", "{responses}");
}

/// The organization's talent pool and its responses, as its manager reads them.
async fn lists(app: &TestApp, hr: &User, org: &str) -> (Value, Value) {
    let (_, pool) = app
        .get(
            &format!("/v1/organizations/{org}/talent-pool"),
            Some(&hr.token),
        )
        .await;
    let (_, responses) = app
        .get(
            &format!("/v1/organizations/{org}/responses"),
            Some(&hr.token),
        )
        .await;
    (pool, responses)
}

async fn endorse(app: &TestApp, who: &User, skill: &str) {
    let (status, body) = app
        .post(
            "/v1/people/dana/recommendations",
            Some(&who.token),
            json!({ "kind": "endorsement", "skill": skill, "text": "Solid." }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

async fn standing(app: &TestApp, org: &str, admin: &User) -> (i64, Vec<String>) {
    let (_, standing) = app
        .get(
            &format!("/v1/organizations/{org}/members/dana/standing"),
            Some(&admin.token),
        )
        .await;
    let badges = standing["badges"]
        .as_array()
        .expect("badges")
        .iter()
        .filter_map(|b| b["code"].as_str().map(str::to_owned))
        .collect();
    (standing["points"].as_i64().expect("points"), badges)
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn endorsements_from_fresh_accounts_earn_no_points_and_no_badge(db: PgPool) {
    let app = spawn_app(db).await;
    let admin = app.named_user("hr_admin").await;
    let dana = app.named_user("dana").await;
    let org = app.organization(&admin, "Acme").await;
    app.join(&org, &admin, &dana, "employee").await;
    // Sock puppets: fresh accounts with no organization in common with dana, a skill each.
    for n in 0..5 {
        let puppet = app.named_user(&format!("puppet{n}")).await;
        endorse(&app, &puppet, &format!("Skill {n}")).await;
    }
    assert_eq!(standing(&app, &org, &admin).await, (0, vec![]));
    let colleague = app.named_user("colleague0").await;
    app.join(&org, &admin, &colleague, "employee").await;
    endorse(&app, &colleague, "Rust").await;
    let (points, badges) = standing(&app, &org, &admin).await;
    assert!(points > 0, "a colleague's endorsement earns");
    assert!(
        !badges.contains(&"five-endorsements".to_owned()),
        "one colleague is not five: {badges:?}"
    );
    // The same colleague again adds nobody.
    endorse(&app, &colleague, "SQL").await;
    assert!(!standing(&app, &org, &admin)
        .await
        .1
        .contains(&"five-endorsements".to_owned()));

    for n in 1..5 {
        let colleague = app.named_user(&format!("colleague{n}")).await;
        app.join(&org, &admin, &colleague, "employee").await;
        endorse(&app, &colleague, "Rust").await;
    }
    assert!(
        standing(&app, &org, &admin)
            .await
            .1
            .contains(&"five-endorsements".to_owned()),
        "five colleagues earn it"
    );
}
