//! Whoever must act on something is told, in the transaction of the action, and nobody else:
//! the colleague asked for a recommendation, the invitee, the managers of the organization a
//! candidate applied to, the admins of an organization whose verification was decided.
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::support::{spawn_app, TestApp, User};

/// The kinds in `who`'s inbox, newest first.
async fn kinds(app: &TestApp, who: &User) -> Vec<String> {
    let (_, inbox) = app.get("/v1/me/notifications", Some(&who.token)).await;
    inbox
        .as_array()
        .expect("an inbox")
        .iter()
        .map(|n| n["kind"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn newest(app: &TestApp, who: &User, kind: &str) -> Value {
    app.notices_of(who, kind)
        .await
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no {kind} notice for {}", who.handle))
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_colleague_asked_for_a_recommendation_is_told_and_nobody_else(db: PgPool) {
    let app = spawn_app(db).await;
    let anna = app.named_user("anna").await;
    let boris = app.named_user("boris").await;
    let eve = app.named_user("eve").await;
    let (status, body) = app
        .post(
            "/v1/me/recommendation-requests",
            Some(&anna.token),
            json!({ "author": "boris", "kind": "endorsement", "skill": "Rust", "note": "For my <CV>" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let notice = newest(&app, &boris, "recommendation_requested").await;
    assert_eq!(notice["payload"]["from"], "@anna");
    assert_eq!(notice["payload"]["skill"], "Rust");
    assert_eq!(notice["payload"]["note"], "For my <CV>");
    // Asking again is not a way to message someone: one pending request per statement.
    let (status, body) = app
        .post(
            "/v1/me/recommendation-requests",
            Some(&anna.token),
            json!({ "author": "boris", "kind": "endorsement", "skill": "Rust" }),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["type"], "https://iktomi.dev/problems/already-asked");
    assert!(!kinds(&app, &anna)
        .await
        .contains(&"recommendation_requested".to_owned()));
    assert!(kinds(&app, &eve).await.is_empty());
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_invitee_hears_of_the_invitation(db: PgPool) {
    let app = spawn_app(db).await;
    let olga = app.named_user("olga").await;
    let dana = app.named_user("dana").await;
    let org = app.organization(&olga, "Acme").await;
    let (status, body) = app
        .post(
            &format!("/v1/organizations/{org}/members"),
            Some(&olga.token),
            json!({ "handle": "dana", "role": "manager" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let notice = newest(&app, &dana, "organization_invitation").await;
    assert_eq!(notice["payload"]["organization"], "Acme");
    assert_eq!(notice["payload"]["organization_id"], org.as_str());
    assert_eq!(notice["payload"]["role"], "manager");
    assert_eq!(notice["payload"]["from"], "@olga");
    assert!(
        kinds(&app, &olga).await.is_empty(),
        "the inviter is not told"
    );
    // The inbox carries the bot's words in the language asked for, and where to act.
    assert_eq!(
        notice["text"],
        "🏢 @olga invites you to the organization “Acme”. Role: manager."
    );
    assert_eq!(notice["action"], "Accept the invitation");
    assert_eq!(notice["link"], format!("/organization/{org}/invitation"));
    let russian: Value = app
        .http
        .get(app.at("/v1/me/notifications"))
        .bearer_auth(&dana.token)
        .header("accept-language", "ru")
        .send()
        .await
        .expect("inbox")
        .json()
        .await
        .expect("json");
    assert_eq!(
        russian[0]["text"],
        "🏢 @olga приглашает вас в организацию «Acme». Роль: менеджер."
    );
    assert_eq!(russian[0]["action"], "Принять приглашение");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_new_application_reaches_the_vacancys_managers_only(db: PgPool) {
    let app = spawn_app(db).await;
    let hr = app.named_user("hr_lead").await;
    let manager = app.named_user("manager").await;
    let employee = app.named_user("employee").await;
    let rival = app.named_user("rival").await;
    let anna = app.named_user("anna").await;
    let org = app.organization(&hr, "Acme").await;
    app.join(&org, &hr, &manager, "manager").await;
    app.join(&org, &hr, &employee, "employee").await;
    let _rival_org = app.organization(&rival, "Rival").await;
    let (_, vacancy) = app
        .post(
            &format!("/v1/organizations/{org}/vacancies"),
            Some(&hr.token),
            json!({ "title": "Rust <engineer>", "kind": "job", "format": "remote" }),
        )
        .await;
    let (_, resume) = app
        .post(
            "/v1/me/resumes",
            Some(&anna.token),
            json!({ "title": "Engineer", "visibility": "public" }),
        )
        .await;
    let (status, applied) = app
        .post(
            &format!(
                "/v1/vacancies/{}/applications",
                vacancy["id"].as_str().unwrap()
            ),
            Some(&anna.token),
            json!({ "resume_id": resume["id"], "cover": "Hi" }),
        )
        .await;
    assert_eq!(status, 201, "{applied}");
    for who in [&hr, &manager] {
        let notice = newest(&app, who, "application_received").await;
        assert_eq!(notice["payload"]["application_id"], applied["id"]);
        assert_eq!(notice["payload"]["vacancy_title"], "Rust <engineer>");
        assert_eq!(notice["payload"]["candidate"], "@anna");
    }
    let received = "application_received".to_owned();
    assert!(
        !kinds(&app, &employee).await.contains(&received),
        "employees do not hire"
    );
    assert!(
        !kinds(&app, &rival).await.contains(&received),
        "another organization"
    );
    assert!(
        !kinds(&app, &anna).await.contains(&received),
        "the candidate"
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_rejected_verification_reaches_the_organizations_admins_with_the_reason(db: PgPool) {
    let app = spawn_app(db).await;
    let olga = app.named_user("olga").await;
    let manager = app.named_user("manager").await;
    let org = app.organization(&olga, "Acme").await;
    app.join(&org, &olga, &manager, "manager").await;
    let (status, created) = app
        .post(
            &format!("/v1/organizations/{org}/verification"),
            Some(&olga.token),
            json!({ "web_domain": "acme.com",
                    "documents": [{ "url": "https://acme.com/registry.pdf", "sha256": "ab".repeat(32) }] }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let operator = app.operator().await;
    let (status, body) = app
        .post(
            &format!(
                "/v1/verification-requests/{}/reject",
                created["id"].as_str().unwrap()
            ),
            Some(&operator.token),
            json!({ "reason": "the extract is unreadable" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let notice = newest(&app, &olga, "verification_decided").await;
    assert_eq!(notice["payload"]["approved"], false);
    assert_eq!(notice["payload"]["reason"], "the extract is unreadable");
    assert_eq!(notice["payload"]["organization"], "Acme");
    assert!(
        !kinds(&app, &manager)
            .await
            .contains(&"verification_decided".to_owned()),
        "admins only"
    );
    assert!(kinds(&app, &operator).await.is_empty());
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_contract_the_candidate_signed_first_waits_on_the_organizations_deciders(db: PgPool) {
    use crate::hiring_support::{offer_stage, sign, terms};
    let app = spawn_app(db).await;
    let hr = app.named_user("hr_lead").await;
    let employee = app.named_user("employee").await;
    let rival = app.named_user("rival").await;
    let anna = app.named_user("anna").await;
    let org = app.organization(&hr, "Acme").await;
    app.join(&org, &hr, &employee, "employee").await;
    app.organization(&rival, "Rival").await;
    let offer = offer_stage(&app, &hr, &anna, &org).await;
    let (_, drafted) = app
        .post(
            &format!("/v1/applications/{}/contract", offer.application),
            Some(&hr.token),
            terms(),
        )
        .await;
    let id = drafted["id"].as_str().expect("id").to_owned();
    let (status, signed) = sign(&app, &anna, &id, json!({})).await;
    assert_eq!(status, 200, "{signed}");
    let notice = newest(&app, &hr, "contract").await;
    assert_eq!(notice["payload"]["event"], "signed_by_candidate");
    assert_eq!(notice["action"], "Sign");
    assert_eq!(notice["link"], format!("/contracts/{id}"));
    let waiting = |n: &Value| n["payload"]["event"] == "signed_by_candidate";
    for who in [&employee, &rival, &anna] {
        let (_, inbox) = app.get("/v1/me/notifications", Some(&who.token)).await;
        assert!(
            !inbox.as_array().expect("inbox").iter().any(waiting),
            "{} is not the one to sign",
            who.handle
        );
    }
}
