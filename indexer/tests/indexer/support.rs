//! The indexer as a child process (so it can be killed with SIGKILL), and the checks that the
//! database equals the chain.
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use iktomi_chain::AccountBytes;
use iktomi_chain::Deployment;
use iktomi_devnet::free_port;
use iktomi_devnet::platform::Platform;
use iktomi_indexer::payload::{kind, reason};
use iktomi_indexer::source::Source;
use iktomi_shared::{AccountId, Certificate, CertificateStatus, TenureRecord};
use sqlx::PgPool;

/// The URL of the database behind `pool` (a fresh one made by `#[sqlx::test]`).
pub async fn url_of(pool: &PgPool) -> anyhow::Result<String> {
    let name: Option<String> = sqlx::query_scalar!("SELECT current_database()")
        .fetch_one(pool)
        .await?;
    let base = std::env::var("DATABASE_URL").context("DATABASE_URL")?;
    let (server, query) = base
        .split_once('?')
        .map_or((base.as_str(), ""), |(s, q)| (s, q));
    let server = server.rsplit_once('/').map_or(server, |(s, _)| s);
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    Ok(format!(
        "{server}/{}{query}",
        name.context("no database name")?
    ))
}

pub fn write_deployment(dir: &Path, deployment: &Deployment) -> anyhow::Result<PathBuf> {
    let path = dir.join("deployment.json");
    deployment.write(&path)?;
    Ok(path)
}

/// `iktomi-indexer run` as a child process, its log in a file.
pub struct IndexerProcess {
    child: Child,
    pub log: PathBuf,
    /// host:port of /health and /metrics.
    pub listen: String,
}

impl IndexerProcess {
    pub fn spawn(database_url: &str, deployment: &Path, log: &Path) -> anyhow::Result<Self> {
        let port = free_port()?;
        let out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)?;
        let child = Command::new(env!("CARGO_BIN_EXE_iktomi-indexer"))
            .args(["run", "--poll-ms", "200", "--listen"])
            .arg(format!("127.0.0.1:{port}"))
            .arg("--deployment")
            .arg(deployment)
            .env("DATABASE_URL", database_url)
            .env("RUST_LOG", "info,subxt=warn")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(out)
            .spawn()?;
        Ok(Self {
            child,
            log: log.to_owned(),
            listen: format!("127.0.0.1:{port}"),
        })
    }

    /// SIGKILL: no shutdown code runs.
    pub fn kill9(&mut self) -> anyhow::Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }

    /// Waits for the process to exit by itself.
    pub async fn exit_status(&mut self, secs: u64) -> anyhow::Result<ExitStatus> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(secs) {
            if let Some(status) = self.child.try_wait()? {
                return Ok(status);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("the indexer still runs after {secs} s")
    }

    /// GET `path` on the indexer's HTTP port: (status line, body).
    pub fn get(&self, path: &str) -> anyhow::Result<(String, String)> {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.listen)?;
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n",
            self.listen
        )?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        Ok((
            head.lines().next().unwrap_or_default().to_owned(),
            body.to_owned(),
        ))
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Whether the process still runs (it was neither killed nor exited).
    pub fn is_running(&mut self) -> anyhow::Result<bool> {
        Ok(self.child.try_wait()?.is_none())
    }

    /// `/health` as JSON; an error while the process is not listening yet.
    pub fn health(&self) -> anyhow::Result<serde_json::Value> {
        let (_, body) = self.get("/health")?;
        Ok(serde_json::from_str(&body)?)
    }

    /// Waits until `/health` reports `role` ("active" or "standby").
    pub async fn wait_role(&self, role: &str, secs: u64) -> anyhow::Result<()> {
        let started = Instant::now();
        loop {
            let health = self.health().ok();
            if health.as_ref().is_some_and(|h| h["role"] == role) {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(secs) {
                bail!(
                    "the indexer on {} is not {role} after {secs} s: {health:?}\n{}",
                    self.listen,
                    self.log_text()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for IndexerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until the database holds every block up to the chain's finalized head as it is now.
pub async fn wait_indexed(pool: &PgPool, p: &Platform, secs: u64) -> anyhow::Result<u64> {
    let (head, _) = p.registry.chain.finalized_time().await?;
    let started = Instant::now();
    loop {
        let at: Option<i64> = sqlx::query_scalar!("SELECT last_block_number FROM indexer_cursor")
            .fetch_optional(pool)
            .await
            .ok()
            .flatten();
        if at.is_some_and(|at| at >= head as i64) {
            return Ok(head);
        }
        if started.elapsed() > Duration::from_secs(secs) {
            bail!("the indexer is at {at:?}, not at block {head}, after {secs} s");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn ms(t: Option<i64>) -> Option<u64> {
    t.map(|t| t as u64)
}

/// Every certificate, its status and every tenure record in the database equal the
/// contract's own reads.
pub async fn assert_state_mirrors_chain(pool: &PgPool, p: &Platform) -> anyhow::Result<()> {
    let total: u64 = p.read("total_supply", ()).await?;
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", issuer AS "issuer!", holder AS "holder!", kind AS "kind!",
                  content_hash AS "content_hash!", iktomi_ms(issued_at) AS "issued_at!",
                  iktomi_ms(expires_at) AS expires_at, iktomi_ms(revoked_at) AS revoked_at,
                  revocation_reason, supersedes, superseded_by, status AS "status!"
           FROM certificate_status ORDER BY id"#
    )
    .fetch_all(pool)
    .await?;
    assert_eq!(rows.len() as u64, total, "one row per certificate on chain");
    for row in rows {
        let id = row.id as u64;
        let c: Certificate = p
            .read::<Option<Certificate>>("certificate", id)
            .await?
            .with_context(|| format!("certificate {id} is not on chain"))?;
        let status: CertificateStatus = p
            .read::<Option<CertificateStatus>>("status", id)
            .await?
            .context("status")?;
        let account = |a: &AccountId| AsRef::<[u8]>::as_ref(a).to_vec();
        assert_eq!(row.issuer, account(&c.issuer), "issuer of {id}");
        assert_eq!(row.holder, account(&c.holder), "holder of {id}");
        assert_eq!(row.kind, kind(c.kind), "kind of {id}");
        assert_eq!(row.content_hash, c.content_hash.to_vec(), "hash of {id}");
        assert_eq!(row.issued_at as u64, c.issued_at, "issued_at of {id}");
        assert_eq!(ms(row.expires_at), c.expires_at, "expires_at of {id}");
        assert_eq!(
            ms(row.revoked_at),
            c.revocation.map(|r| r.at),
            "revoked_at of {id}"
        );
        assert_eq!(
            row.revocation_reason,
            c.revocation.map(|r| reason(r.reason)),
            "reason of {id}"
        );
        assert_eq!(
            row.supersedes.map(|s| s as u64),
            c.supersedes,
            "supersedes of {id}"
        );
        assert_eq!(
            row.superseded_by.map(|s| s as u64),
            c.superseded_by,
            "superseded_by of {id}"
        );
        let expected = match status {
            CertificateStatus::Active => "active",
            CertificateStatus::Expired => "expired",
            CertificateStatus::Revoked(_) => "revoked",
            CertificateStatus::Superseded(_) => "superseded",
            CertificateStatus::IssuerSuspended => "issuer_suspended",
        };
        assert_eq!(row.status, expected, "status of {id}");
    }
    assert_tenure_mirrors_chain(pool, p).await
}

async fn assert_tenure_mirrors_chain(pool: &PgPool, p: &Platform) -> anyhow::Result<()> {
    let (_, now) = p.registry.chain.finalized_time().await?;
    let rows = sqlx::query!(
        r#"SELECT holder, issuer, accrued_ms, staked_certificate,
                  iktomi_ms(staked_since) AS staked_since,
                  iktomi_tenure_ms(holder, issuer, iktomi_time($1)) AS "tenure_ms!"
           FROM tenure"#,
        now as i64
    )
    .fetch_all(pool)
    .await?;
    for row in rows {
        let holder = AccountId::from(to32(&row.holder)?);
        let issuer = AccountId::from(to32(&row.issuer)?);
        let record: TenureRecord = p.read("tenure_record", (holder, issuer)).await?;
        assert_eq!(row.accrued_ms as u64, record.accrued_ms, "settled tenure");
        assert_eq!(
            (ms(row.staked_certificate), ms(row.staked_since)),
            (
                record.stake.map(|s| s.certificate),
                record.stake.map(|s| s.since)
            ),
            "open stake"
        );
        let tenure: u64 = p.read("tenure_of", (holder, issuer)).await?;
        assert_eq!(row.tenure_ms as u64, tenure, "tenure at block time {now}");
    }
    Ok(())
}

fn to32(bytes: &[u8]) -> anyhow::Result<AccountBytes> {
    bytes.try_into().context("a 32-byte account")
}

/// The event log holds exactly the contracts' events of every block up to `head`: none
/// missing, none twice, in chain order, byte for byte. The chain is read as stock subxt reads
/// it (a WebSocket, each block's runtime version asked for), not as the indexer fetches.
pub async fn assert_log_is_exact(pool: &PgPool, p: &Platform, head: u64) -> anyhow::Result<()> {
    let source =
        Source::over_websocket(&p.node.url, vec![p.registry.address, p.tenure.address]).await?;
    let mut expected = Vec::new();
    for n in p.record.deployment_block..=head {
        let block = source.fetch(n).await?;
        for e in block.events {
            expected.push((n as i64, e.index as i32, e.event.name().to_owned(), e.raw));
        }
    }
    let stored: Vec<(i64, i32, String, Vec<u8>)> = sqlx::query!(
        "SELECT block_number, event_index, name, raw FROM chain_events
         WHERE block_number <= $1 ORDER BY block_number, event_index",
        head as i64
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.block_number, r.event_index, r.name, r.raw))
    .collect();
    assert_eq!(stored.len(), expected.len(), "as many events as on chain");
    assert!(stored == expected, "the event log differs from the chain");
    Ok(())
}
