//! Notices: an organization's response to a resume and an application's moves reach the candidate's
//! inbox in the same transaction as the event; muted kinds are never written; read marks stick.
use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;

use crate::hiring_support::{post_resume, post_vacancy};
use crate::support::{kind, spawn_app};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn responses_to_resumes_and_application_moves_arrive_as_notifications(db: PgPool) {
    let app = spawn_app(db).await;
    let hr = app.named_user("hr_lead").await;
    let anna = app.named_user("anna").await;
    let rival = app.named_user("rival").await;
    let org = app.organization(&hr, "Acme").await;
    let rival_org = app.organization(&rival, "Rival").await;
    let vacancy = post_vacancy(&app, &hr, &org, "Rust engineer", json!([])).await;
    let resume = post_resume(&app, &anna, json!([])).await;
    let responses = format!("/v1/organizations/{org}/responses");

    let (status, problem) = app
        .post(
            &responses,
            Some(&hr.token),
            json!({ "resume_id": resume, "message": "" }),
        )
        .await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("message"))
    );
    assert_eq!(
        app.post(
            &responses,
            Some(&rival.token),
            json!({ "resume_id": resume, "message": "Hi" })
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, _) = app
        .post(
            &format!("/v1/organizations/{rival_org}/responses"),
            Some(&rival.token),
            json!({ "resume_id": resume, "vacancy_id": vacancy, "message": "Hi" }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not rival's vacancy");
    let private = {
        let (_, r) = app
            .post(
                "/v1/me/resumes",
                Some(&anna.token),
                json!({ "title": "Secret", "visibility": "private" }),
            )
            .await;
        r["id"].as_str().expect("id").to_owned()
    };
    let (status, _) = app
        .post(
            &responses,
            Some(&hr.token),
            json!({ "resume_id": private, "message": "Hi" }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a private resume cannot be answered"
    );

    let (status, sent) = app.post(&responses, Some(&hr.token),
        json!({ "resume_id": resume, "vacancy_id": vacancy, "message": "Would you talk to us?" })).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    let (_, inbox) = app.get("/v1/me/notifications", Some(&anna.token)).await;
    assert_eq!(inbox[0]["kind"], "resume_response");
    assert_eq!(inbox[0]["payload"]["message"], "Would you talk to us?");
    assert_eq!(inbox[0]["payload"]["vacancy_title"], "Rust engineer");
    assert_eq!(inbox[0]["payload"]["organization"], "Acme");
    let (_, listed) = app.get(&responses, Some(&hr.token)).await;
    assert_eq!(listed[0]["candidate"], "anna");
    assert_eq!(
        app.get(
            &format!("/v1/organizations/{org}/responses"),
            Some(&rival.token)
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    // The employer's moves notify the candidate, unless muted.
    let (_, applied) = app
        .post(
            &format!("/v1/vacancies/{vacancy}/applications"),
            Some(&anna.token),
            json!({ "resume_id": resume }),
        )
        .await;
    let id = applied["id"].as_str().expect("id").to_owned();
    app.post(
        &format!("/v1/applications/{id}/status"),
        Some(&hr.token),
        json!({ "status": "in_review" }),
    )
    .await;
    let (_, inbox) = app
        .get("/v1/me/notifications?unread=true", Some(&anna.token))
        .await;
    assert_eq!(inbox[0]["kind"], "application_status");
    assert_eq!(
        (
            inbox[0]["payload"]["from"].as_str(),
            inbox[0]["payload"]["to"].as_str()
        ),
        (Some("new"), Some("in_review"))
    );
    let (status, problem) = app
        .send(
            Method::PUT,
            "/v1/me/notification-settings",
            Some(&anna.token),
            Some(json!({ "muted": ["no_such_kind"] })),
        )
        .await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::BAD_REQUEST, "malformed-request"),
        "{problem}"
    );
    app.send(
        Method::PUT,
        "/v1/me/notification-settings",
        Some(&anna.token),
        Some(json!({ "muted": ["application_status"] })),
    )
    .await;
    app.post(
        &format!("/v1/applications/{id}/status"),
        Some(&hr.token),
        json!({ "status": "interview" }),
    )
    .await;
    let (_, inbox) = app.get("/v1/me/notifications", Some(&anna.token)).await;
    assert_eq!(
        inbox.as_array().map(Vec::len),
        Some(2),
        "the muted move wrote nothing: {inbox}"
    );

    let first = inbox[0]["id"].as_i64().expect("id");
    let mark = format!("/v1/me/notifications/{first}/read");
    assert_eq!(
        app.post(&mark, Some(&hr.token), json!({})).await.0,
        StatusCode::NOT_FOUND,
        "not hr's"
    );
    assert_eq!(
        app.post(&mark, Some(&anna.token), json!({})).await.0,
        StatusCode::NO_CONTENT
    );
    let (_, unread) = app
        .get("/v1/me/notifications?unread=true", Some(&anna.token))
        .await;
    assert_eq!(unread.as_array().map(Vec::len), Some(1));
    let (status, problem) = app
        .get("/v1/me/notifications?limit=0", Some(&anna.token))
        .await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation")
    );
    let (_, older) = app
        .get(
            &format!("/v1/me/notifications?before={first}"),
            Some(&anna.token),
        )
        .await;
    assert_eq!(older.as_array().map(Vec::len), Some(1));
}
