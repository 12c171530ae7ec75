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

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_application_moves_only_along_allowed_transitions_seen_by_both_sides(db: PgPool) {
    let app = spawn_app(db).await;
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
    let applications = format!("/v1/vacancies/{vacancy}/applications");

    let (code, _) = app
        .post(
            &applications,
            Some(&rival.token),
            json!({ "resume_id": resume }),
        )
        .await;
    assert_eq!(code, StatusCode::NOT_FOUND, "not rival's resume");
    let (code, applied) = app
        .post(
            &applications,
            Some(&anna.token),
            json!({ "resume_id": resume, "cover": "I love Rust" }),
        )
        .await;
    assert_eq!(code, StatusCode::CREATED, "{applied}");
    assert_eq!(applied["status"], "new");
    let (code, body) = app
        .post(
            &applications,
            Some(&anna.token),
            json!({ "resume_id": resume }),
        )
        .await;
    assert_eq!(
        (code, kind(&body)),
        (StatusCode::CONFLICT, "already-applied")
    );
    let id = applied["id"].as_str().expect("id").to_owned();

    assert_eq!(
        app.get(&applications, Some(&rival.token)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("/v1/applications/{id}"), Some(&rival.token))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, listed) = app.get(&applications, Some(&hr.token)).await;
    assert_eq!(listed[0]["cover"], "I love Rust");

    assert_eq!(
        status(&app, &anna, &id, "in_review").await.0,
        StatusCode::CONFLICT,
        "candidates only withdraw"
    );
    let (code, body) = status(&app, &hr, &id, "offer").await;
    assert_eq!(
        (code, kind(&body)),
        (StatusCode::CONFLICT, "illegal-transition"),
        "no skipping"
    );
    assert_eq!(
        status(&app, &rival, &id, "rejected").await.0,
        StatusCode::NOT_FOUND
    );
    for to in ["in_review", "interview", "offer"] {
        let (code, body) = status(&app, &hr, &id, to).await;
        assert_eq!(code, StatusCode::OK, "{to}: {body}");
    }
    let (code, withdrawn) = status(&app, &anna, &id, "withdrawn").await;
    assert_eq!(code, StatusCode::OK, "{withdrawn}");
    assert_eq!(
        status(&app, &hr, &id, "hired").await.0,
        StatusCode::CONFLICT,
        "withdrawn is final"
    );

    let (_, seen) = app
        .get(&format!("/v1/applications/{id}"), Some(&hr.token))
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
    let (_, mine) = app.get("/v1/me/applications", Some(&anna.token)).await;
    assert_eq!(
        mine[0]["history"], seen["history"],
        "both sides see the same history"
    );

    app.act(&format!("/v1/vacancies/{vacancy}/close"), &hr.token)
        .await;
    let (_, second) = app
        .post(
            "/v1/me/resumes",
            Some(&anna.token),
            json!({ "title": "Other" }),
        )
        .await;
    let (code, body) = app
        .post(
            &applications,
            Some(&anna.token),
            json!({ "resume_id": second["id"] }),
        )
        .await;
    assert_eq!(
        (code, kind(&body)),
        (StatusCode::CONFLICT, "vacancy-closed")
    );

    // Talent pools: each organization's own, with notes; private resumes never enter.
    let pool = |org: &str| format!("/v1/organizations/{org}/talent-pool");
    let (code, kept) = app
        .send(
            Method::PUT,
            &format!("{}/{resume}", pool(&org)),
            Some(&hr.token),
            Some(json!({ "note": "strong" })),
        )
        .await;
    assert_eq!(code, StatusCode::OK, "{kept}");
    app.send(
        Method::PUT,
        &format!("{}/{resume}", pool(&org)),
        Some(&hr.token),
        Some(json!({ "note": "very strong" })),
    )
    .await;
    app.send(
        Method::PUT,
        &format!("{}/{resume}", pool(&other)),
        Some(&rival.token),
        Some(json!({ "note": "rival's" })),
    )
    .await;
    let (_, ours) = app.get(&pool(&org), Some(&hr.token)).await;
    assert_eq!(ours.as_array().map(Vec::len), Some(1));
    assert_eq!(ours[0]["note"], "very strong");
    assert_eq!(
        app.get(&pool(&org), Some(&rival.token)).await.0,
        StatusCode::FORBIDDEN,
        "never another's pool"
    );
    let (_, private) = app
        .post(
            "/v1/me/resumes",
            Some(&anna.token),
            json!({ "title": "Secret", "visibility": "private" }),
        )
        .await;
    let (code, _) = app
        .send(
            Method::PUT,
            &format!(
                "{}/{}",
                pool(&org),
                private["id"].as_str().unwrap_or_default()
            ),
            Some(&hr.token),
            Some(json!({})),
        )
        .await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    let (code, _) = app
        .send(
            Method::DELETE,
            &format!("{}/{resume}", pool(&org)),
            Some(&hr.token),
            None,
        )
        .await;
    assert_eq!(code, StatusCode::NO_CONTENT);
    let (_, ours) = app.get(&pool(&org), Some(&hr.token)).await;
    assert_eq!(ours, json!([]));
}
