//! A vacancy with skills, a candidate's public resume and their application moved to `offer`:
//! where contracts, roadmaps and reviews start; and signing a contract.
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::{TestApp, User};

pub struct Offer {
    pub resume: String,
    pub application: String,
}

fn id(body: &Value) -> String {
    body["id"].as_str().expect("id").to_owned()
}

pub async fn post_vacancy(
    app: &TestApp,
    hr: &User,
    org: &str,
    title: &str,
    skills: Value,
) -> String {
    let (status, vacancy) = app
        .post(
            &format!("/v1/organizations/{org}/vacancies"),
            Some(&hr.token),
            json!({ "title": title, "description": format!("{title}: build our services"),
                    "kind": "job", "format": "remote", "skills": skills }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{vacancy}");
    id(&vacancy)
}

pub async fn post_resume(app: &TestApp, who: &User, skills: Value) -> String {
    let (status, resume) = app
        .post(
            "/v1/me/resumes",
            Some(&who.token),
            json!({ "title": "Backend engineer", "summary": "Rust services", "visibility": "public",
                    "skills": skills }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{resume}");
    id(&resume)
}

pub async fn offer_stage(app: &TestApp, hr: &User, candidate: &User, org: &str) -> Offer {
    let vacancy = post_vacancy(
        app,
        hr,
        org,
        "Rust engineer",
        json!([{ "name": "Rust", "level": 4 }, { "name": "SQL", "level": 3 }]),
    )
    .await;
    let resume = post_resume(app, candidate, json!([{ "name": "Rust", "level": 4 }])).await;
    let (status, applied) = app
        .post(
            &format!("/v1/vacancies/{vacancy}/applications"),
            Some(&candidate.token),
            json!({ "resume_id": resume, "cover": "Hello" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{applied}");
    let application = id(&applied);
    for to in ["in_review", "interview", "offer"] {
        let (status, moved) = app
            .post(
                &format!("/v1/applications/{application}/status"),
                Some(&hr.token),
                json!({ "status": to }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{moved}");
    }
    Offer {
        resume,
        application,
    }
}

pub fn terms() -> Value {
    json!({ "position": "Rust engineer", "terms": "Full time, remote, 28 days of leave.",
            "starts_on": "2027-01-11", "ends_on": null, "rate": "4200", "currency": "eur",
            "rate_period": "month" })
}

/// `who` signs `contract` (custodially with `{}`, or with an external wallet's signature).
pub async fn sign(app: &TestApp, who: &User, contract: &str, body: Value) -> (StatusCode, Value) {
    app.post(
        &format!("/v1/contracts/{contract}/signatures"),
        Some(&who.token),
        body,
    )
    .await
}
