//! On a chain that takes 15 s to finalize, as public pallet-contracts chains do: every chain
//! write answers 202 at once, every operation reaches finalized, and what follows it (the
//! certificate, its notice, its points) happens exactly once.
use std::time::{Duration, Instant};

use iktomi_devnet::platform::{within, Platform};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::chain_support::{count, drained, eventually, spawn_chain_app_on, verified_organization};
use crate::operations::{post_async, settled};
use crate::support::{answer, TestApp, User};

const FINALITY_SECS: u64 = 15;

/// Sends a chain write without waiting; checks it is accepted within a second; returns the
/// operation's final state.
async fn write(app: &TestApp, who: &User, path: &str, key: &str, body: Value) -> Value {
    let started = Instant::now();
    let (status, accepted) = answer(post_async(app, who, path, key, body).await).await;
    let took = started.elapsed();
    assert_eq!(status, StatusCode::ACCEPTED, "{path}: {accepted}");
    assert!(
        took < Duration::from_secs(1),
        "{path} took {took:?} to accept"
    );
    let done = settled(app, who, accepted["id"].as_str().expect("operation id")).await;
    assert_eq!(done["status"], "finalized", "{path}: {done}");
    done["result"].clone()
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn with_slow_finality_every_write_is_accepted_at_once_and_lands_once(
    db: PgPool,
) -> anyhow::Result<()> {
    within(900, async {
        let platform = Platform::start_with_finality(FINALITY_SECS).await?;
        let chain = spawn_chain_app_on(db.clone(), platform).await?;
        let app = &chain.app;
        let hr = app.named_user("hr_lead").await;
        let anna = crate::tenure::telegram_person(app, 4242, "anna").await;
        let org = verified_organization(app, &hr, "Acme").await;
        app.join(&org, &hr, &anna, "employee").await;

        let program = write(app, &hr, &format!("/v1/organizations/{org}/tenure-programs"), "program",
            json!({ "title": "Early bird at Acme", "milestone_days": 0.0001 })).await;
        let hired = write(app, &hr, &format!("/v1/organizations/{org}/employments"), "hire",
            json!({ "holder": "anna", "title": "Engineer", "position": "Engineer" })).await;
        let first = hired["id"].as_u64().expect("certificate id");
        eventually(app, &format!("/v1/verify/{first}"), |v| v["status"] == "active").await;
        // Her custodial wallet, created for the hire, gets the operator's fee money in its own
        // operation; until that is final a stake is refused with `wallet-being-funded`.
        assert_eq!(drained(&db).await, 0);
        write(app, &anna, &format!("/v1/me/certificates/{first}/stake"), "stake", json!(null)).await;
        let promoted = write(app, &hr, &format!("/v1/organizations/{org}/employments/{first}/promote"), "promote",
            json!({ "title": "Senior engineer", "position": "Senior engineer" })).await;
        let second = promoted["id"].as_u64().expect("certificate id");
        // The milestone (8.64 s) has long passed: four finalized writes took longer.
        let program_id = program["id"].as_u64().expect("program id");
        let claimed = write(app, &anna, &format!("/v1/me/tenure-programs/{program_id}/claim"), "claim", json!(null)).await;
        let award = claimed["certificate_id"].as_u64().expect("award id");
        write(app, &hr, &format!("/v1/organizations/{org}/employments/{second}/dismiss"), "dismiss", json!(null)).await;
        eventually(app, &format!("/v1/verify/{second}"), |v| v["status"] == "revoked").await;

        // Each certificate once, each notice once, each point entry once.
        let (_, held) = app.get("/v1/people/anna/certificates", None).await;
        let mut ids: Vec<u64> = held.as_array().into_iter().flatten().filter_map(|c| c["id"].as_u64()).collect();
        ids.sort_unstable();
        let mut expected = vec![first, second, award];
        expected.sort_unstable();
        assert_eq!(ids, expected, "{held}");
        let notices: Vec<(String, i64)> = sqlx::query_as(
            "SELECT kind, count(*) FROM notifications WHERE account_id = $1::uuid GROUP BY kind, payload ORDER BY 1",
        )
        .bind(&anna.account_id)
        .fetch_all(&db)
        .await?;
        assert!(notices.iter().all(|(_, n)| *n == 1), "{notices:?}");
        let issued = notices.iter().filter(|(k, _)| k == "certificate_issued").count();
        assert_eq!(issued, 2, "hired and promoted through the issuing flow: {notices:?}");
        let repeated = count(&db, "SELECT count(*) FROM (SELECT 1 FROM point_entries GROUP BY organization_id, account_id, action, source HAVING count(*) > 1) r").await;
        assert_eq!(repeated, 0);
        let unfinished = count(&db, "SELECT count(*) FROM chain_operations WHERE status <> 'finalized'").await;
        assert_eq!(unfinished, 0);
        Ok(())
    })
    .await
}
