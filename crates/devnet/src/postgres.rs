//! A private PostgreSQL cluster for tests that must restart the database under a running
//! client, or reach it over TLS only: initdb in a temporary directory, the server on a free
//! port, stopped on drop. initdb and the server refuse to run as root, so as root they run as
//! the `postgres` user.
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};

use crate::node::free_port;

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// Only TLS connections over TCP; plain ones find no entry and are refused.
const HBA_TLS_ONLY: &str = "local all all trust\nhostssl all all 127.0.0.1/32 trust\n";

pub struct TestPostgres {
    dir: tempfile::TempDir,
    port: u16,
    /// `postgres://…/postgres`, with `sslmode=verify-full` against `ca` for a TLS cluster.
    pub url: String,
    /// The certificate authority that signed a TLS cluster's certificate.
    pub ca: Option<PathBuf>,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Runs a PostgreSQL tool, as the postgres user when we are root.
fn pg(tool: &str, args: &[&str]) -> anyhow::Result<()> {
    let bin = std::env::var("PG_BIN").unwrap_or_else(|_| PG_BIN.into());
    let program = Path::new(&bin).join(tool);
    let mut command = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(&program);
        c
    } else {
        Command::new(&program)
    };
    let out = command
        .args(args)
        .output()
        .with_context(|| format!("running {}", program.display()))?;
    if !out.status.success() {
        bail!(
            "{tool} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// Gives `path` (recursively) to the postgres user when we are root, as the server runs as it.
fn hand_to_postgres(path: &Path) -> anyhow::Result<()> {
    if is_root() {
        let status = Command::new("chown")
            .args(["-R", "postgres:"])
            .arg(path)
            .status()?;
        anyhow::ensure!(status.success(), "chown of {} failed", path.display());
    }
    Ok(())
}

/// A certificate authority and a server certificate for 127.0.0.1 in `dir`, made by the same
/// script as the dev cluster's (`scripts/lib/pg-tls-certs`).
pub fn make_tls_certificates(dir: &Path) -> anyhow::Result<()> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/lib/pg-tls-certs");
    let out = Command::new(&script)
        .arg(dir)
        .output()
        .with_context(|| format!("running {} (needs openssl)", script.display()))?;
    anyhow::ensure!(
        out.status.success(),
        "pg-tls-certs failed: {}",
        String::from_utf8_lossy(&out.stderr).trim()
    );
    Ok(())
}

impl TestPostgres {
    pub fn start() -> anyhow::Result<Self> {
        Self::start_with(false)
    }

    /// A cluster that speaks only TLS, with a certificate for 127.0.0.1 from a throwaway CA.
    pub fn start_tls() -> anyhow::Result<Self> {
        Self::start_with(true)
    }

    fn start_with(tls: bool) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        hand_to_postgres(dir.path())?;
        let data = dir.path().join("data");
        pg(
            "initdb",
            &[
                "-D",
                data.to_str().context("cluster path")?,
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        )?;
        let port = free_port()?;
        let mut url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
        let mut ca = None;
        if tls {
            let certs = dir.path().join("tls");
            make_tls_certificates(&certs)?;
            hand_to_postgres(&certs)?;
            let hba = data.join("pg_hba.conf");
            std::fs::write(&hba, HBA_TLS_ONLY)?;
            hand_to_postgres(&hba)?;
            url = format!(
                "{url}?sslmode=verify-full&sslrootcert={}",
                certs.join("ca.crt").display()
            );
            ca = Some(certs.join("ca.crt"));
        }
        let db = Self { url, dir, port, ca };
        db.ctl("start")?;
        Ok(db)
    }

    /// The cluster's URL with other connection parameters (`sslmode=disable`, say).
    pub fn url_with(&self, query: &str) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{}/postgres?{query}",
            self.port
        )
    }

    fn ctl(&self, action: &str) -> anyhow::Result<()> {
        let data = self.dir.path().join("data");
        let log = self.dir.path().join("server.log");
        let mut options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        if self.ca.is_some() {
            let certs = self.dir.path().join("tls");
            options.push_str(&format!(
                " -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
                certs.join("server.crt").display(),
                certs.join("server.key").display()
            ));
        }
        pg(
            "pg_ctl",
            &[
                "-D",
                data.to_str().context("cluster path")?,
                "-l",
                log.to_str().context("log path")?,
                "-o",
                &options,
                "-m",
                "fast",
                "-w",
                "-s",
                action,
            ],
        )
    }

    /// Stops the server (closing every connection) and starts it again on the same port.
    pub fn restart(&self) -> anyhow::Result<()> {
        self.ctl("restart")
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        let _ = self.ctl("stop");
    }
}
