//! `iktomi-indexer bench`: on a throwaway node loaded with certificates, (a) subxt alone
//! fetching the blocks and their events, (b) our indexer indexing the same range from scratch
//! into PostgreSQL, and (c) the database writer alone on an in-memory stream of decoded events.
use std::str::FromStr;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use futures::StreamExt;
use iktomi_chain::dev;
use iktomi_devnet::load;
use iktomi_devnet::platform::Platform;
use iktomi_indexer::decode::ContractEvent;
use iktomi_indexer::metrics::Metrics;
use iktomi_indexer::source::Source;
use iktomi_indexer::store::{self, Cursor, IndexedBlock, IndexedEvent};
use iktomi_indexer::Settings;
use iktomi_shared::events::{CertificateIssued, CertificateRevoked};
use iktomi_shared::ink::env::Event as _;
use iktomi_shared::{AccountId, Kind, RevocationReason};
use parity_scale_codec::Encode;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
// Database names here are built from a fixed label and the process id only.
use sqlx::{AssertSqlSafe, ConnectOptions, PgPool};

#[derive(clap::Args)]
pub struct BenchArgs {
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// Load rounds per issuer (3 issuers; a round is a batch issue, a revoke and a supersede).
    #[arg(long, default_value_t = 12)]
    rounds: u32,
    /// Certificates per batch issue.
    #[arg(long, default_value_t = 100)]
    batch: u32,
    /// Events the writer alone is fed.
    #[arg(long, default_value_t = 100_000)]
    writer_events: u32,
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Each chain measurement is repeated this many times; the best run counts.
    #[arg(long, default_value_t = 3)]
    repeat: u32,
}

/// A database of its own for one measurement, dropped afterwards.
struct ScratchDb {
    admin: PgPool,
    name: String,
    pool: PgPool,
}

impl ScratchDb {
    async fn create(url: &str, label: &str) -> anyhow::Result<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone().database("postgres"))
            .await
            .context("connecting to the server of DATABASE_URL")?;
        let name = format!("iktomi_bench_{label}_{}", std::process::id());
        sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}")))
            .execute(&admin)
            .await?;
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await?;
        let pool = PgPoolOptions::new()
            .max_connections(4)
            .connect_with(options.database(&name).disable_statement_logging())
            .await?;
        store::migrate(&pool).await?;
        Ok(Self { admin, name, pool })
    }

    async fn drop(self) -> anyhow::Result<()> {
        self.pool.close().await;
        sqlx::query(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {}",
            self.name
        )))
        .execute(&self.admin)
        .await?;
        Ok(())
    }
}

struct Rate {
    secs: f64,
    blocks: u64,
    events: u64,
}

impl Rate {
    fn per_sec(&self, n: u64) -> f64 {
        n as f64 / self.secs.max(1e-9)
    }
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    eprintln!("[bench] starting a node and loading it ...");
    let p = Platform::start().await?;
    let issuers = [dev::bob(), dev::dave(), dev::eve()];
    let never = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let report = load::generate(&p, &issuers, args.batch, args.rounds, never).await?;
    let (head, _) = p.registry.chain.finalized_time().await?;
    let from = p.record.deployment_block;
    eprintln!(
        "[bench] {} transactions, {} certificates in {:.0}s; blocks {from}..={head}",
        report.transactions,
        report.certificates,
        started.elapsed().as_secs_f64()
    );
    let settings = Settings {
        node_url: p.node.url.clone(),
        registry: p.registry.address,
        tenure: p.tenure.address,
        deployment_block: from,
        concurrency: args.concurrency,
        batch_blocks: 500,
        poll: Duration::from_millis(200),
    };

    let mut raw = None::<Rate>;
    let mut ours = None::<Rate>;
    for _ in 0..args.repeat.max(1) {
        let r = fetch_raw(&settings, from, head).await?;
        if raw.as_ref().is_none_or(|best| r.secs < best.secs) {
            raw = Some(r);
        }
        let o = index_from_scratch(&args.database_url, &settings, head).await?;
        if ours.as_ref().is_none_or(|best| o.secs < best.secs) {
            ours = Some(o);
        }
    }
    let (raw, ours) = (raw.context("no run")?, ours.context("no run")?);
    let writer = writer_alone(&args.database_url, args.writer_events).await?;

    println!(
        "\nindexer benchmark (best of {} runs, concurrency {})",
        args.repeat, args.concurrency
    );
    println!(
        "{:<34} {:>8} {:>8} {:>9} {:>12} {:>12}",
        "", "blocks", "events", "secs", "blocks/s", "events/s"
    );
    for (label, r) in [
        ("(a) raw: subxt fetch + events", &raw),
        ("(b) ours: index into PostgreSQL", &ours),
        ("(c) writer alone (in-memory)", &writer),
    ] {
        println!(
            "{label:<34} {:>8} {:>8} {:>9.3} {:>12.0} {:>12.0}",
            r.blocks,
            r.events,
            r.secs,
            r.per_sec(r.blocks),
            r.per_sec(r.events)
        );
    }
    println!(
        "\nratio ours/raw (blocks/s): {:.2} (goal >= 0.9)",
        ours.per_sec(ours.blocks) / raw.per_sec(raw.blocks)
    );
    println!(
        "writer alone: {:.0} events/s (goal >= 20000)",
        writer.per_sec(writer.events)
    );
    Ok(())
}

/// What subxt alone does from scratch: connect, then every block's hash, its events fetched
/// and walked, as many blocks at a time as the indexer fetches.
async fn fetch_raw(settings: &Settings, from: u64, to: u64) -> anyhow::Result<Rate> {
    let started = Instant::now();
    let source = Source::connect(&settings.node_url, Vec::new()).await?;
    let mut counts = futures::stream::iter(from..=to)
        .map(|n| source.fetch_raw(n))
        .buffered(settings.concurrency.max(1));
    let mut events = 0;
    while let Some(count) = counts.next().await {
        events += count? as u64;
    }
    Ok(Rate {
        secs: started.elapsed().as_secs_f64(),
        blocks: to - from + 1,
        events,
    })
}

async fn index_from_scratch(url: &str, settings: &Settings, head: u64) -> anyhow::Result<Rate> {
    let db = ScratchDb::create(url, "index").await?;
    let metrics = Metrics::default();
    let started = Instant::now();
    let last = iktomi_indexer::catch_up(settings, &db.pool, &metrics)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(last >= head, "indexed to {last}, not {head}");
    let rate = Rate {
        secs,
        blocks: metrics.blocks.get(),
        events: metrics.events.get(),
    };
    db.drop().await?;
    Ok(rate)
}

/// Blocks of 100 synthetic events (issues with a revocation every tenth), written in batches of
/// 50 blocks as the indexer writes them.
async fn writer_alone(url: &str, events: u32) -> anyhow::Result<Rate> {
    const PER_BLOCK: u32 = 100;
    const BLOCKS_PER_BATCH: usize = 50;
    let db = ScratchDb::create(url, "writer").await?;
    store::init_cursor(
        &db.pool,
        &Cursor {
            genesis_hash: [0; 32],
            registry: [1; 32],
            tenure: [2; 32],
            last_block_number: 0,
            last_block_hash: [0; 32],
        },
    )
    .await?;
    let blocks: Vec<IndexedBlock> = (1..=events.div_ceil(PER_BLOCK))
        .map(|n| synthetic_block(u64::from(n), PER_BLOCK))
        .collect();
    let started = Instant::now();
    let mut written = 0;
    for batch in blocks.chunks(BLOCKS_PER_BATCH) {
        written += store::write_blocks(&db.pool, batch).await? as u64;
    }
    let rate = Rate {
        secs: started.elapsed().as_secs_f64(),
        blocks: blocks.len() as u64,
        events: written,
    };
    db.drop().await?;
    Ok(rate)
}

fn synthetic_block(number: u64, events: u32) -> IndexedBlock {
    let issuer = AccountId::from([7; 32]);
    let events = (0..events)
        .map(|i| {
            let id = (number - 1) * 1_000 + u64::from(i / 2) + 1;
            let event = if i % 10 == 9 {
                ContractEvent::CertificateRevoked(CertificateRevoked {
                    id: id - 1,
                    issuer,
                    holder: AccountId::from([8; 32]),
                    reason: RevocationReason::Dismissed,
                    at: 2_000,
                    superseded_by: None,
                })
            } else {
                ContractEvent::CertificateIssued(CertificateIssued {
                    id: (number - 1) * 1_000 + u64::from(i) + 1,
                    issuer,
                    holder: AccountId::from([8; 32]),
                    kind: Kind::Course,
                    content_hash: [9; 32],
                    issued_at: 1_000,
                    expires_at: None,
                    supersedes: None,
                    request: None,
                    minter: None,
                    pending: false,
                })
            };
            let (raw, signature) = match &event {
                ContractEvent::CertificateRevoked(e) => {
                    (e.encode(), CertificateRevoked::SIGNATURE_TOPIC)
                }
                ContractEvent::CertificateIssued(e) => {
                    (e.encode(), CertificateIssued::SIGNATURE_TOPIC)
                }
                _ => (Vec::new(), None),
            };
            IndexedEvent {
                index: i,
                extrinsic: Some(1),
                contract: [1; 32],
                topics: vec![signature.unwrap_or_default()],
                raw,
                event,
            }
        })
        .collect();
    IndexedBlock {
        number,
        hash: [number as u8; 32],
        events,
    }
}
