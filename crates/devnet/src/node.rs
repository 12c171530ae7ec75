//! A throwaway substrate-contracts-node for one test run: free ports, fresh base path, killed
//! when the handle drops. It can be stopped and started again on the same state and port, so
//! tests can take the chain away under a running client.
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use tokio::process::{Child, Command};

pub struct TestNode {
    child: Option<Child>,
    pub url: String,
    port: u16,
    base: Option<tempfile::TempDir>,
    /// Seconds from a block to its finality: 1 for quick tests, 15 or so for a public chain's pace.
    finalize_delay: u64,
}

impl TestNode {
    /// `IKTOMI_NODE_URL` reuses a running node; otherwise the node binary from
    /// `CONTRACTS_NODE` (default `substrate-contracts-node`) is started on a free port.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with_finality(1).await
    }

    /// A node whose blocks become final `finalize_delay` seconds after they are sealed.
    pub async fn start_with_finality(finalize_delay: u64) -> anyhow::Result<Self> {
        if let Ok(url) = std::env::var("IKTOMI_NODE_URL") {
            return Ok(Self {
                child: None,
                url,
                port: 0,
                base: None,
                finalize_delay,
            });
        }
        let port = free_port()?;
        let mut node = Self {
            child: None,
            url: format!("ws://127.0.0.1:{port}"),
            port,
            base: Some(tempfile::tempdir().context("node base path")?),
            finalize_delay,
        };
        node.spawn().await?;
        Ok(node)
    }

    /// The node's process id, when this handle started it.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().and_then(Child::id)
    }

    /// Kills the node (as a crash would) and waits until it is gone.
    pub async fn kill(&mut self) -> anyhow::Result<()> {
        if let Some(mut child) = self.child.take() {
            child.kill().await.context("killing the node")?;
        }
        Ok(())
    }

    /// Starts the node again on the same chain state and port.
    pub async fn restart(&mut self) -> anyhow::Result<()> {
        self.kill().await?;
        self.spawn().await
    }

    fn log_path(&self) -> Option<PathBuf> {
        self.base.as_ref().map(|b| b.path().join("node.log"))
    }

    async fn spawn(&mut self) -> anyhow::Result<()> {
        let (Some(base), Some(log_path)) = (self.base.as_ref(), self.log_path()) else {
            bail!("an external node (IKTOMI_NODE_URL) cannot be restarted by a test");
        };
        let binary =
            std::env::var("CONTRACTS_NODE").unwrap_or_else(|_| "substrate-contracts-node".into());
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)?;
        // Every listening port is chosen here: two nodes on one machine must not both try
        // the default p2p (30333) or Prometheus (9615) port, or the second one exits.
        let child = Command::new(&binary)
            .args([
                "--dev",
                "--finalize-delay-sec",
                &self.finalize_delay.to_string(),
            ])
            .args(["--state-pruning", "archive"])
            .args(["--no-prometheus", "--no-telemetry", "--no-mdns"])
            .args(["--rpc-port", &self.port.to_string()])
            .args(["--port", &free_port()?.to_string()])
            .arg("--base-path")
            .arg(base.path())
            .stdout(Stdio::null())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {binary}; run ./scripts/setup to install it"))?;
        self.child = Some(child);
        self.wait_ready().await
    }

    /// Ready means the node answers JSON-RPC, not merely that its port is open.
    async fn wait_ready(&mut self) -> anyhow::Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                bail!(
                    "the node exited ({status}) while starting:\n{}",
                    self.log_tail()
                );
            }
            // A plain client fails at once while the port is closed; a reconnecting one would
            // wait for the node and hide that it exited.
            if iktomi_chain::Chain::connect_legacy(&self.url).await.is_ok() {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        bail!(
            "the node did not answer on {} within 60 s:\n{}",
            self.url,
            self.log_tail()
        )
    }

    fn log_tail(&self) -> String {
        let text = self
            .log_path()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for TestNode {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.start_kill();
        }
    }
}

pub fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
