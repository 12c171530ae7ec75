//! Attacks and accidents around attestation attempts: concurrent starts (a double tap, two tabs)
//! must not spend the only attempt; coming back after a timeout shows that attempt's result and
//! spends nothing; passing again earns neither the points nor the certificate twice.
use chrono::{DateTime, Duration, Utc};
use iktomi_api::attestations::attempts::{finish_overdue, Scope};
use iktomi_api::http::clock::Clock;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::support::{kind, spawn_app, TestApp, User};

const LIMIT: i64 = 600;

fn now(app: &TestApp) -> DateTime<Utc> {
    app.clock.now()
}

/// An attestation of four single-choice questions (75 % passes) assigned to `who`, theory read.
async fn ready(app: &TestApp, admin: &User, org: &str, who: &User, max_attempts: i32) -> String {
    let questions: Vec<Value> = (1..=4)
        .map(|i| {
            json!({ "text": format!("Q{i}"), "kind": "single",
                         "options": ["right", "wrong", "also wrong"], "correct": [0] })
        })
        .collect();
    let t = now(app);
    let (status, created) = app
        .post(
            &format!("/v1/organizations/{org}/attestations"),
            Some(&admin.token),
            json!({ "title": "Safety", "theory": "Read.", "time_limit_secs": LIMIT, "passing_score": 75,
                    "max_attempts": max_attempts, "opens_at": t - Duration::minutes(1),
                    "closes_at": t + Duration::days(30), "points": 40, "questions": questions,
                    "assignees": [who.handle.clone()] }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    let (status, _) = app
        .post(
            &format!("/v1/attestations/{id}/theory"),
            Some(&who.token),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    id
}

async fn start(app: &TestApp, who: &User, attestation: &str, body: Value) -> (StatusCode, Value) {
    app.post(
        &format!("/v1/attestations/{attestation}/attempts"),
        Some(&who.token),
        body,
    )
    .await
}

/// Answers `right` questions rightly and the rest wrongly, then hands the attempt in.
async fn take(app: &TestApp, who: &User, attempt: &Value, right: usize) -> Value {
    let id = attempt["id"].as_str().expect("id");
    for (n, q) in attempt["questions"]
        .as_array()
        .expect("q")
        .iter()
        .enumerate()
    {
        let want = if n < right { "right" } else { "wrong" };
        let pick = q["options"]
            .as_array()
            .expect("options")
            .iter()
            .position(|o| o == want)
            .expect("option");
        let (status, body) = app
            .send(
                Method::PUT,
                &format!("/v1/attempts/{id}/answers/{}", q["id"].as_str().expect("q")),
                Some(&who.token),
                Some(json!({ "chosen": [pick] })),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, done) = app
        .post(
            &format!("/v1/attempts/{id}/finish"),
            Some(&who.token),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    done
}

async fn people(app: &TestApp) -> (User, User, String) {
    let admin = app.named_user("hr_admin").await;
    let dana = app.named_user("dana").await;
    let org = app.organization(&admin, "Acme").await;
    app.join(&org, &admin, &dana, "employee").await;
    (admin, dana, org)
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn concurrent_starts_never_spend_the_only_attempt(db: PgPool) {
    let app = spawn_app(db).await;
    let (admin, dana, org) = people(&app).await;
    for round in 0..6 {
        let attestation = ready(&app, &admin, &org, &dana, 1).await;
        let (a, b, c, d) = tokio::join!(
            start(&app, &dana, &attestation, json!({})),
            start(&app, &dana, &attestation, json!({})),
            start(&app, &dana, &attestation, json!({ "retry": true })),
            start(&app, &dana, &attestation, json!({})),
        );
        let answers = [a, b, c, d];
        let created = answers
            .iter()
            .filter(|(s, _)| *s == StatusCode::CREATED)
            .count();
        assert_eq!(created, 1, "round {round}: one attempt starts: {answers:?}");
        let running = answers
            .iter()
            .find(|(s, _)| *s == StatusCode::CREATED)
            .map(|(_, b)| b["id"].clone())
            .expect("started");
        for (status, body) in &answers {
            match *status {
                StatusCode::CREATED | StatusCode::OK => {
                    assert_eq!(
                        body["id"], running,
                        "round {round}: the one running: {body}"
                    );
                    assert_eq!(body["result"], Value::Null, "still running: {body}");
                }
                _ => assert_eq!(
                    (*status, kind(body)),
                    (StatusCode::CONFLICT, "attempt-running"),
                    "round {round}: {body}"
                ),
            }
        }
    }
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn coming_back_after_a_timeout_shows_its_result_and_spends_no_attempt(db: PgPool) {
    let app = spawn_app(db).await;
    let (admin, dana, org) = people(&app).await;
    let attestation = ready(&app, &admin, &org, &dana, 2).await;
    let (status, first) = start(&app, &dana, &attestation, json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    // Three right answers, then the page is closed and the sweeper finishes the attempt.
    let id = first["id"].as_str().expect("id");
    for q in first["questions"].as_array().expect("q").iter().take(3) {
        let pick = q["options"]
            .as_array()
            .expect("o")
            .iter()
            .position(|o| o == "right")
            .expect("right");
        app.send(
            Method::PUT,
            &format!("/v1/attempts/{id}/answers/{}", q["id"].as_str().expect("q")),
            Some(&dana.token),
            Some(json!({ "chosen": [pick] })),
        )
        .await;
    }
    app.clock.advance(Duration::seconds(3 * LIMIT));
    let s = &app.state;
    finish_overdue(s, now(&app), Scope::All)
        .await
        .expect("sweep");

    for body in [json!({}), Value::Null] {
        let (status, back) = match body {
            Value::Null => {
                let response = app
                    .http
                    .post(app.at(&format!("/v1/attestations/{attestation}/attempts")))
                    .bearer_auth(&dana.token)
                    .send()
                    .await
                    .expect("send");
                crate::support::answer(response).await
            }
            body => start(&app, &dana, &attestation, body).await,
        };
        assert_eq!(
            status,
            StatusCode::OK,
            "the finished attempt, shown: {back}"
        );
        assert_eq!(back["id"], first["id"]);
        assert_eq!(
            (
                back["result"]["score"].as_i64(),
                back["result"]["passed"].as_bool(),
                back["result"]["timed_out"].as_bool()
            ),
            (Some(75), Some(true), Some(true)),
            "{back}"
        );
    }
    let used: i64 = sqlx::query_scalar("SELECT count(*) FROM attempts")
        .fetch_one(&app.state.db)
        .await
        .expect("count");
    assert_eq!(used, 1, "no attempt spent without asking");

    let (status, second) = start(&app, &dana, &attestation, json!({ "retry": true })).await;
    assert_eq!(status, StatusCode::CREATED, "an explicit retry: {second}");
    assert_eq!(second["number"], 2);
    assert_eq!(second["remaining_secs"], LIMIT);
    let (status, problem) = start(&app, &dana, &attestation, json!({ "retry": "yes" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");

    // Away again without the sweeper: coming back finishes it and shows it, twice alike.
    app.clock.advance(Duration::seconds(LIMIT + 5));
    for _ in 0..2 {
        let (status, back) = start(&app, &dana, &attestation, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{back}");
        assert_eq!(back["id"], second["id"]);
        assert_eq!(back["result"]["timed_out"], true, "{back}");
    }
    let (status, problem) = start(&app, &dana, &attestation, json!({ "retry": true })).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "no-attempts-left"),
        "{problem}"
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn passing_again_earns_neither_points_nor_a_certificate_twice(db: PgPool) {
    let app = spawn_app(db).await;
    let (admin, dana, org) = people(&app).await;
    let attestation = ready(&app, &admin, &org, &dana, 3).await;
    // Granting a certificate needs a verified organization on chain; the queue is what counts here.
    sqlx::query("UPDATE attestations SET certificate = true WHERE id = $1::uuid")
        .bind(&attestation)
        .execute(&app.state.db)
        .await
        .expect("certificate");

    let (_, first) = start(&app, &dana, &attestation, json!({})).await;
    assert_eq!(take(&app, &dana, &first, 4).await["result"]["passed"], true);
    for _ in 0..2 {
        // Past the points' cool-down, as a patient farmer would wait.
        app.clock.advance(Duration::days(2));
        let (status, again) = start(&app, &dana, &attestation, json!({ "retry": true })).await;
        assert_eq!(status, StatusCode::CREATED, "a retry after a pass: {again}");
        let done = take(&app, &dana, &again, 4).await;
        assert_eq!(done["result"]["passed"], true, "it counts for the record");
    }
    let (_, standing) = app
        .get(
            &format!("/v1/organizations/{org}/members/dana/standing"),
            Some(&admin.token),
        )
        .await;
    assert_eq!(standing["points"], 40, "points once: {standing}");
    let owed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM attestation_certificates c JOIN attempts t ON t.id = c.attempt_id
         WHERE t.attestation_id = $1::uuid",
    )
    .bind(&attestation)
    .fetch_one(&app.state.db)
    .await
    .expect("owed");
    assert_eq!(owed, 1, "one certificate per person and attestation");
}
