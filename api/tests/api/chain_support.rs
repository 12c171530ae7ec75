//! The API on a real node with the real indexer mirroring it into the test's database.
use std::sync::Arc;
use std::time::Duration;

use iktomi_devnet::bundles_dir;
use iktomi_devnet::platform::Platform;
use iktomi_indexer::metrics::Metrics;
use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::announce_barrier::Barrier;
use crate::support::{spawn_app_with, TestApp, User};

/// What a newly verified organization receives for fees: 1,000 units of the dev chain.
const ISSUER_FUNDS: u128 = 1_000_000_000_000_000;

pub struct ChainApp {
    pub app: TestApp,
    pub platform: Platform,
    indexer: tokio::task::JoinHandle<()>,
    /// The chain operations' submitter and watcher.
    workers: Vec<tokio::task::JoinHandle<()>>,
    /// Passed once the caches have seen everything committed before.
    pub announced: Arc<Barrier>,
    _dir: tempfile::TempDir,
}

impl Drop for ChainApp {
    fn drop(&mut self) {
        self.indexer.abort();
        for worker in &self.workers {
            worker.abort();
        }
    }
}

pub async fn spawn_chain_app(db: PgPool) -> anyhow::Result<ChainApp> {
    spawn_chain_app_on(db, Platform::start().await?).await
}

/// The API and the indexer on `platform`'s node.
pub async fn spawn_chain_app_on(db: PgPool, platform: Platform) -> anyhow::Result<ChainApp> {
    spawn_chain_app_with(db, platform, |_| {}).await
}

/// `spawn_chain_app_on` with `change` made to the API's settings.
pub async fn spawn_chain_app_with(
    db: PgPool,
    platform: Platform,
    change: impl FnOnce(&mut iktomi_api::config::Settings),
) -> anyhow::Result<ChainApp> {
    let dir = tempfile::tempdir()?;
    let deployment = dir.path().join("deployment.json");
    platform.record.write(&deployment)?;
    let settings = iktomi_indexer::Settings {
        node_url: platform.node.url.clone(),
        registry: parse(&platform.record.registry.address),
        tenure: parse(&platform.record.tenure.address),
        deployment_block: platform.record.deployment_block,
        concurrency: 4,
        batch_blocks: 100,
        poll: Duration::from_millis(200),
    };
    let indexer_db = db.clone();
    let indexer = tokio::spawn(async move {
        let error = iktomi_indexer::run(&settings, &indexer_db, &Metrics::default()).await;
        tracing::error!(%error, "indexer stopped");
    });
    let app = spawn_app_with(db, |s| {
        s.chain.deployment = Some(deployment.clone());
        s.chain.contracts_dir = Some(bundles_dir());
        s.chain.operator_suri = Some(SecretString::from("//Alice"));
        s.chain.issuer_funds = ISSUER_FUNDS;
        s.chain.holder_funds = ISSUER_FUNDS / 100;
        change(s);
    })
    .await;
    let (workers, announced) = chain_workers(&app.state);
    Ok(ChainApp {
        app,
        platform,
        indexer,
        workers,
        announced,
        _dir: dir,
    })
}

/// The submitter and the watcher of chain operations, and the verification cache's listener,
/// as `iktomi-api` runs them: every chain test that waits for a verification to change checks
/// that the cache let go of the old answer.
pub fn chain_workers(
    state: &iktomi_api::state::AppState,
) -> (Vec<tokio::task::JoinHandle<()>>, Arc<Barrier>) {
    let follow_ups: Arc<dyn iktomi_api::operations::follow_up::FollowUps> =
        Arc::new(iktomi_api::follow_ups::Table);
    let (announced, listening) = crate::announce_barrier::listen(state);
    let workers = vec![
        tokio::spawn(iktomi_api::operations::submitter::run(
            state.clone(),
            follow_ups.clone(),
        )),
        tokio::spawn(iktomi_api::operations::watcher::run(
            state.clone(),
            follow_ups,
        )),
        listening,
    ];
    (workers, announced)
}

fn parse(hex_address: &str) -> [u8; 32] {
    let bytes = hex::decode(hex_address.trim_start_matches("0x")).unwrap_or_default();
    bytes.try_into().unwrap_or([0; 32])
}

/// Polls `path` until `done(body)` holds (the indexer mirrors finalized blocks with a delay).
pub async fn eventually(app: &TestApp, path: &str, done: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..150 {
        let (status, body) = app.get(path, None).await;
        if status == StatusCode::OK && done(&body) {
            return body;
        }
        last = body;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{path} never reached the expected state; last answer: {last}");
}

/// An organization of `admin`, verified by the operator and mirrored as an issuer.
pub async fn verified_organization(app: &TestApp, admin: &User, name: &str) -> String {
    let org = app.organization(admin, name).await;
    let (status, request) = app
        .post(
            &format!("/v1/organizations/{org}/verification"),
            Some(&admin.token),
            json!({ "web_domain": "example.com" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{request}");
    let operator = app.operator().await;
    let id = request["id"].as_str().unwrap_or_default();
    let (status, decision) = app
        .act(
            &format!("/v1/verification-requests/{id}/approve"),
            &operator.token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{decision}");
    eventually(app, &format!("/v1/organizations/{org}"), |o| {
        o["verified"] == true
    })
    .await;
    org
}

/// `SELECT count(*) …` on the test's database.
pub async fn count(db: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.expect(sql)
}

/// Waits until no chain operation is left unfinished (up to two minutes); how many are left.
/// The operations not yet final, one line each, for a failed drain's message.
pub async fn unfinished(db: &PgPool) -> String {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT format('%s %s signer %s nonce %s attempts %s %s', kind, status,
                       left(encode(signer, 'hex'), 8), nonce, submit_attempts, last_error)
         FROM chain_operations WHERE status NOT IN ('finalized', 'failed') ORDER BY signer, nonce",
    )
    .fetch_all(db)
    .await
    .unwrap_or_default();
    rows.join("\n")
}

pub async fn drained(db: &PgPool) -> i64 {
    let mut left = i64::MAX;
    for _ in 0..600 {
        left = count(
            db,
            "SELECT count(*) FROM chain_operations WHERE status NOT IN ('finalized', 'failed')",
        )
        .await;
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    left
}

/// The URL of the test's own database (the server of `DATABASE_URL`, the test's database name).
pub async fn url_of(pool: &PgPool) -> anyhow::Result<String> {
    let name: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(pool)
        .await?;
    let base = std::env::var("DATABASE_URL")?;
    let (server, query) = base.split_once('?').unwrap_or((base.as_str(), ""));
    let server = server.rsplit_once('/').map_or(server, |(s, _)| s);
    Ok(if query.is_empty() {
        format!("{server}/{name}")
    } else {
        format!("{server}/{name}?{query}")
    })
}
