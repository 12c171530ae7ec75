//! PRODUCT.md scenario 3 through the HTTP API on a real node and indexer: hire → stake →
//! promote → dismiss → claim the tenure award once the milestone is met, once only.
use std::time::Duration;

use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::{kind, user, TestApp, User};

/// A person who signed in with Telegram only, so certificates go to a custodial wallet.
pub async fn telegram_person(app: &TestApp, telegram_id: i64, handle: &str) -> User {
    let (status, body) = app.telegram_attempt(telegram_id, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut person = user(&body);
    let (status, body) = app
        .send(
            reqwest::Method::PUT,
            "/v1/me/profile",
            Some(&person.token),
            Some(json!({ "handle": handle })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    person.handle = handle.to_owned();
    person
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn hire_stake_promote_dismiss_and_claim_the_tenure_award(db: PgPool) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let hr = app.named_user("hr_lead").await;
        let anna = telegram_person(app, 4242, "anna").await;
        let org = verified_organization(app, &hr, "Acme").await;

        // A program: 0.0001 days (8.64 s) of tenure earns the award.
        let (status, program) = app
            .submit(
                &hr,
                &format!("/v1/organizations/{org}/tenure-programs"),
                "p1",
                json!({ "title": "Early bird at Acme", "milestone_days": 0.0001 }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{program}");
        let program_id = program["id"].as_u64().unwrap_or_default();
        eventually(
            app,
            &format!("/v1/organizations/{org}/tenure-programs"),
            |p| p[0]["id"] == program_id,
        )
        .await;

        let (status, hired) = app
            .submit(
                &hr,
                &format!("/v1/organizations/{org}/employments"),
                "hire",
                json!({ "holder": "anna", "title": "Engineer", "position": "Engineer" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{hired}");
        let first = hired["id"].as_u64().unwrap_or_default();
        eventually(app, &format!("/v1/verify/{first}"), |v| {
            v["status"] == "active"
        })
        .await;

        // Someone else cannot stake Anna's certificate.
        let (status, _) = app
            .submit(
                &hr,
                &format!("/v1/me/certificates/{first}/stake"),
                "s0",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, body) = app
            .submit(
                &anna,
                &format!("/v1/me/certificates/{first}/stake"),
                "s1",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // Too early to claim.
        let (status, body) = app
            .submit(
                &anna,
                &format!("/v1/me/tenure-programs/{program_id}/claim"),
                "c0",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(kind(&body), "milestone-not-reached");

        // Promotion keeps the stake and the tenure.
        let (status, promoted) = app
            .submit(
                &hr,
                &format!("/v1/organizations/{org}/employments/{first}/promote"),
                "promote",
                json!({ "title": "Senior engineer", "position": "Senior engineer" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{promoted}");
        let second = promoted["id"].as_u64().unwrap_or_default();
        let (_, tenure) = app.get("/v1/me/tenure", Some(&anna.token)).await;
        assert_eq!(tenure[0]["organization_name"], "Acme", "{tenure}");
        eventually_for(app, &anna, |t| t[0]["staked_certificate"] == second).await;

        tokio::time::sleep(Duration::from_secs(9)).await;
        let (status, body) = app
            .submit(
                &hr,
                &format!("/v1/organizations/{org}/employments/{second}/dismiss"),
                "dismiss",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        eventually(app, &format!("/v1/verify/{second}"), |v| {
            v["status"] == "revoked"
        })
        .await;
        let tenure = eventually_for(app, &anna, |t| {
            t[0]["tenure_ms"].as_i64().unwrap_or(0) >= 8_640
        })
        .await;
        let frozen = tenure[0]["tenure_ms"].as_i64().unwrap_or(0);

        // The award, once.
        let (status, claimed) = app
            .submit(
                &anna,
                &format!("/v1/me/tenure-programs/{program_id}/claim"),
                "c1",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{claimed}");
        let award = claimed["certificate_id"].as_u64().unwrap_or_default();
        let verified = eventually(app, &format!("/v1/verify/{award}"), |v| {
            v["status"] == "active"
        })
        .await;
        assert_eq!(verified["kind"], "award");
        assert_eq!(verified["issuer"]["organization_name"], "Acme");
        assert_eq!(verified["holder"]["handle"], "anna");
        assert_eq!(verified["document_matches"], true);
        let (status, body) = app
            .submit(
                &anna,
                &format!("/v1/me/tenure-programs/{program_id}/claim"),
                "c2",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(kind(&body), "already-claimed");

        // Dismissal stopped the clock.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let (_, tenure) = app.get("/v1/me/tenure", Some(&anna.token)).await;
        assert_eq!(tenure[0]["tenure_ms"].as_i64(), Some(frozen));
        Ok(())
    })
    .await
}

async fn eventually_for(app: &TestApp, who: &User, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..150 {
        let (_, body) = app.get("/v1/me/tenure", Some(&who.token)).await;
        if done(&body) {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("tenure never reached the expected state");
}
