//! Two API replicas and two indexers (one active, one standby) on one database and one node.
//! Under concurrent issues from several organizations, an API replica and the active indexer are
//! killed with SIGKILL at random moments, several times. Then every accepted operation is final,
//! no certificate was issued twice, the standby indexer took over, and the database equals the
//! chain.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use iktomi_devnet::platform::{within, Platform};
use iktomi_devnet::{bundles_dir, free_port};
use iktomi_shared::Certificate;
use rand::Rng;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::chain_support::{count, drained, unfinished, url_of, verified_organization};
use crate::support::{answer, spawn_app_with, ss58, User, BOT_TOKEN};

const ROUNDS: usize = 4;
const PER_ORGANIZATION: usize = 8;
/// People each organization issues to in turn: the registry holds at most 10 unaccepted
/// certificates from one issuer per person, and the load runs for as long as the killing does.
const HOLDERS: usize = 8;
/// What a verified organization receives for its fees, as in the other chain tests.
const ISSUER_FUNDS: u128 = 1_000_000_000_000_000;

/// A process of ours, killed with SIGKILL when dropped.
struct Process {
    child: Child,
    /// Where its /health and /metrics answer.
    url: String,
}

impl Process {
    fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// A binary of the workspace next to this test's own executable.
fn workspace_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    exe.parent()
        .and_then(Path::parent)
        .map(|dir| dir.join(name))
        .expect("target directory")
}

fn log(dir: &Path, name: &str) -> std::fs::File {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(format!("{name}.log")))
        .expect("log file")
}

struct Setup {
    database_url: String,
    deployment: PathBuf,
    operators: String,
    vk: String,
    dir: PathBuf,
}

impl Setup {
    fn api(&self, name: &str) -> Process {
        let port = free_port().expect("port");
        let child = Command::new(env!("CARGO_BIN_EXE_iktomi-api"))
            .env("DATABASE_URL", &self.database_url)
            .env("IKTOMI_API__LISTEN", format!("127.0.0.1:{port}"))
            .env("IKTOMI_API__MASTER_KEY", "11".repeat(32))
            .env("IKTOMI_API__OPERATORS", &self.operators)
            .env("IKTOMI_API__TELEGRAM__BOT_TOKEN", BOT_TOKEN)
            .env("IKTOMI_API__VK__BASE_URL", &self.vk)
            .env("IKTOMI_API__CHAIN__DEPLOYMENT", &self.deployment)
            .env("IKTOMI_API__CHAIN__CONTRACTS_DIR", bundles_dir())
            .env("IKTOMI_API__CHAIN__OPERATOR_SURI", "//Alice")
            .env("IKTOMI_API__CHAIN__ISSUER_FUNDS", ISSUER_FUNDS.to_string())
            .env("IKTOMI_API__ARTIFACTS__DIR", self.dir.join("artifacts"))
            .env("RUST_LOG", "info,subxt=warn")
            .env("NO_COLOR", "1")
            .stdout(log(&self.dir, name))
            .stderr(log(&self.dir, name))
            .spawn()
            .expect("iktomi-api");
        Process {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    fn indexer(&self, name: &str) -> Process {
        let port = free_port().expect("port");
        let child = Command::new(workspace_binary("iktomi-indexer"))
            .args(["run", "--poll-ms", "200", "--listen"])
            .arg(format!("127.0.0.1:{port}"))
            .arg("--deployment")
            .arg(&self.deployment)
            .env("DATABASE_URL", &self.database_url)
            .env("RUST_LOG", "info,subxt=warn")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(log(&self.dir, name))
            .spawn()
            .expect("iktomi-indexer (built by cargo test --workspace)");
        Process {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

/// The processes' logs, kept when the test fails so its cause can be read.
struct KeptOnPanic(Option<tempfile::TempDir>);

impl KeptOnPanic {
    fn path(&self) -> &Path {
        self.0.as_ref().map_or(Path::new("."), |d| d.path())
    }
}

impl Drop for KeptOnPanic {
    fn drop(&mut self) {
        if std::thread::panicking() {
            if let Some(dir) = self.0.take() {
                eprintln!("kept the replicas' logs in {}", dir.keep().display());
            }
        }
    }
}

async fn ready(url: &str) {
    for _ in 0..600 {
        if reqwest::get(format!("{url}/health")).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} never answered");
}

/// Whether this indexer leads (its metrics say so).
async fn leads(indexer: &Process) -> bool {
    let Ok(response) = reqwest::get(format!("{}/metrics", indexer.url)).await else {
        return false;
    };
    response.text().await.is_ok_and(|m| {
        m.lines()
            .any(|l| l.starts_with("iktomi_indexer_active") && l.ends_with(" 1"))
    })
}

/// Issues through whichever replica is up, with the same key until it is answered: a replica
/// killed mid-request leaves the retry to find the operation.
async fn issue(
    replicas: &Arc<Mutex<Vec<String>>>,
    hr: &User,
    org: &str,
    holder: &str,
    key: &str,
) -> Value {
    let body =
        json!({ "holder": holder, "title": format!("Engineer {key}"), "position": "Engineer" });
    for attempt in 0..600 {
        let base = {
            let urls = replicas.lock().expect("replicas");
            urls[attempt % urls.len()].clone()
        };
        let sent = reqwest::Client::new()
            .post(format!("{base}/v1/organizations/{org}/employments"))
            .bearer_auth(&hr.token)
            .header("idempotency-key", key)
            .json(&body)
            .timeout(Duration::from_secs(10))
            .send()
            .await;
        if let Ok(response) = sent {
            let (status, answer) = answer(response).await;
            match status {
                StatusCode::ACCEPTED | StatusCode::CREATED => return answer,
                // The first try died before it queued anything: its key frees after a while.
                StatusCode::CONFLICT
                    if answer["type"]
                        .as_str()
                        .is_some_and(|t| t.ends_with("request-in-progress")) => {}
                StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE => {}
                other => panic!("{key}: {other} {answer}"),
            }
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    panic!("{key} was never accepted");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn replicas_and_indexers_killed_under_load_lose_and_repeat_nothing(
    db: PgPool,
) -> anyhow::Result<()> {
    within(1200, async {
        let platform = Platform::start().await?;
        let dir = tempfile::tempdir()?;
        eprintln!("replica logs: {}", dir.path().display());
        let dir = KeptOnPanic(Some(dir));
        let deployment = dir.path().join("deployment.json");
        platform.record.write(&deployment)?;
        // An in-process app for the setup only: it shares the database, runs no chain worker.
        let app = spawn_app_with(db.clone(), |s| {
            s.chain.deployment = Some(deployment.clone());
            s.chain.contracts_dir = Some(bundles_dir());
            s.chain.operator_suri = Some(secrecy::SecretString::from("//Alice"));
            s.chain.issuer_funds = ISSUER_FUNDS;
        })
        .await;
        let setup = Setup {
            database_url: url_of(&db).await?,
            deployment: deployment.clone(),
            operators: ss58(&app.operator),
            vk: app.vk.url.clone(),
            dir: dir.path().to_owned(),
        };
        let mut indexers = vec![setup.indexer("indexer-0"), setup.indexer("indexer-1")];
        let mut apis = vec![setup.api("api-0"), setup.api("api-1")];
        for api in &apis {
            ready(&api.url).await;
        }
        let replicas = Arc::new(Mutex::new(
            apis.iter().map(|a| a.url.clone()).collect::<Vec<_>>(),
        ));

        let mut work = Vec::new();
        for (i, name) in ["Acme", "Globex", "Initech"].into_iter().enumerate() {
            let hr = app.named_user(&format!("hr_{i}")).await;
            let org = verified_organization(&app, &hr, name).await;
            // Certificates from an organization a person has no tie to wait for their consent,
            // and an organization may have only a few waiting with one person.
            let mut holders = Vec::new();
            for h in 0..HOLDERS {
                holders.push(app.named_user(&format!("holder_{i}_{h}")).await);
            }
            work.push((hr, org, holders));
        }

        // Waves of concurrent issues, one per organization, for as long as the killing goes on.
        let stop = AtomicBool::new(false);
        let load = async {
            let mut accepted = HashMap::new();
            let mut n = 0;
            while n < PER_ORGANIZATION || !stop.load(Ordering::Relaxed) {
                let wave = work.iter().map(|(hr, org, holders)| {
                    let key = format!("{org}-{n}");
                    let holder = &holders[n % HOLDERS];
                    let replicas = replicas.clone();
                    async move {
                        let answer = issue(&replicas, hr, org, &holder.handle, &key).await;
                        (key, answer)
                    }
                });
                for (key, answer) in futures::future::join_all(wave).await {
                    accepted.insert(key, answer);
                }
                n += 1;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            accepted
        };
        let killer = async {
            let mut took_over = 0;
            for round in 0..ROUNDS {
                tokio::time::sleep(Duration::from_millis(rand::rng().random_range(500..3_000)))
                    .await;
                let victim = rand::rng().random_range(0..apis.len());
                apis[victim].kill9();
                apis[victim] = setup.api(&format!("api-{victim}-{round}"));
                ready(&apis[victim].url).await;
                replicas.lock().expect("replicas")[victim] = apis[victim].url.clone();
                if round % 2 == 0 {
                    let mut active = None;
                    for (i, indexer) in indexers.iter().enumerate() {
                        if leads(indexer).await {
                            active = Some(i);
                        }
                    }
                    if let Some(i) = active {
                        indexers[i].kill9();
                        // The standby takes over; only then does the killed one come back, as
                        // the new standby.
                        for _ in 0..100 {
                            if leads(&indexers[1 - i]).await {
                                took_over += 1;
                                break;
                            }
                            tokio::time::sleep(Duration::from_millis(200)).await;
                        }
                        indexers[i] = setup.indexer(&format!("indexer-{i}-{round}"));
                    }
                }
            }
            stop.store(true, Ordering::Relaxed);
            took_over
        };
        let (accepted, took_over) = tokio::join!(load, killer);
        assert!(accepted.len() >= 3 * PER_ORGANIZATION);
        eprintln!(
            "{} issues accepted while {ROUNDS} API replicas and {took_over} active indexers were killed",
            accepted.len()
        );
        assert!(took_over >= 1, "the standby indexer never took over");

        // Every accepted operation ends, finalized.
        let left = drained(&db).await;
        assert_eq!(left, 0, "operations left unfinished:\n{}", unfinished(&db).await);
        let failed: Vec<(String, Option<Value>)> =
            sqlx::query_as("SELECT kind, problem FROM chain_operations WHERE status = 'failed'")
                .fetch_all(&db)
                .await?;
        assert!(failed.is_empty(), "{failed:?}");
        let issues = count(&db, "SELECT count(*) FROM chain_operations WHERE kind = 'certificate.issue'").await;
        assert_eq!(issues as usize, accepted.len(), "one operation per key");

        // Once the indexers caught up, the database equals the chain: nothing issued twice.
        let head = platform.registry.chain.finalized_number().await?;
        for _ in 0..600 {
            let indexed: Option<i64> =
                sqlx::query_scalar("SELECT last_block_number FROM indexer_cursor")
                    .fetch_optional(&db)
                    .await?;
            if indexed.is_some_and(|b| b as u64 >= head) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let supply: u64 = platform.read("total_supply", ()).await?;
        let stored: Vec<(i64, Vec<u8>, Vec<u8>)> =
            sqlx::query_as("SELECT id, holder, content_hash FROM certificates ORDER BY id")
                .fetch_all(&db)
                .await?;
        assert_eq!(supply as usize, stored.len());
        assert_eq!(
            stored.len(),
            accepted.len(),
            "each accepted issue is one certificate"
        );
        for (id, holder, hash) in &stored {
            let on_chain: Option<Certificate> = platform.read("certificate", *id as u64).await?;
            let on_chain = on_chain.expect("on chain");
            assert_eq!(on_chain.content_hash[..], hash[..], "certificate {id}");
            assert_eq!(
                AsRef::<[u8; 32]>::as_ref(&on_chain.holder)[..],
                holder[..],
                "certificate {id}"
            );
        }
        let distinct = count(&db, "SELECT count(DISTINCT content_hash) FROM certificates").await;
        assert_eq!(distinct as usize, stored.len());
        drop(apis);
        drop(indexers);
        Ok(())
    })
    .await
}
