//! `iktomi-indexer run` mirrors the chain into PostgreSQL; `iktomi-indexer bench` (built with
//! `--features bench`) measures it.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};
use iktomi_chain::Deployment;
use iktomi_indexer::election;
use iktomi_indexer::metrics::{self, Metrics};
use iktomi_indexer::Settings;
use sqlx::postgres::PgPoolOptions;

#[cfg(feature = "bench")]
mod bench;

#[derive(Parser)]
#[command(about = "Mirrors the Iktomi contracts into PostgreSQL")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Backfill from the cursor (or the deployment block), then follow finalized blocks; while
    /// another indexer is active on the same database, stand by.
    Run(RunArgs),
    #[cfg(feature = "bench")]
    /// Measure fetching (subxt alone), indexing and writing rates on a throwaway chain.
    Bench(bench::BenchArgs),
}

#[derive(clap::Args)]
struct RunArgs {
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// What to index: contract addresses, deployment block and (unless --node-url) the node.
    #[arg(
        long,
        env = "IKTOMI_DEPLOYMENT",
        default_value = ".data/deployment.json"
    )]
    deployment: PathBuf,
    #[arg(long, env = "IKTOMI_NODE_URL")]
    node_url: Option<String>,
    /// Where /health and /metrics are served.
    #[arg(long, env = "IKTOMI_INDEXER_LISTEN", default_value = "127.0.0.1:9616")]
    listen: SocketAddr,
    /// Blocks fetched at the same time.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    #[arg(long, default_value_t = 500)]
    batch_blocks: usize,
    #[arg(long, default_value_t = 500)]
    poll_ms: u64,
}

async fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let deployment = Deployment::read(&args.deployment)?;
    let settings = Settings {
        node_url: args.node_url.unwrap_or(deployment.node_url),
        registry: deployment.registry.account()?,
        tenure: deployment.tenure.account()?,
        deployment_block: deployment.deployment_block,
        concurrency: args.concurrency,
        batch_blocks: args.batch_blocks,
        poll: Duration::from_millis(args.poll_ms),
    };
    // A lazy pool: the database may come up after the indexer, or restart under it.
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_secs(5))
        .connect_lazy(&args.database_url)
        .context("DATABASE_URL")?;
    let metrics = Metrics::default();
    let server = tokio::spawn(metrics::serve(args.listen, metrics.clone()));
    tracing::info!(node = %settings.node_url, from_block = settings.deployment_block, "starting");
    let elected = election::run_when_elected(&pool, &metrics, || {
        iktomi_indexer::run(&settings, &pool, &metrics)
    });
    tokio::select! {
        error = elected => {
            tracing::error!("{error}");
            Ok(ExitCode::from(2))
        }
        served = server => {
            served?.context("the /health and /metrics server stopped")?;
            Ok(ExitCode::FAILURE)
        }
        _ = tokio::signal::ctrl_c() => {
            tracing::info!("stopping; the cursor is at the last committed batch");
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,subxt=warn,jsonrpsee=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match Cli::parse().command {
        Command::Run(args) => run(args).await,
        #[cfg(feature = "bench")]
        Command::Bench(args) => bench::run(args).await.map(|()| ExitCode::SUCCESS),
    };
    result.unwrap_or_else(|e| {
        tracing::error!("{e:#}");
        ExitCode::FAILURE
    })
}
