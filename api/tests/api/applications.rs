//! Applications along their allowed transitions with the history both sides see, and talent
//! pools that stay each organization's own.
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::support::{kind, spawn_app, TestApp, User};

async fn status(app: &TestApp, who: &User, id: &str, to: &str) -> (StatusCode, Value) {
    app.post(
        &format!("/v1/applications/{id}/status"),
        Some(&who.token),
        json!({ "status": to, "note": format!("to {to}") }),
    )
    .await
}

/// Acme (hr_lead) with an open remote vacancy, anna with a public resume, and rival running Rival.
struct Hiring {
    hr: User,
    anna: User,
    rival: User,
    org: String,
    other: String,
    vacancy: String,
    resume: String,
}

impl Hiring {
    fn applications(&self) -> String {
        format!("/v1/vacancies/{}/applications", self.vacancy)
    }

    fn pool(&self, org: &str) -> String {
        format!("/v1/organizations/{org}/talent-pool")
    }
}

async fn a_vacancy_and_annas_public_resume(app: &TestApp) -> Hiring {
    let hr = app.named_user("hr_lead").await;
    let anna = app.named_user("anna").await;
    let rival = app.named_user("rival").await;
    let org = app.organization(&hr, "Acme").await;
    let other = app.organization(&rival, "Rival").await;
    let (_, vacancy) = app
        .post(
            &format!("/v1/organizations/{org}/vacancies"),
            Some(&hr.token),
            json!({ "title": "Rust engineer", "kind": "job", "format": "remote" }),
        )
        .await;
    let vacancy = vacancy["id"].as_str().expect("id").to_owned();
    let (_, resume) = app
        .post(
            "/v1/me/resumes",
            Some(&anna.token),
            json!({ "title": "Engineer", "visibility": "public" }),
        )
        .await;
    let resume = resume["id"].as_str().expect("id").to_owned();
    Hiring {
        hr,
        anna,
        rival,
        org,
        other,
        vacancy,
        resume,
    }
}

async fn anna_applies(app: &TestApp, h: &Hiring) -> (StatusCode, Value) {
    app.post(
        &h.applications(),
        Some(&h.anna.token),
        json!({ "resume_id": h.resume, "cover": "I love Rust" }),
    )
    .await
}

/// Given: anna applied; the application's id.
async fn applied(app: &TestApp, h: &Hiring) -> String {
    let (code, applied) = anna_applies(app, h).await;
    assert_eq!(code, StatusCode::CREATED, "{applied}");
    applied["id"].as_str().expect("id").to_owned()
}

/// Given: applied, moved by hr_lead up to the offer, then withdrawn by anna; its id.
async fn offered_and_withdrawn(app: &TestApp, h: &Hiring) -> String {
    let id = applied(app, h).await;
    for (who, to) in [
        (&h.hr, "in_review"),
        (&h.hr, "interview"),
        (&h.hr, "offer"),
        (&h.anna, "withdrawn"),
    ] {
        let (code, body) = status(app, who, &id, to).await;
        assert_eq!(code, StatusCode::OK, "{to}: {body}");
    }
    id
}

async fn close_vacancy(app: &TestApp, h: &Hiring) {
    let (code, body) = app
        .act(&format!("/v1/vacancies/{}/close", h.vacancy), &h.hr.token)
        .await;
    assert!(code.is_success(), "{code}: {body}");
}

async fn post_another_resume(app: &TestApp, h: &Hiring) -> Value {
    let (code, second) = app
        .post(
            "/v1/me/resumes",
            Some(&h.anna.token),
            json!({ "title": "Other" }),
        )
        .await;
    assert_eq!(code, StatusCode::CREATED, "{second}");
    second
}

/// Given: offered and withdrawn, the vacancy closed and anna's second resume posted.
async fn the_vacancy_closed(app: &TestApp, h: &Hiring) {
    offered_and_withdrawn(app, h).await;
    close_vacancy(app, h).await;
    post_another_resume(app, h).await;
}

async fn keep(app: &TestApp, who: &User, org: &str, h: &Hiring, note: &str) -> (StatusCode, Value) {
    let body = Some(json!({ "note": note }));
    let kept = format!("{}/{}", h.pool(org), h.resume);
    app.send(Method::PUT, &kept, Some(&who.token), body).await
}

/// Given: the vacancy closed, and anna's resume in both pools: "very strong" at Acme.
async fn kept_in_both_pools(app: &TestApp, h: &Hiring) {
    the_vacancy_closed(app, h).await;
    for (who, org, note) in [
        (&h.hr, &h.org, "strong"),
        (&h.hr, &h.org, "very strong"),
        (&h.rival, &h.other, "rival's"),
    ] {
        let (code, kept) = keep(app, who, org, h, note).await;
        assert_eq!(code, StatusCode::OK, "{kept}");
    }
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_candidate_applies_once_with_their_own_resume(db: PgPool) {
    let app = spawn_app(db).await;
    let h = a_vacancy_and_annas_public_resume(&app).await;
    let applications = h.applications();

    let (code, _) = app
        .post(
            &applications,
            Some(&h.rival.token),
            json!({ "resume_id": h.resume }),
        )
        .await;
    assert_eq!(code, StatusCode::NOT_FOUND, "not rival's resume");
    let (code, applied) = anna_applies(&app, &h).await;
    assert_eq!(code, StatusCode::CREATED, "{applied}");
    assert_eq!(applied["status"], "new");
    let (code, body) = app
        .post(
            &applications,
            Some(&h.anna.token),
            json!({ "resume_id": h.resume }),
        )
        .await;
    assert_eq!(
        (code, kind(&body)),
        (StatusCode::CONFLICT, "already-applied")
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn only_the_hiring_organization_reads_an_application(db: PgPool) {
    let app = spawn_app(db).await;
    let h = a_vacancy_and_annas_public_resume(&app).await;
    let id = applied(&app, &h).await;
    let applications = h.applications();

    assert_eq!(
        app.get(&applications, Some(&h.rival.token)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("/v1/applications/{id}"), Some(&h.rival.token))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, listed) = app.get(&applications, Some(&h.hr.token)).await;
    assert_eq!(listed[0]["cover"], "I love Rust");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_application_moves_only_along_allowed_transitions(db: PgPool) {
    let app = spawn_app(db).await;
    let h = a_vacancy_and_annas_public_resume(&app).await;
    let (hr, anna, rival) = (&h.hr, &h.anna, &h.rival);
    let id = applied(&app, &h).await;

    assert_eq!(
        status(&app, anna, &id, "in_review").await.0,
        StatusCode::CONFLICT,
        "candidates only withdraw"
    );
    let (code, body) = status(&app, hr, &id, "offer").await;
    assert_eq!(
        (code, kind(&body)),
        (StatusCode::CONFLICT, "illegal-transition"),
        "no skipping"
    );
    assert_eq!(
        status(&app, rival, &id, "rejected").await.0,
        StatusCode::NOT_FOUND
    );
    for to in ["in_review", "interview", "offer"] {
        let (code, body) = status(&app, hr, &id, to).await;
        assert_eq!(code, StatusCode::OK, "{to}: {body}");
    }
    let (code, withdrawn) = status(&app, anna, &id, "withdrawn").await;
    assert_eq!(code, StatusCode::OK, "{withdrawn}");
    assert_eq!(
        status(&app, hr, &id, "hired").await.0,
        StatusCode::CONFLICT,
        "withdrawn is final"
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn both_sides_see_the_same_history_of_moves(db: PgPool) {
    let app = spawn_app(db).await;
    let h = a_vacancy_and_annas_public_resume(&app).await;
    let id = offered_and_withdrawn(&app, &h).await;

    let (_, seen) = app
        .get(&format!("/v1/applications/{id}"), Some(&h.hr.token))
        .await;
    let moves: Vec<(Value, Value, Value)> = seen["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| (e["from"].clone(), e["to"].clone(), e["actor"].clone()))
        .collect();
    assert_eq!(
        moves,
        [
            (Value::Null, json!("new"), json!("anna")),
            (json!("new"), json!("in_review"), json!("hr_lead")),
            (json!("in_review"), json!("interview"), json!("hr_lead")),
            (json!("interview"), json!("offer"), json!("hr_lead")),
            (json!("offer"), json!("withdrawn"), json!("anna")),
        ]
    );
    let (_, mine) = app.get("/v1/me/applications", Some(&h.anna.token)).await;
    assert_eq!(
        mine[0]["history"], seen["history"],
        "both sides see the same history"
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_closed_vacancy_takes_no_applications(db: PgPool) {
    let app = spawn_app(db).await;
    let h = a_vacancy_and_annas_public_resume(&app).await;
    offered_and_withdrawn(&app, &h).await;

    close_vacancy(&app, &h).await;
    let second = post_another_resume(&app, &h).await;
    let (code, body) = app
        .post(
            &h.applications(),
            Some(&h.anna.token),
            json!({ "resume_id": second["id"] }),
        )
        .await;
    assert_eq!(
        (code, kind(&body)),
        (StatusCode::CONFLICT, "vacancy-closed")
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_talent_pool_is_its_organizations_own_with_one_note_per_resume(db: PgPool) {
    let app = spawn_app(db).await;
    let h = a_vacancy_and_annas_public_resume(&app).await;
    let (hr, rival, org) = (&h.hr, &h.rival, &h.org);
    the_vacancy_closed(&app, &h).await;

    // Talent pools: each organization's own, with notes; private resumes never enter.
    let (code, kept) = keep(&app, hr, org, &h, "strong").await;
    assert_eq!(code, StatusCode::OK, "{kept}");
    keep(&app, hr, org, &h, "very strong").await;
    keep(&app, rival, &h.other, &h, "rival's").await;
    let (_, ours) = app.get(&h.pool(org), Some(&hr.token)).await;
    assert_eq!(ours.as_array().map(Vec::len), Some(1));
    assert_eq!(ours[0]["note"], "very strong");
    assert_eq!(
        app.get(&h.pool(org), Some(&rival.token)).await.0,
        StatusCode::FORBIDDEN,
        "never another's pool"
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_private_resume_never_enters_a_talent_pool_and_a_kept_one_can_leave(db: PgPool) {
    let app = spawn_app(db).await;
    let h = a_vacancy_and_annas_public_resume(&app).await;
    let (hr, pool) = (&h.hr, h.pool(&h.org));
    kept_in_both_pools(&app, &h).await;

    let (_, private) = app
        .post(
            "/v1/me/resumes",
            Some(&h.anna.token),
            json!({ "title": "Secret", "visibility": "private" }),
        )
        .await;
    let (code, _) = app
        .send(
            Method::PUT,
            &format!("{pool}/{}", private["id"].as_str().unwrap_or_default()),
            Some(&hr.token),
            Some(json!({})),
        )
        .await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    let (code, _) = app
        .send(
            Method::DELETE,
            &format!("{pool}/{}", h.resume),
            Some(&hr.token),
            None,
        )
        .await;
    assert_eq!(code, StatusCode::NO_CONTENT);
    let (_, ours) = app.get(&pool, Some(&hr.token)).await;
    assert_eq!(ours, json!([]));
}
