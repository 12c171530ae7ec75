//! The node goes away under load and comes back on the same state: the API reconnects, what the
//! node's pool lost is sent again, and the queue drains with every operation final once.
use std::time::Duration;

use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::chain_support::{count, drained, spawn_chain_app, verified_organization};
use crate::support::answer;

const ISSUES: usize = 6;

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_queue_drains_after_the_node_returns(db: PgPool) -> anyhow::Result<()> {
    within(600, async {
        let mut chain = spawn_chain_app(db.clone()).await?;
        let hr = chain.app.named_user("hr_lead").await;
        chain.app.named_user("anna").await;
        let org = verified_organization(&chain.app, &hr, "Acme").await;
        for n in 0..ISSUES {
            let response = reqwest::Client::new()
                .post(chain.app.at(&format!("/v1/organizations/{org}/employments")))
                .bearer_auth(&hr.token)
                .header("idempotency-key", format!("hire-{n}"))
                .json(&json!({ "holder": "anna", "title": format!("Role {n}"), "position": "Engineer" }))
                .send()
                .await?;
            let (status, body) = answer(response).await;
            assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        }
        // Killed with operations queued, submitted and in its pool; back a moment later.
        chain.platform.node.kill().await?;
        let (status, health) = chain.app.get("/health", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(health["chain"], "unavailable", "{health}");
        tokio::time::sleep(Duration::from_secs(3)).await;
        chain.platform.node.restart().await?;

        assert_eq!(drained(&db).await, 0, "the queue never drained");
        let finalized = count(&db, "SELECT count(*) FROM chain_operations WHERE kind = 'certificate.issue' AND status = 'finalized'").await;
        assert_eq!(finalized as usize, ISSUES);
        let supply: u64 = chain.platform.read("total_supply", ()).await?;
        assert_eq!(supply as usize, ISSUES, "each issued once");
        let (_, health) = chain.app.get("/health", None).await;
        assert_eq!(health["chain"], "ok", "{health}");
        Ok(())
    })
    .await
}
