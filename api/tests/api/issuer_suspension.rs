//! Operators list issuers and suspend or reinstate one, on a real node and indexer: a suspended
//! issuer's certificates read `issuer_suspended` and it cannot issue; the reason stays off chain
//! for the operators; nobody but an operator may do any of it.
use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::kind;

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_operator_suspends_and_reinstates_an_issuer(db: PgPool) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db.clone()).await?;
        let app = &chain.app;
        let dean = app.named_user("dean").await;
        app.named_user("anna").await;
        let org = verified_organization(app, &dean, "University").await;
        let (status, issued) = app
            .submit(
                &dean,
                &format!("/v1/organizations/{org}/certificates"),
                "bsc",
                json!({ "holder": "anna", "kind": "diploma", "title": "BSc" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{issued}");
        let id = issued["id"].as_u64().unwrap_or_default();
        let operator = app.operator().await;

        // Only operators see the list or change anything.
        let (status, _) = app.get("/v1/issuers", Some(&dean.token)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, page) = app.get("/v1/issuers?limit=5", Some(&operator.token)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let issuer = page["items"][0].clone();
        assert_eq!(issuer["organization_id"], org.as_str());
        assert_eq!(issuer["organization_name"], "University");
        assert!(issuer["suspended_at"].is_null());
        let account = issuer["account"].as_str().unwrap_or_default().to_owned();
        let suspend = format!("/v1/issuers/{account}/suspend");
        let reinstate = format!("/v1/issuers/{account}/reinstate");
        let reason = json!({ "reason": "diplomas issued without exams" });
        let (status, body) = app.post(&suspend, Some(&dean.token), reason.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (status, body) = app.post(&suspend, None, reason.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        let (status, body) = app
            .post(&suspend, Some(&operator.token), json!({ "reason": " " }))
            .await;
        assert_eq!(kind(&body), "validation", "{status} {body}");
        let (status, body) = app.act(&reinstate, &operator.token).await;
        assert_eq!(kind(&body), "issuer-not-suspended", "{status} {body}");
        let (status, body) = app
            .post(
                "/v1/issuers/5Fnot-an-address/suspend",
                Some(&operator.token),
                reason.clone(),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

        let (status, standing) = app
            .post(&suspend, Some(&operator.token), reason.clone())
            .await;
        assert_eq!(status, StatusCode::OK, "{standing}");
        assert_eq!(standing["suspended"], true);
        eventually(app, &format!("/v1/verify/{id}"), |v| {
            v["status"] == "issuer_suspended"
        })
        .await;
        let (_, page) = app.get("/v1/issuers", Some(&operator.token)).await;
        assert!(page["items"][0]["suspended_at"].is_string(), "{page}");

        // The organization's managers list what it issued, with each certificate's standing.
        let issued = format!("/v1/organizations/{org}/certificates?kind=diploma&limit=10");
        let (status, listing) = app.get(&issued, Some(&dean.token)).await;
        assert_eq!(status, StatusCode::OK, "{listing}");
        assert_eq!(listing["items"][0]["id"], id);
        assert_eq!(listing["items"][0]["holder_handle"], "anna");
        assert_eq!(listing["items"][0]["title"], "BSc");
        assert_eq!(listing["items"][0]["status"], "issuer_suspended");
        let anna = app.named_user("anna2").await;
        let (status, _) = app.get(&issued, Some(&anna.token)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(
            page["items"][0]["suspension_reason"],
            "diplomas issued without exams"
        );
        let (status, body) = app
            .post(&suspend, Some(&operator.token), reason.clone())
            .await;
        assert_eq!(kind(&body), "issuer-suspended", "{status} {body}");

        // A suspended issuer cannot issue.
        let (status, body) = app
            .submit(
                &dean,
                &format!("/v1/organizations/{org}/certificates"),
                "msc",
                json!({ "holder": "anna", "kind": "diploma", "title": "MSc" }),
            )
            .await;
        assert_eq!(kind(&body), "issuer-suspended", "{status} {body}");

        let (status, standing) = app.act(&reinstate, &operator.token).await;
        assert_eq!(status, StatusCode::OK, "{standing}");
        assert_eq!(standing["suspended"], false);
        eventually(app, &format!("/v1/verify/{id}"), |v| {
            v["status"] == "active"
        })
        .await;
        let (_, page) = app.get("/v1/issuers", Some(&operator.token)).await;
        assert!(page["items"][0]["suspension_reason"].is_null(), "{page}");

        // A second suspension after the reinstatement is a new change, not a replay.
        let (status, standing) = app.post(&suspend, Some(&operator.token), reason).await;
        assert_eq!(status, StatusCode::OK, "{standing}");
        Ok(())
    })
    .await
}
