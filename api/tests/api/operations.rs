//! Chain writes as operations on a real node: 202 and the operation resource, who may read it,
//! a retry bound to the operation, a refusal answered at once, and races that must queue one
//! transaction however many requests ask.
use std::time::Duration;

use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::chain_support::{count, spawn_chain_app, verified_organization};
use crate::support::{answer, kind, TestApp, User};

/// A client that sends no `Prefer: wait`: it gets 202 and follows the operation.
fn impatient() -> reqwest::Client {
    reqwest::Client::new()
}

/// Sends a chain write without `Prefer: wait`.
pub async fn post_async(
    app: &TestApp,
    who: &User,
    path: &str,
    key: &str,
    body: Value,
) -> reqwest::Response {
    impatient()
        .post(app.at(path))
        .bearer_auth(&who.token)
        .header("idempotency-key", key)
        .json(&body)
        .send()
        .await
        .expect("request")
}

/// Polls the operation until it is final.
pub async fn settled(app: &TestApp, who: &User, id: &str) -> Value {
    for _ in 0..300 {
        let (status, operation) = app
            .get(&format!("/v1/operations/{id}"), Some(&who.token))
            .await;
        assert_eq!(status, StatusCode::OK, "{operation}");
        if matches!(operation["status"].as_str(), Some("finalized" | "failed")) {
            return operation;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("operation {id} never ended");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_issue_answers_202_and_its_operation_reaches_finalized_once(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db.clone()).await?;
        let app = &chain.app;
        let hr = app.named_user("hr_lead").await;
        let anna = app.named_user("anna").await;
        let org = verified_organization(app, &hr, "Acme").await;
        let path = format!("/v1/organizations/{org}/employments");
        let hire = json!({ "holder": "anna", "title": "Engineer", "position": "Engineer",
                           "description": "Backend engineer" });

        let response = post_async(app, &hr, &path, "hire-anna", hire.clone()).await;
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let (status, accepted) = answer(response).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{accepted}");
        let id = accepted["id"].as_str().expect("operation id").to_owned();
        assert_eq!(
            location.as_deref(),
            Some(format!("/v1/operations/{id}").as_str())
        );
        assert_eq!(accepted["kind"], "certificate.issue");
        assert!(
            matches!(
                accepted["status"].as_str(),
                Some("queued" | "submitted" | "in_block")
            ),
            "{accepted}"
        );

        // Only who asked (and operators) reads it; to anyone else it does not exist.
        assert_eq!(
            app.get(&format!("/v1/operations/{id}"), Some(&anna.token))
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get(&format!("/v1/operations/{id}"), None).await.0,
            StatusCode::UNAUTHORIZED
        );

        let done = settled(app, &hr, &id).await;
        assert_eq!(done["status"], "finalized", "{done}");
        assert_eq!(done["result_status"], 201);
        let certificate = done["result"]["id"].as_u64().expect("certificate id");
        assert!(
            done["tx_hash"].as_str().is_some_and(|h| h.len() == 66),
            "{done}"
        );
        assert!(
            done["nonce"].is_i64() && done["block"].is_string() && done["finalized_at"].is_string(),
            "{done}"
        );

        // A retry under the same key finds the operation and answers its final answer.
        let (status, again) = answer(post_async(app, &hr, &path, "hire-anna", hire).await).await;
        assert_eq!(status, StatusCode::CREATED, "{again}");
        assert_eq!(again["id"], certificate);

        // The holder was told once, and one transaction was sent.
        let (_, inbox) = app.get("/v1/me/notifications", Some(&anna.token)).await;
        let told = inbox
            .as_array()
            .into_iter()
            .flatten()
            .filter(|n| {
                n["kind"] == "certificate_issued" && n["payload"]["certificate_id"] == certificate
            })
            .count();
        assert_eq!(told, 1, "{inbox}");
        let sent = count(
            &db,
            "SELECT count(*) FROM chain_operations WHERE kind = 'certificate.issue'",
        )
        .await;
        assert_eq!(sent, 1);

        // A call the contract refuses is answered now, and queues nothing.
        let before = count(&db, "SELECT count(*) FROM chain_operations").await;
        let (status, refused) = answer(
            post_async(
                app,
                &hr,
                &format!("/v1/organizations/{org}/employments/999999/dismiss"),
                "dismiss-nobody",
                json!(null),
            )
            .await,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{refused}");
        assert_eq!(
            count(&db, "SELECT count(*) FROM chain_operations").await,
            before
        );

        // The queue shows on /metrics and /health.
        let metrics = app
            .http
            .get(app.at("/metrics"))
            .send()
            .await?
            .text()
            .await?;
        assert!(
            metrics.contains("iktomi_api_operations_finalized_total"),
            "{metrics}"
        );
        assert!(metrics.contains("iktomi_api_queue_depth"), "{metrics}");
        let (_, health) = app.get("/health", None).await;
        assert_eq!(health["chain"], "ok", "{health}");
        assert!(health["queue"]["depth"].is_i64(), "{health}");
        Ok(())
    })
    .await
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn concurrent_approvals_of_one_verification_send_one_transaction(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db.clone()).await?;
        let app = &chain.app;
        let admin = app.named_user("founder").await;
        let org = app.organization(&admin, "Twice Ltd").await;
        let (status, request) = app
            .post(
                &format!("/v1/organizations/{org}/verification"),
                Some(&admin.token),
                json!({ "web_domain": "twice.example" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{request}");
        let path = format!(
            "/v1/verification-requests/{}/approve",
            request["id"].as_str().unwrap_or_default()
        );
        let operator = app.operator().await;
        let approve = || {
            impatient()
                .post(app.at(&path))
                .bearer_auth(&operator.token)
                .send()
        };
        let (one, other) = tokio::join!(approve(), approve());
        let (one, other) = (answer(one?).await, answer(other?).await);
        let mut statuses = [one.0, other.0];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::ACCEPTED, StatusCode::CONFLICT],
            "{one:?} {other:?}"
        );
        let refused = if one.0 == StatusCode::CONFLICT {
            &one.1
        } else {
            &other.1
        };
        assert_eq!(kind(refused), "not-pending", "{refused}");
        let registrations = count(
            &db,
            "SELECT count(*) FROM chain_operations WHERE kind = 'issuer.register'",
        )
        .await;
        assert_eq!(registrations, 1);
        crate::chain_support::eventually(app, &format!("/v1/organizations/{org}"), |o| {
            o["verified"] == true
        })
        .await;
        Ok(())
    })
    .await
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn concurrent_funding_of_one_wallet_queues_one_transfer(db: PgPool) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db.clone()).await?;
        let app = &chain.app;
        let person = app.named_user("newcomer").await;
        let account: uuid::Uuid = person.account_id.parse()?;
        let address = iktomi_api::wallets::custodial::custodial_wallet(
            &app.state,
            iktomi_api::wallets::custodial::Owner::Account(account),
        )
        .await?;
        // Nobody vouches for a newcomer yet: the creation funded nothing. Asking a verified
        // organization does; two such requests at once queue one transfer.
        let dean = app.named_user("dean").await;
        let org: uuid::Uuid = crate::chain_support::verified_organization(app, &dean, "Uni")
            .await
            .parse()?;
        let (one, other) = tokio::join!(
            iktomi_api::wallets::funding::fund(&app.state, &address, Some(org)),
            iktomi_api::wallets::funding::fund(&app.state, &address, Some(org)),
        );
        let queued = |f: &iktomi_api::wallets::funding::Funding| {
            matches!(f, iktomi_api::wallets::funding::Funding::Queued(_))
        };
        assert_eq!(
            [queued(&one?), queued(&other?)]
                .iter()
                .filter(|q| **q)
                .count(),
            1
        );
        let transfers = count(
            &db,
            "SELECT count(*) FROM chain_operations WHERE kind = 'wallet.fund'",
        )
        .await;
        assert_eq!(transfers, 1, "none at creation, one of the two racers");
        Ok(())
    })
    .await
}
