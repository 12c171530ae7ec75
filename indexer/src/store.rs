//! The database side: migrations, the cursor, the one transaction that writes a batch of
//! blocks' events, folds them into the state tables and moves the cursor, and the JSON
//! rendering of logged events written afterwards.
use sqlx::PgPool;

use crate::apply;
use crate::decode::ContractEvent;
use crate::payload::payload;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// One contract event as found in a finalized block.
#[derive(Debug, Clone)]
pub struct IndexedEvent {
    /// Position among all of the block's events.
    pub index: u32,
    pub extrinsic: Option<u32>,
    pub contract: [u8; 32],
    pub topics: Vec<[u8; 32]>,
    pub raw: Vec<u8>,
    pub event: ContractEvent,
}

/// A finalized block and the events our contracts emitted in it (often none).
#[derive(Debug, Clone)]
pub struct IndexedBlock {
    pub number: u64,
    pub hash: [u8; 32],
    pub events: Vec<IndexedEvent>,
}

/// Where the mirror stands, and what it mirrors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub genesis_hash: [u8; 32],
    pub registry: [u8; 32],
    pub tenure: [u8; 32],
    pub last_block_number: u64,
    pub last_block_hash: [u8; 32],
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(
        "the cursor is at block {found}, not {expected}: another indexer writes to this database"
    )]
    CursorMoved { expected: u64, found: u64 },
    #[error("the database holds a malformed {0}")]
    Corrupt(&'static str),
}

impl StoreError {
    /// Errors that go away by themselves: the server restarting, the connection dropping.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Db(
                sqlx::Error::Io(_)
                    | sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::Protocol(_)
                    | sqlx::Error::WorkerCrashed
            )
        ) || matches!(self, Self::Db(sqlx::Error::Database(e)) if is_shutdown(e.code().as_deref()))
    }
}

/// SQLSTATE class 57 (operator intervention: admin shutdown, crash shutdown, cannot connect
/// now) and 08 (connection exceptions).
fn is_shutdown(code: Option<&str>) -> bool {
    code.is_some_and(|c| c.starts_with("57") || c.starts_with("08"))
}

fn hash32(bytes: Vec<u8>, what: &'static str) -> Result<[u8; 32], StoreError> {
    bytes.try_into().map_err(|_| StoreError::Corrupt(what))
}

fn number(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

fn db_number(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub async fn migrate(pool: &PgPool) -> Result<(), StoreError> {
    MIGRATOR.run(pool).await?;
    Ok(())
}

pub async fn load_cursor(pool: &PgPool) -> Result<Option<Cursor>, StoreError> {
    let row = sqlx::query!(
        "SELECT genesis_hash, registry, tenure, last_block_number, last_block_hash
         FROM indexer_cursor"
    )
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(Cursor {
            genesis_hash: hash32(r.genesis_hash, "genesis hash")?,
            registry: hash32(r.registry, "registry address")?,
            tenure: hash32(r.tenure, "tenure address")?,
            last_block_number: number(r.last_block_number),
            last_block_hash: hash32(r.last_block_hash, "block hash")?,
        })
    })
    .transpose()
}

/// Creates the cursor of an empty database; an existing one is left as it is and returned.
pub async fn init_cursor(pool: &PgPool, cursor: &Cursor) -> Result<Cursor, StoreError> {
    sqlx::query!(
        "INSERT INTO indexer_cursor
             (genesis_hash, registry, tenure, last_block_number, last_block_hash)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (singleton) DO NOTHING",
        &cursor.genesis_hash[..],
        &cursor.registry[..],
        &cursor.tenure[..],
        db_number(cursor.last_block_number),
        &cursor.last_block_hash[..],
    )
    .execute(pool)
    .await?;
    load_cursor(pool)
        .await?
        .ok_or(StoreError::Corrupt("cursor"))
}

/// Writes `blocks` (consecutive, right after the cursor) in one transaction: their events,
/// the state they imply, and the cursor at the last of them. Returns the events written.
pub async fn write_blocks(pool: &PgPool, blocks: &[IndexedBlock]) -> Result<usize, StoreError> {
    let (Some(first), Some(last)) = (blocks.first(), blocks.last()) else {
        return Ok(0);
    };
    let mut tx = pool.begin().await?;
    // The chain is the source of truth: a commit lost to a power cut takes its cursor with it
    // and is indexed again, so waiting for the WAL flush buys nothing here. Set in the same
    // round trip as the cursor lock (set_config(.., true) is SET LOCAL).
    let at = sqlx::query_scalar!(
        r#"SELECT last_block_number AS "last_block_number!"
           FROM indexer_cursor, set_config('synchronous_commit', 'off', true)
           FOR UPDATE OF indexer_cursor"#
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::Corrupt("cursor"))?;
    if number(at) + 1 != first.number {
        return Err(StoreError::CursorMoved {
            expected: first.number.saturating_sub(1),
            found: number(at),
        });
    }
    let rows = EventRows::from_blocks(blocks);
    if !rows.block_number.is_empty() {
        // The JSON rendering is left NULL here and written by `render_payloads` when idle.
        sqlx::query!(
            "INSERT INTO chain_events (block_number, event_index, block_hash, extrinsic_index,
                                       contract, name, raw, topics)
             SELECT * FROM UNNEST($1::int8[], $2::int4[], $3::bytea[], $4::int4[], $5::bytea[],
                                  $6::text[], $7::bytea[], $8::bytea[])",
            &rows.block_number,
            &rows.event_index,
            &rows.block_hash,
            &rows.extrinsic_index as &[Option<i32>],
            &rows.contract,
            &rows.name,
            &rows.raw,
            &rows.topics,
        )
        .execute(&mut *tx)
        .await?;
        let events: Vec<apply::Located<'_>> = blocks
            .iter()
            .flat_map(|b| b.events.iter().map(move |e| (b.number, &e.event)))
            .collect();
        apply::apply(&mut tx, &events).await?;
    }
    sqlx::query!(
        "UPDATE indexer_cursor SET last_block_number = $1, last_block_hash = $2, updated_at = now()",
        db_number(last.number),
        &last.hash[..],
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows.block_number.len())
}

/// The events of a batch as columns, for one `UNNEST` insert.
#[derive(Default)]
struct EventRows {
    block_number: Vec<i64>,
    event_index: Vec<i32>,
    block_hash: Vec<Vec<u8>>,
    extrinsic_index: Vec<Option<i32>>,
    contract: Vec<Vec<u8>>,
    name: Vec<String>,
    raw: Vec<Vec<u8>>,
    topics: Vec<Vec<u8>>,
}

impl EventRows {
    fn from_blocks(blocks: &[IndexedBlock]) -> Self {
        let mut rows = Self::default();
        for block in blocks {
            for e in &block.events {
                rows.block_number.push(db_number(block.number));
                rows.event_index
                    .push(i32::try_from(e.index).unwrap_or(i32::MAX));
                rows.block_hash.push(block.hash.to_vec());
                rows.extrinsic_index
                    .push(e.extrinsic.and_then(|x| i32::try_from(x).ok()));
                rows.contract.push(e.contract.to_vec());
                rows.name.push(e.event.name().to_owned());
                rows.raw.push(e.raw.clone());
                rows.topics.push(e.topics.concat());
            }
        }
        rows
    }
}

/// Writes the JSON rendering of up to `limit` logged events still without one, oldest first;
/// returns how many. Idempotent, so a restart or a second indexer only repeats work.
pub async fn render_payloads(pool: &PgPool, limit: i64) -> Result<usize, StoreError> {
    let pending = sqlx::query!(
        "SELECT block_number, event_index, raw, topics FROM chain_events
         WHERE payload IS NULL ORDER BY block_number, event_index LIMIT $1",
        limit
    )
    .fetch_all(pool)
    .await?;
    if pending.is_empty() {
        return Ok(0);
    }
    let mut block = Vec::with_capacity(pending.len());
    let mut index = Vec::with_capacity(pending.len());
    let mut json = Vec::with_capacity(pending.len());
    for row in pending {
        let topics: Vec<[u8; 32]> = row
            .topics
            .chunks_exact(32)
            .map(|t| t.try_into().unwrap_or_default())
            .collect();
        // The log only holds events that decoded when they were written.
        let event = ContractEvent::decode(&topics, &row.raw)
            .map_err(|_| StoreError::Corrupt("logged event"))?;
        block.push(row.block_number);
        index.push(row.event_index);
        json.push(payload(&event).to_string());
    }
    sqlx::query!(
        "UPDATE chain_events c SET payload = p.payload::jsonb
         FROM UNNEST($1::int8[], $2::int4[], $3::text[]) AS p(block_number, event_index, payload)
         WHERE c.block_number = p.block_number AND c.event_index = p.event_index
           AND c.payload IS NULL",
        &block,
        &index,
        &json,
    )
    .execute(pool)
    .await?;
    Ok(block.len())
}
