//! The changes the row triggers captured (`audit_changes`), read for the entries that cover
//! them, and the sweeper that chains the ones no entry covers: a request whose process stopped
//! between its commit and its entry, or a worker's write (the outbox, announcements, certificates
//! owed) that wrote no entry of its own. Each change is chained once: an entry covers the changes
//! of its scope or transaction up to its `last_id` (`iktomi_audit_covered`), and a sweep chains
//! only uncovered ones, one sweeper at a time.
use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{json, Value};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::http::audit::{record_in, Entry};
use crate::state::AppState;

/// Most rows an entry lists; the rest up to its `last_id` are covered all the same.
const LISTED: usize = 200;
/// Most changes one sweep reads.
const WINDOW: i64 = 1000;
/// How long a change may wait for the entry its request or worker writes.
const GRACE: Duration = Duration::from_secs(60);
const EVERY: Duration = Duration::from_secs(30);
/// Older than any transaction the API keeps open (requests time out in seconds).
const SETTLED: Duration = Duration::from_secs(3600);

/// One captured change.
struct Change {
    id: i64,
    table: String,
    op: String,
    key: Value,
}

/// What an entry lists of `changes` under `cover` (`{"scope": …}` or `{"xact": …}`): the last
/// change id it covers and the first rows; `None` for no change.
fn listing(mut cover: Value, changes: Vec<Change>) -> Option<Value> {
    cover["last_id"] = json!(changes.last()?.id);
    cover["rows"] = changes
        .into_iter()
        .take(LISTED)
        .map(|c| json!({ "table": c.table, "op": c.op, "key": c.key }))
        .collect();
    Some(cover)
}

/// What an entry lists of the rows a request with `scope` changed.
pub async fn changes_of(db: &PgPool, scope: Uuid) -> sqlx::Result<Option<Value>> {
    let changes = sqlx::query_as!(
        Change,
        r#"SELECT id, table_name AS "table", operation AS op, row_key AS key FROM audit_changes
           WHERE scope = $1 ORDER BY id"#,
        scope,
    )
    .fetch_all(db)
    .await?;
    Ok(listing(json!({ "scope": scope }), changes))
}

/// The same for the changes the current transaction made, for an entry written in it.
pub async fn changes_of_this_transaction(conn: &mut PgConnection) -> sqlx::Result<Option<Value>> {
    let changes = sqlx::query_as!(
        Change,
        r#"SELECT id, table_name AS "table", operation AS op, row_key AS key FROM audit_changes
           WHERE xact = pg_current_xact_id()::text::bigint ORDER BY id"#,
    )
    .fetch_all(&mut *conn)
    .await?;
    if changes.is_empty() {
        return Ok(None);
    }
    let xact = sqlx::query_scalar!(r#"SELECT pg_current_xact_id()::text AS "xact!""#)
        .fetch_one(&mut *conn)
        .await?;
    Ok(listing(json!({ "xact": xact }), changes))
}

/// Sweeps every `EVERY`, for as long as the API runs.
pub async fn run(state: AppState) {
    loop {
        tokio::time::sleep(EVERY).await;
        match sweep(&state, GRACE).await {
            Ok(0) => {}
            Ok(entries) => tracing::warn!(entries, "chained changes no entry covered"),
            Err(error) => tracing::warn!(%error, "sweeping the audit changes failed"),
        }
    }
}

/// Chains the changes older than `grace` that no entry covers, one entry per request scope or
/// worker transaction; how many entries it wrote. The mark the next sweep starts from moves
/// only past changes older than `SETTLED`: a transaction still open when a sweep runs commits
/// its changes under ids lower than ones already seen, and they must still be found.
pub async fn sweep(state: &AppState, grace: Duration) -> anyhow::Result<usize> {
    let mut tx = state.db.begin().await?;
    // One sweeper at a time across replicas.
    sqlx::query!("SELECT pg_advisory_xact_lock(7331, 2)")
        .execute(&mut *tx)
        .await?;
    let mark = sqlx::query_scalar!("SELECT last_change_id FROM audit_sweep")
        .fetch_one(&mut *tx)
        .await?;
    let uncovered = sqlx::query!(
        r#"SELECT c.id, c.scope, c.xact, c.table_name, c.operation, c.row_key
           FROM audit_changes c
           WHERE c.id > $1 AND c.at < now() - make_interval(secs => $2)
             AND NOT iktomi_audit_covered(c)
           ORDER BY c.id LIMIT $3"#,
        mark,
        grace.as_secs_f64(),
        WINDOW
    )
    .fetch_all(&mut *tx)
    .await?;
    // A request's changes under its scope; a worker's under its transaction.
    let mut groups: BTreeMap<(Option<Uuid>, i64), Vec<Change>> = BTreeMap::new();
    for c in uncovered {
        let key = (c.scope, if c.scope.is_some() { 0 } else { c.xact });
        groups.entry(key).or_default().push(Change {
            id: c.id,
            table: c.table_name,
            op: c.operation,
            key: c.row_key,
        });
    }
    let entries = groups.len();
    for ((scope, xact), changes) in groups {
        let (action, cover) = match scope {
            Some(scope) => ("unrecorded write", json!({ "scope": scope })),
            None => ("worker write", json!({ "xact": xact.to_string() })),
        };
        let target = format!("table:{}", changes.first().map_or("", |c| c.table.as_str()));
        let entry = Entry {
            actor: None,
            action,
            target: &target,
            after: Some(json!({ "_changes": listing(cover, changes) })),
            request_id: None,
            post: false,
        };
        record_in(state, &mut tx, entry).await?;
    }
    // Up to the settled changes, and short of the first one still uncovered (a full window).
    sqlx::query!(
        r#"SELECT iktomi_audit_sweep_advance(coalesce(least(
               (SELECT max(id) FROM audit_changes
                WHERE id > $1 AND at < now() - make_interval(secs => $2)),
               (SELECT min(c.id) - 1 FROM audit_changes c
                WHERE c.id > $1 AND NOT iktomi_audit_covered(c))), $1))"#,
        mark,
        SETTLED.as_secs_f64(),
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(entries)
}
