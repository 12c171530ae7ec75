//! The pipeline: check that the database mirrors this chain, backfill from the cursor to the
//! finalized head, then follow new finalized blocks. Blocks are fetched concurrently and written
//! in order, a batch per transaction together with the cursor, so a crash anywhere loses nothing
//! and repeats nothing. When the node fails a call or stays silent, or the database goes away,
//! the pipeline starts over from the cursor after a pause that grows up to a limit.
use std::time::{Duration, Instant};

use futures::StreamExt;
use iktomi_chain::hex0x;
use sqlx::PgPool;
use tokio::sync::mpsc;

use crate::metrics::Metrics;
use crate::progress::Progress;
use crate::source::{Source, SourceError};
use crate::store::{self, Cursor, StoreError};

/// Ranges at least this long show progress even while following.
const BACKFILL_MIN_BLOCKS: u64 = 20;
const MIN_PAUSE: Duration = Duration::from_millis(250);
/// How long a backfill's write waits for more blocks of its range to fill its batch.
const LINGER: Duration = Duration::from_millis(30);
const MAX_PAUSE: Duration = Duration::from_secs(5);
/// Logged events given their JSON per round while idle: small, so a new block waits at most
/// one round before it is indexed.
const RENDER_BATCH: i64 = 500;

#[derive(Debug, Clone)]
pub struct Settings {
    pub node_url: String,
    pub registry: [u8; 32],
    pub tenure: [u8; 32],
    /// The block the contracts were deployed in; nothing before it is read.
    pub deployment_block: u64,
    /// Blocks fetched from the node at the same time.
    pub concurrency: usize,
    /// Most blocks written in one transaction.
    pub batch_blocks: usize,
    /// How often the finalized head is polled once caught up.
    pub poll: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum IndexerError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("this database mirrors another chain or deployment: {0}")]
    WrongChain(String),
}

impl IndexerError {
    /// Whether waiting and starting over from the cursor can help.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Source(SourceError::Node(_)) => true,
            Self::Source(SourceError::Decode { .. }) | Self::WrongChain(_) => false,
            Self::Store(StoreError::CursorMoved { .. }) => true,
            Self::Store(e) => e.is_transient(),
        }
    }
}

/// Runs until a permanent error; transient ones are logged, counted and waited out.
pub async fn run(settings: &Settings, pool: &PgPool, metrics: &Metrics) -> IndexerError {
    let mut pause = MIN_PAUSE;
    // One client for the whole run: its connections are opened again as calls need them, so
    // a restart of the pipeline reuses it rather than fetching the metadata again.
    let mut source = None;
    loop {
        let before = metrics.last_block.get();
        let error = follow(settings, &mut source, pool, metrics).await;
        metrics.set_connected(false);
        if !error.is_transient() {
            return error;
        }
        if metrics.last_block.get() > before {
            pause = MIN_PAUSE;
        }
        metrics.retries.inc();
        tracing::warn!(error = %error, retry_in_ms = pause.as_millis() as u64, "indexer paused");
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(MAX_PAUSE);
    }
}

async fn follow(
    settings: &Settings,
    source: &mut Option<Source>,
    pool: &PgPool,
    metrics: &Metrics,
) -> IndexerError {
    match follow_inner(settings, source, pool, metrics).await {
        Ok(never) => match never {},
        Err(e) => e,
    }
}

/// The connected source, connecting it the first time.
async fn connected(
    settings: &Settings,
    source: &mut Option<Source>,
) -> Result<Source, IndexerError> {
    if let Some(source) = source {
        return Ok(source.clone());
    }
    let fresh =
        Source::connect(&settings.node_url, vec![settings.registry, settings.tenure]).await?;
    Ok(source.insert(fresh).clone())
}

/// Migrates and checks the database; returns the last indexed block.
async fn start(
    settings: &Settings,
    source: &Source,
    pool: &PgPool,
    metrics: &Metrics,
) -> Result<u64, IndexerError> {
    // Independent round trips, one to each side: overlapped, they cost start-up the longer.
    let (genesis, ()) = tokio::try_join!(
        async { Ok::<_, IndexerError>(source.genesis_hash().await?) },
        async { Ok(store::migrate(pool).await?) },
    )?;
    let cursor = checked_cursor(source, pool, settings, genesis).await?;
    metrics.set_connected(true);
    metrics.last_block.set(gauge(cursor.last_block_number));
    tracing::info!(
        block = cursor.last_block_number,
        "resuming after the cursor"
    );
    Ok(cursor.last_block_number)
}

/// Indexes up to the finalized head as it is now, once; returns the last indexed block.
pub async fn catch_up(
    settings: &Settings,
    pool: &PgPool,
    metrics: &Metrics,
) -> Result<u64, IndexerError> {
    let source = connected(settings, &mut None).await?;
    let last = start(settings, &source, pool, metrics).await?;
    let (head, _) = source.finalized_head().await?;
    metrics.finalized_head.set(gauge(head));
    if head <= last {
        return Ok(last);
    }
    sync(settings, &source, pool, metrics, (last + 1, head), true).await
}

async fn follow_inner(
    settings: &Settings,
    source: &mut Option<Source>,
    pool: &PgPool,
    metrics: &Metrics,
) -> Result<std::convert::Infallible, IndexerError> {
    let source = connected(settings, source).await?;
    let mut last = start(settings, &source, pool, metrics).await?;
    // The first range after a start is the backfill; it shows progress however short it is.
    let mut backfill = true;
    loop {
        let (head, _) = source.finalized_head().await?;
        metrics.finalized_head.set(gauge(head));
        if head > last {
            last = sync(settings, &source, pool, metrics, (last + 1, head), backfill).await?;
            backfill = false;
        } else if store::render_payloads(pool, RENDER_BATCH).await? == 0 {
            tokio::time::sleep(settings.poll).await;
        }
    }
}

fn gauge(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The cursor, once the database is known to mirror this chain and these contracts; an empty
/// database gets a cursor just before the deployment block.
async fn checked_cursor(
    source: &Source,
    pool: &PgPool,
    settings: &Settings,
    genesis: [u8; 32],
) -> Result<Cursor, IndexerError> {
    let Some(cursor) = store::load_cursor(pool).await? else {
        let start = settings.deployment_block.saturating_sub(1);
        let fresh = Cursor {
            genesis_hash: genesis,
            registry: settings.registry,
            tenure: settings.tenure,
            last_block_number: start,
            last_block_hash: source.block_hash(start).await?,
        };
        return Ok(store::init_cursor(pool, &fresh).await?);
    };
    if cursor.genesis_hash != genesis {
        return Err(IndexerError::WrongChain(format!(
            "its genesis is {}, the node's is {}",
            hex0x(cursor.genesis_hash),
            hex0x(genesis)
        )));
    }
    if (cursor.registry, cursor.tenure) != (settings.registry, settings.tenure) {
        return Err(IndexerError::WrongChain(format!(
            "it mirrors registry {} and tenure {}, configured are {} and {}",
            hex0x(cursor.registry),
            hex0x(cursor.tenure),
            hex0x(settings.registry),
            hex0x(settings.tenure)
        )));
    }
    // Dev chains share their genesis; the block at the cursor tells them apart.
    let (head, _) = source.finalized_head().await?;
    if head < cursor.last_block_number {
        return Err(IndexerError::WrongChain(format!(
            "it is at block {}, the node's finalized head is {head}",
            cursor.last_block_number
        )));
    }
    let hash = source.block_hash(cursor.last_block_number).await?;
    if hash != cursor.last_block_hash {
        return Err(IndexerError::WrongChain(format!(
            "block {} is {} on the node and {} in the database",
            cursor.last_block_number,
            hex0x(hash),
            hex0x(cursor.last_block_hash)
        )));
    }
    Ok(cursor)
}

/// Aborts the fetching task when the pipeline returns early.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Indexes blocks `from..=to`; returns `to`. Progress shows for a backfill and for any long
/// range (after an outage, say).
async fn sync(
    settings: &Settings,
    source: &Source,
    pool: &PgPool,
    metrics: &Metrics,
    (from, to): (u64, u64),
    backfill: bool,
) -> Result<u64, IndexerError> {
    let long = to - from + 1 >= BACKFILL_MIN_BLOCKS;
    let mut progress = (backfill || long).then(|| Progress::new(from, to));
    let (tx, mut rx) = mpsc::channel(settings.batch_blocks.max(1) * 2);
    // Pinning costs two lookups of its own: worth it only beyond that many blocks.
    let fetcher = if to - from + 1 > 2 {
        source.pinned((from, to)).await?
    } else {
        source.clone()
    };
    let concurrency = settings.concurrency.max(1);
    let _producer = AbortOnDrop(tokio::spawn(async move {
        let mut blocks = futures::stream::iter(from..=to)
            .map(|n| {
                let source = fetcher.clone();
                async move { source.fetch(n).await }
            })
            .buffered(concurrency);
        while let Some(block) = blocks.next().await {
            if tx.send(block).await.is_err() {
                break;
            }
        }
    }));
    let mut received = Vec::with_capacity(settings.batch_blocks);
    let mut batch = Vec::with_capacity(settings.batch_blocks);
    let mut next = from;
    while next <= to {
        let waiting = Instant::now();
        if rx
            .recv_many(&mut received, settings.batch_blocks.max(1))
            .await
            == 0
        {
            return Err(SourceError::Node("the block fetcher stopped".into()).into());
        }
        // Fewer, fuller transactions during a backfill: each costs a commit and CPU the node
        // needs to serve the fetches. Only while more of this range is on its way, and briefly.
        let want = settings.batch_blocks.max(1);
        let expected = usize::try_from(to - next + 1)
            .unwrap_or(usize::MAX)
            .min(want);
        let linger = tokio::time::Instant::now() + LINGER;
        while received.len() < expected {
            let more = want - received.len();
            match tokio::time::timeout_at(linger, rx.recv_many(&mut received, more)).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        metrics
            .fetch_wait_seconds
            .inc_by(waiting.elapsed().as_secs_f64());
        for block in received.drain(..) {
            batch.push(block?);
        }
        let writing = Instant::now();
        let events = store::write_blocks(pool, &batch).await?;
        metrics
            .write_seconds
            .inc_by(writing.elapsed().as_secs_f64());
        metrics.batches.inc();
        let blocks = batch.len() as u64;
        next += blocks;
        metrics.blocks.inc_by(blocks);
        metrics.events.inc_by(events as u64);
        metrics.last_block.set(gauge(next - 1));
        if let Some(p) = progress.as_mut() {
            p.advance(blocks, events as u64);
        } else if events > 0 {
            tracing::debug!(block = next - 1, events, "indexed");
        }
        batch.clear();
    }
    if let Some(p) = progress {
        p.finish();
    }
    Ok(to)
}
