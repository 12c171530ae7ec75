//! A throwaway substrate-contracts-node for one test run: free port, fresh base path, killed
//! when the handle drops.
use std::net::TcpListener;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use tokio::process::{Child, Command};

pub struct TestNode {
    child: Option<Child>,
    pub url: String,
    _base: Option<tempfile::TempDir>,
}

impl TestNode {
    /// `IKTOMI_NODE_URL` reuses a running node; otherwise the node binary from
    /// `CONTRACTS_NODE` (default `substrate-contracts-node`) is started on a free port.
    pub async fn start() -> anyhow::Result<Self> {
        if let Ok(url) = std::env::var("IKTOMI_NODE_URL") {
            return Ok(Self {
                child: None,
                url,
                _base: None,
            });
        }
        let binary =
            std::env::var("CONTRACTS_NODE").unwrap_or_else(|_| "substrate-contracts-node".into());
        let base = tempfile::tempdir().context("node base path")?;
        let port = free_port()?;
        let child = Command::new(&binary)
            .args([
                "--dev",
                "--rpc-port",
                &port.to_string(),
                "--finalize-delay-sec",
                "1",
                "--state-pruning",
                "archive",
            ])
            .arg("--base-path")
            .arg(base.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {binary}; run ./scripts/setup to install it"))?;
        let node = Self {
            child: Some(child),
            url: format!("ws://127.0.0.1:{port}"),
            _base: Some(base),
        };
        node.wait_ready(port).await?;
        Ok(node)
    }

    async fn wait_ready(&self, port: u16) -> anyhow::Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        bail!("the node did not open its RPC port {port} within 60 s")
    }
}

impl Drop for TestNode {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.start_kill();
        }
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
