//! Issue 15, item 8: every change to a business table is captured in the transaction that makes
//! it, so no committed write escapes the chained log. A request's entry lists the rows it
//! changed; a request whose API stopped between its commit and its entry, and a worker that
//! wrote no entry of its own, are chained by the sweeper, once.
use std::time::Duration;

use iktomi_api::http::audit::{key, record_worker, scope, sweep, verify};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

use crate::chain_support::url_of;
use crate::support::spawn_app_with;

async fn entries(db: &PgPool, action: &str) -> Vec<Value> {
    sqlx::query_scalar("SELECT after FROM audit_log WHERE action = $1 ORDER BY id")
        .bind(action)
        .fetch_all(db)
        .await
        .expect("entries")
}

fn tables(after: &Value) -> Vec<String> {
    after["_changes"]["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter_map(|r| r["table"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn every_committed_change_is_chained_once_even_without_its_entry(db: PgPool) {
    // The API's own pool, which tags each connection with its request's audit scope.
    let url = url_of(&db).await.expect("url");
    let pool = scope::lazy_pool(&url, 5, Duration::from_secs(5)).expect("pool");
    let app = spawn_app_with(pool.clone(), |_| {}).await;
    let anna = app.named_user("anna").await;
    let (status, _) = app
        .send(
            Method::PUT,
            "/v1/me/profile",
            Some(&anna.token),
            Some(json!({ "handle": "anna", "display_name": "Anna", "headline": "Engineer" })),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK);
    let written = entries(&db, "PUT /v1/me/profile").await;
    let last = written.last().expect("the profile write's entry");
    assert!(tables(last).contains(&"profiles".to_owned()), "{last}");
    assert_eq!(
        last["headline"], "Engineer",
        "the answer is kept beside the changes"
    );

    // The API stops after a handler committed and before its entry: the change carries the
    // request's scope, and no entry covers it.
    let lost = Uuid::now_v7();
    scope::within(lost, async {
        sqlx::query("UPDATE profiles SET headline = 'Lost' WHERE headline = 'Engineer'")
            .execute(&pool)
            .await
            .expect("write")
    })
    .await;
    // Someone with the API's role reuses the scope of a request already recorded, hoping its
    // entry covers what they change now.
    let recorded: Uuid = last["_changes"]["scope"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("the entry names its scope");
    scope::within(recorded, async {
        sqlx::query("UPDATE profiles SET display_name = 'Mallory'")
            .execute(&pool)
            .await
            .expect("write")
    })
    .await;
    // A worker writes without an entry; another writes one in its own transaction.
    sqlx::query("UPDATE profiles SET headline = 'By a worker'")
        .execute(&pool)
        .await
        .expect("write");
    let mut tx = pool.begin().await.expect("tx");
    sqlx::query("UPDATE profiles SET headline = 'Recorded'")
        .execute(&mut *tx)
        .await
        .expect("write");
    record_worker(
        &app.state,
        &mut tx,
        "test worker",
        "profile:anna",
        json!({ "done": true }),
    )
    .await
    .expect("entry");
    tx.commit().await.expect("commit");

    // Changes younger than the grace period wait for their entry.
    assert_eq!(
        sweep::sweep(&app.state, Duration::from_secs(3600))
            .await
            .expect("sweep"),
        0
    );
    let swept = sweep::sweep(&app.state, Duration::ZERO)
        .await
        .expect("sweep");
    assert_eq!(
        swept, 3,
        "the lost request's, the reused scope's and the silent worker's"
    );
    let unrecorded = entries(&db, "unrecorded write").await;
    let scopes: Vec<&str> = unrecorded
        .iter()
        .filter_map(|e| e["_changes"]["scope"].as_str())
        .collect();
    let (lost, recorded) = (lost.to_string(), recorded.to_string());
    assert_eq!(scopes.len(), 2, "{unrecorded:?}");
    assert!(scopes.contains(&lost.as_str()) && scopes.contains(&recorded.as_str()));
    assert!(unrecorded.iter().all(|e| tables(e) == vec!["profiles"]));
    let workers = entries(&db, "worker write").await;
    assert_eq!(
        workers.len(),
        1,
        "the worker that wrote its entry is not chained again"
    );
    assert!(workers[0]["_changes"]["xact"].is_string());
    let recorded = entries(&db, "test worker").await;
    assert_eq!(tables(&recorded[0]), vec!["profiles"], "{}", recorded[0]);

    // Exactly once, and the chain holds.
    assert_eq!(
        sweep::sweep(&app.state, Duration::ZERO)
            .await
            .expect("sweep"),
        0
    );
    let verdict = verify(&db, &key(&app.state).expect("key"), None)
        .await
        .expect("verify");
    assert_eq!(verdict.first_tampered, None);
    pool.close().await;
}
