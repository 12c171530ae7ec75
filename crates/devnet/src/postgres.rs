//! A private PostgreSQL cluster for tests that must restart the database under a running
//! client: initdb in a temporary directory, the server on a free port, stopped on drop.
//! initdb and the server refuse to run as root, so as root they run as the `postgres` user.
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context};

use crate::node::free_port;

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

pub struct TestPostgres {
    dir: tempfile::TempDir,
    port: u16,
    pub url: String,
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

impl TestPostgres {
    pub fn start() -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        if is_root() {
            let status = Command::new("chown")
                .arg("postgres:")
                .arg(dir.path())
                .status()?;
            anyhow::ensure!(status.success(), "chown of the cluster directory failed");
        }
        let data = dir.path().join("data");
        let data = data.to_str().context("cluster path")?;
        pg(
            "initdb",
            &["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"],
        )?;
        let port = free_port()?;
        let db = Self {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            dir,
            port,
        };
        db.ctl("start")?;
        Ok(db)
    }

    fn ctl(&self, action: &str) -> anyhow::Result<()> {
        let data = self.dir.path().join("data");
        let log = self.dir.path().join("server.log");
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
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
