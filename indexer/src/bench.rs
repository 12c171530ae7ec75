//! `iktomi-indexer bench`: on a throwaway node loaded with certificates, (a) subxt alone
//! fetching the blocks and their events, (b) our indexer indexing the same range from scratch
//! into PostgreSQL, and (c) the database writer alone on an in-memory stream of decoded events.
//! Then two growth runs. The writer alone writes `--writer-growth-blocks` synthetic blocks into
//! one database, its rate over the first `--growth-small` compared with that over all of them:
//! the tables growing underneath are where our own slowdown would come from. On the node, the
//! chain is lengthened with empty-remark blocks and raw and ours are measured side by side over
//! its first `--growth-small` and `--growth-blocks` blocks, so a drop that is the node's own
//! shows in both.
//! Besides the human table it prints one `report\t...` line per figure for the report script.
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
    /// Load rounds per issuer (3 issuers; a round is a batch issue, a revoke and a supersede,
    /// about a block each). Each transaction waits for finality, about 2.5 a second in all, so
    /// 40 rounds (some 370 blocks with events) cost two and a half minutes; 112 give 1000.
    #[arg(long, default_value_t = 40)]
    rounds: u32,
    /// Certificates per batch issue.
    #[arg(long, default_value_t = 50)]
    batch: u32,
    /// Events the writer alone is fed.
    #[arg(long, default_value_t = 100_000)]
    writer_events: u32,
    /// Synthetic blocks the writer's growth run writes into one database; its rate over all of
    /// them is compared with that over the first `--growth-small`. 0 skips it.
    #[arg(long, default_value_t = 50_000)]
    writer_growth_blocks: u64,
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Each chain measurement is repeated this many times, raw and ours alternating; the best
    /// run of each counts.
    #[arg(long, default_value_t = 3)]
    repeat: u32,
    /// The growth run's short range, in blocks from the deployment block.
    #[arg(long, default_value_t = 1_000)]
    growth_small: u64,
    /// The growth run's long range on the node. The dev node seals a block per transaction,
    /// so lengthening the chain costs a transaction round trip per block (about 15 blocks/s);
    /// 0 skips the node's growth run.
    #[arg(long, default_value_t = 2_000)]
    growth_blocks: u64,
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
        // The new database's files and WAL are flushed now rather than in the background of
        // the run timed next, where they would take their CPU and disk from the node.
        sqlx::query("CHECKPOINT").execute(&admin).await?;
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

#[derive(Default)]
struct Rate {
    secs: f64,
    blocks: u64,
    events: u64,
    /// Ours only: where the time went (the rest is start-up).
    waited: f64,
    wrote: f64,
    batches: u64,
}

impl Rate {
    fn per_sec(&self, n: u64) -> f64 {
        n as f64 / self.secs.max(1e-9)
    }

    fn blocks_per_sec(&self) -> f64 {
        self.per_sec(self.blocks)
    }

    fn breakdown(&self) -> String {
        format!(
            "start-up {:.0} ms, waiting for blocks {:.0} ms, writing {:.0} ms in {} transactions",
            (self.secs - self.waited - self.wrote) * 1e3,
            self.waited * 1e3,
            self.wrote * 1e3,
            self.batches
        )
    }
}

/// One range measured three ways, each the best of its runs.
struct Sides {
    /// subxt as it comes: each block's runtime version asked for before its events.
    raw: Rate,
    /// subxt fetching as our indexer does: a connection per block in flight, the range's
    /// runtime version looked up once.
    planned: Rate,
    ours: Rate,
}

impl Sides {
    /// Ours against each baseline.
    fn reports(&self) -> [Report; 2] {
        let what = |baseline: &str| {
            format!(
                "indexer backfill vs {baseline}, {} blocks (blocks/s)",
                self.ours.blocks
            )
        };
        [
            Report::new(
                &what("raw subxt"),
                self.ours.blocks_per_sec(),
                self.raw.blocks_per_sec(),
                "blocks/s",
                ">= 0.9",
            ),
            Report::new(
                &what("raw subxt fetching as ours does"),
                self.ours.blocks_per_sec(),
                self.planned.blocks_per_sec(),
                "blocks/s",
                "none (stricter than the goal's baseline)",
            ),
        ]
    }
}

/// Raw, planned raw and ours on one range: alternating, so a node that slows down or warms up
/// weighs on all alike, and the best of `repeat` each.
async fn side_by_side(
    url: &str,
    node: Option<u32>,
    settings: &Settings,
    (from, to): (u64, u64),
    repeat: u32,
) -> anyhow::Result<Sides> {
    fn keep_best(best: &mut Option<Rate>, run: Rate) {
        if best.as_ref().is_none_or(|b| run.secs < b.secs) {
            *best = Some(run);
        }
    }
    let (mut raw, mut planned, mut ours) = (None, None, None);
    let mut runs = Vec::new();
    for round in 0..repeat.max(1) {
        // Each takes each place in turn, so none always follows the same one.
        for which in (0..3).map(|i| (i + round) % 3) {
            settle(node).await;
            let (name, run) = match which {
                0 => ("raw", fetch_raw(settings, from, to, false).await?),
                1 => ("planned", fetch_raw(settings, from, to, true).await?),
                _ => ("ours", index_from_scratch(url, settings, to).await?),
            };
            runs.push(format!("{name} {:.0}", run.blocks_per_sec()));
            let best = match which {
                0 => &mut raw,
                1 => &mut planned,
                _ => &mut ours,
            };
            keep_best(best, run);
        }
    }
    eprintln!(
        "[bench] blocks {from}..={to}, every run in blocks/s: {}",
        runs.join(", ")
    );
    Ok(Sides {
        raw: raw.context("no run")?,
        planned: planned.context("no run")?,
        ours: ours.context("no run")?,
    })
}

/// Waits, up to 30 s, until the node has used under a twentieth of a core for a quarter of a
/// second: after the chain was written to, its database compacts in the background and would
/// take CPU from whichever run came first. Reads the node's CPU time from `/proc`.
async fn settle(node: Option<u32>) {
    fn cpu_ticks(pid: u32) -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // Fields after the command name, which is in parentheses and may hold spaces.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    }
    let Some(pid) = node else { return };
    let deadline = Instant::now() + Duration::from_secs(30);
    let Some(mut before) = cpu_ticks(pid) else {
        return;
    };
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let Some(now) = cpu_ticks(pid) else { return };
        // Ticks are hundredths of a second: 1 in 25 is under a twentieth of a core.
        if now - before <= 1 {
            return;
        }
        before = now;
    }
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    let bench_started = Instant::now();
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

    let Sides { raw, planned, ours } = side_by_side(
        &args.database_url,
        p.node.pid(),
        &settings,
        (from, head),
        args.repeat,
    )
    .await?;
    let writer = writer_alone(&args.database_url, args.writer_events).await?;

    println!(
        "\nindexer benchmark (best of {} runs each, alternating; concurrency {}, batches of up to {} blocks)",
        args.repeat, args.concurrency, settings.batch_blocks
    );
    println!(
        "{:<34} {:>8} {:>8} {:>9} {:>12} {:>12}",
        "", "blocks", "events", "secs", "blocks/s", "events/s"
    );
    for (label, r) in [
        ("(a) raw: subxt fetch + events", &raw),
        ("(a') raw, our fetch plan", &planned),
        ("(b) ours: index into PostgreSQL", &ours),
        ("(c) writer alone (in-memory)", &writer),
    ] {
        println!(
            "{label:<34} {:>8} {:>8} {:>9.3} {:>12.0} {:>12.0}",
            r.blocks,
            r.events,
            r.secs,
            r.blocks_per_sec(),
            r.per_sec(r.events)
        );
    }
    println!("ours, where the time went: {}", ours.breakdown());
    println!(
        "\nratio ours/raw (blocks/s): {:.2} (goal >= 0.9); ours/raw on our fetch plan: {:.2}",
        ours.blocks_per_sec() / raw.blocks_per_sec(),
        ours.blocks_per_sec() / planned.blocks_per_sec()
    );
    println!(
        "writer alone: {:.0} events/s (goal >= 20000)",
        writer.per_sec(writer.events)
    );
    let mut reports = Vec::from(Sides { raw, planned, ours }.reports());
    reports.extend([Report::new(
        "indexer writer alone (events/s)",
        writer.per_sec(writer.events),
        20_000.0,
        "events/s",
        ">= 1.0 (baseline: the goal)",
    )]);
    if args.writer_growth_blocks > 0 {
        let (first, all) = writer_growth(
            &args.database_url,
            args.growth_small,
            args.writer_growth_blocks,
        )
        .await?;
        println!(
            "\nwriter growth ({WRITER_GROWTH_EVENTS} synthetic events a block, one database): {:.0} blocks/s over the first {}, {:.0} blocks/s over all {}: {:.2} (goal: >= 0.9, no more than 10 % slower)",
            first.blocks_per_sec(),
            first.blocks,
            all.blocks_per_sec(),
            all.blocks,
            all.blocks_per_sec() / first.blocks_per_sec()
        );
        reports.push(Report::new(
            &format!(
                "indexer writer growth: {} vs first {} blocks (blocks/s)",
                all.blocks, first.blocks
            ),
            all.blocks_per_sec(),
            first.blocks_per_sec(),
            "blocks/s",
            ">= 0.9 (no more than 10 % slower)",
        ));
    }
    if args.growth_blocks > 0 {
        let sizes = growth(&args, &p, &settings).await?;
        println!(
            "\ngrowth on the node (from scratch, best of {} each, alternating)",
            args.repeat
        );
        println!(
            "{:>8} {:>14} {:>17} {:>14} {:>9} {:>16}",
            "blocks",
            "raw blocks/s",
            "planned blocks/s",
            "ours blocks/s",
            "ours/raw",
            "ours/planned"
        );
        for Sides { raw, planned, ours } in &sizes {
            println!(
                "{:>8} {:>14.0} {:>17.0} {:>14.0} {:>9.2} {:>16.2}",
                ours.blocks,
                raw.blocks_per_sec(),
                planned.blocks_per_sec(),
                ours.blocks_per_sec(),
                ours.blocks_per_sec() / raw.blocks_per_sec(),
                ours.blocks_per_sec() / planned.blocks_per_sec()
            );
            println!("{:>8} ours: {}", "", ours.breakdown());
        }
        if let Some(last) = sizes.last() {
            reports.extend(last.reports());
        }
        if let [Sides {
            raw: raw_s,
            ours: ours_s,
            ..
        }, Sides {
            raw: raw_l,
            ours: ours_l,
            ..
        }] = &sizes[..]
        {
            let (n, m) = (ours_l.blocks, ours_s.blocks);
            reports.push(Report::new(
                &format!("indexer growth on the node: ours over {n} vs {m} blocks (blocks/s)"),
                ours_l.blocks_per_sec(),
                ours_s.blocks_per_sec(),
                "blocks/s",
                ">= 0.9 unless raw drops alike",
            ));
            reports.push(Report::new(
                &format!("raw subxt growth on the node: {n} vs {m} blocks (blocks/s)"),
                raw_l.blocks_per_sec(),
                raw_s.blocks_per_sec(),
                "blocks/s",
                "none (the node's own)",
            ));
            reports.push(Report::new(
                &format!("indexer growth on the node: ours/raw over {n} vs {m} blocks"),
                ours_l.blocks_per_sec() / raw_l.blocks_per_sec(),
                ours_s.blocks_per_sec() / raw_s.blocks_per_sec(),
                "x raw",
                ">= 0.9",
            ));
        }
    }
    eprintln!(
        "[bench] done in {:.0}s",
        bench_started.elapsed().as_secs_f64()
    );
    println!();
    for r in reports {
        println!("{r}");
    }
    Ok(())
}

/// One figure for the report script: what, figure, baseline, their ratio, the goal.
struct Report {
    what: String,
    figure: f64,
    baseline: f64,
    unit: &'static str,
    goal: &'static str,
}

impl Report {
    fn new(what: &str, figure: f64, baseline: f64, unit: &'static str, goal: &'static str) -> Self {
        Self {
            what: what.to_owned(),
            figure,
            baseline,
            unit,
            goal,
        }
    }
}

/// Rates print whole; ratios, under 10, keep two decimals.
struct Figure(f64);

impl std::fmt::Display for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.abs() < 10.0 {
            write!(f, "{:.2}", self.0)
        } else {
            write!(f, "{:.0}", self.0)
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "report\t{}\t{} {}\t{} {}\t{:.2}\t{}",
            self.what,
            Figure(self.figure),
            self.unit,
            Figure(self.baseline),
            self.unit,
            self.figure / self.baseline.max(1e-9),
            self.goal
        )
    }
}

/// Raw and ours side by side over the first `growth_small` blocks after the deployment block
/// and then over `growth_blocks`, lengthening the chain as needed. Both sizes start at the
/// deployment block, so the long range holds the short one.
async fn growth(args: &BenchArgs, p: &Platform, settings: &Settings) -> anyhow::Result<Vec<Sides>> {
    let from = settings.deployment_block;
    let chain = &p.registry.chain;
    let mut sizes = Vec::new();
    for length in [args.growth_small, args.growth_blocks] {
        let until = from + length - 1;
        let started = Instant::now();
        lengthen(chain, until).await?;
        eprintln!(
            "[bench] chain at block {until} ({:.0}s); indexing {length} blocks",
            started.elapsed().as_secs_f64()
        );
        sizes.push(
            side_by_side(
                &args.database_url,
                p.node.pid(),
                settings,
                (from, until),
                args.repeat,
            )
            .await?,
        );
    }
    Ok(sizes)
}

/// Seals blocks until the finalized head is at least `until`: one empty remark per block, as
/// the dev node seals a block for each transaction it takes; each waits for its block, or
/// several would share one.
async fn lengthen(chain: &iktomi_chain::Chain, until: u64) -> anyhow::Result<()> {
    let signer = dev::ferdie();
    let account = iktomi_chain::account_of(&signer);
    let call = chain
        .call_data("System", "remark", &Vec::<u8>::new().encode())
        .await?;
    let (mut nonce, mut head) = chain.finalized_nonce(account).await?;
    while head < until {
        for _ in head..until {
            let tx = chain.sign(&signer, &call, nonce).await?;
            let submitted = chain
                .submit_signed(tx.bytes)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            submitted.in_block().await;
            nonce += 1;
        }
        // Until all of them are final; a few may have shared a block, and the next round
        // makes up for those.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (finalized, at) = chain.finalized_nonce(account).await?;
            head = at;
            if finalized >= nonce || Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    Ok(())
}

/// What subxt alone does from scratch: connect, then every block's hash, its events fetched
/// and walked, as many blocks at a time as the indexer fetches. `planned` fetches them as the
/// indexer does: over HTTP, with the runtime version pinned.
async fn fetch_raw(settings: &Settings, from: u64, to: u64, planned: bool) -> anyhow::Result<Rate> {
    let started = Instant::now();
    // Stock subxt: one WebSocket, the runtime version asked for before each block.
    // Planned: as the indexer fetches, over HTTP with the range's version pinned.
    let source = if planned {
        Source::connect(&settings.node_url, Vec::new())
            .await?
            .pinned((from, to))
            .await?
    } else {
        Source::over_websocket(&settings.node_url, Vec::new()).await?
    };
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
        ..Rate::default()
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
        waited: metrics.fetch_wait_seconds.get(),
        wrote: metrics.write_seconds.get(),
        batches: metrics.batches.get(),
    };
    db.drop().await?;
    Ok(rate)
}

/// A database of its own with a cursor at block 0, for synthetic blocks from block 1.
async fn writer_db(url: &str) -> anyhow::Result<ScratchDb> {
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
    Ok(db)
}

/// Blocks written per transaction by the writer alone, about what a backfill writes.
const WRITER_BATCH_BLOCKS: usize = 50;

/// Blocks of 100 synthetic events (issues with a revocation every tenth), written in batches
/// as the indexer writes them.
async fn writer_alone(url: &str, events: u32) -> anyhow::Result<Rate> {
    const PER_BLOCK: u32 = 100;
    let db = writer_db(url).await?;
    let blocks: Vec<IndexedBlock> = (1..=events.div_ceil(PER_BLOCK))
        .map(|n| synthetic_block(u64::from(n), PER_BLOCK))
        .collect();
    let started = Instant::now();
    let mut written = 0;
    for batch in blocks.chunks(WRITER_BATCH_BLOCKS) {
        written += store::write_blocks(&db.pool, batch).await? as u64;
    }
    let rate = Rate {
        secs: started.elapsed().as_secs_f64(),
        blocks: blocks.len() as u64,
        events: written,
        ..Rate::default()
    };
    db.drop().await?;
    Ok(rate)
}

/// Synthetic events a block in the writer's growth run: the tables grow by about that many
/// rows a block, so 50k blocks leave them at half a million rows.
const WRITER_GROWTH_EVENTS: u32 = 10;

/// The writer alone, `total` synthetic blocks into one database as the tables grow, after a
/// warm-up batch: the rate over the first `first` blocks and over all of them. Blocks are built batch by batch, so
/// memory stays flat however long the run.
async fn writer_growth(url: &str, first: u64, total: u64) -> anyhow::Result<(Rate, Rate)> {
    let db = writer_db(url).await?;
    let first = first.min(total);
    // One batch first, untimed: it pays for the connections' first plans and the new
    // database's caches, a start-up cost that would make the short window look slow.
    let warm_up = WRITER_BATCH_BLOCKS as u64;
    let batch: Vec<IndexedBlock> = (1..=warm_up)
        .map(|n| synthetic_block(n, WRITER_GROWTH_EVENTS))
        .collect();
    store::write_blocks(&db.pool, &batch).await?;
    let started = Instant::now();
    let mut early = None;
    let mut events = 0;
    let mut next = warm_up + 1;
    let last = warm_up + total;
    while next <= last {
        let end = (next + WRITER_BATCH_BLOCKS as u64 - 1).min(last);
        let batch: Vec<IndexedBlock> = (next..=end)
            .map(|n| synthetic_block(n, WRITER_GROWTH_EVENTS))
            .collect();
        events += store::write_blocks(&db.pool, &batch).await? as u64;
        if early.is_none() && end - warm_up >= first {
            early = Some(Rate {
                secs: started.elapsed().as_secs_f64(),
                blocks: end - warm_up,
                events,
                ..Rate::default()
            });
        }
        next = end + 1;
    }
    let all = Rate {
        secs: started.elapsed().as_secs_f64(),
        blocks: total,
        events,
        ..Rate::default()
    };
    db.drop().await?;
    Ok((early.context("no blocks written")?, all))
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
