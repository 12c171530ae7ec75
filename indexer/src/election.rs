//! Active and standby: any number of indexers may run against one database; the one that holds
//! a PostgreSQL session advisory lock indexes, the others wait for it. The lock is taken on a
//! connection of its own, outside the pool, so it lasts exactly as long as that session: a
//! killed indexer's session ends with its process and a standby takes over; an active indexer
//! whose session is lost can no longer know it is alone, so it stops and stands by again.
//!
//! The lock only keeps a second writer idle. Correctness does not rest on it: every batch
//! locks the cursor row and refuses to write unless the cursor is where it expects.
use std::future::Future;
use std::time::Duration;

use sqlx::{Connection, PgConnection, PgPool};

use crate::metrics::Metrics;
use crate::IndexerError;

/// The lock's key pair: "iktm" (1768649837) and 1. Two-key advisory locks never collide with
/// single-bigint ones, which other parts of the platform may take.
const LOCK_CLASS: i32 = 0x696b_746d;
const LOCK_INDEXER: i32 = 1;
/// How often a standby asks for the lock.
const STANDBY_POLL: Duration = Duration::from_millis(500);
/// How often the active indexer checks that its lock session is alive, and how long it waits
/// for the answer before it gives the session up.
const CHECK_EVERY: Duration = Duration::from_secs(1);
const CHECK_TIMEOUT: Duration = Duration::from_secs(3);
/// How long an indexer that lost its lock session waits before it asks again: several standby
/// polls, so a standby whose database connection held takes over first.
const STEP_ASIDE: Duration = Duration::from_secs(2);

/// Runs `work` while this indexer holds the lock, standing by whenever it does not; returns
/// only the permanent error `work` ends with.
pub async fn run_when_elected<F, Fut>(pool: &PgPool, metrics: &Metrics, mut work: F) -> IndexerError
where
    F: FnMut() -> Fut,
    Fut: Future<Output = IndexerError>,
{
    loop {
        metrics.set_active(false);
        let mut lock = acquire(pool).await;
        metrics.set_active(true);
        tracing::info!("active: this indexer holds the lock and indexes");
        tokio::select! {
            error = work() => return error,
            lost = lock.lost() => {
                metrics.set_active(false);
                metrics.set_connected(false);
                tracing::error!(
                    error = %lost,
                    "lost the indexer lock's session; indexing stopped, standing by"
                );
                tokio::time::sleep(STEP_ASIDE).await;
            }
        }
    }
}

/// The session that holds the lock; dropping it closes the session and frees the lock.
struct Lock {
    session: PgConnection,
}

impl Lock {
    /// Returns once the session no longer answers.
    async fn lost(&mut self) -> String {
        loop {
            tokio::time::sleep(CHECK_EVERY).await;
            let alive = sqlx::query_scalar!(r#"SELECT 1 AS "one!""#).fetch_one(&mut self.session);
            match tokio::time::timeout(CHECK_TIMEOUT, alive).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => return e.to_string(),
                Err(_) => return format!("no answer within {} s", CHECK_TIMEOUT.as_secs()),
            }
        }
    }
}

/// Waits until this indexer holds the lock, reconnecting its session as often as it takes.
async fn acquire(pool: &PgPool) -> Lock {
    let options = pool.connect_options();
    let mut session: Option<PgConnection> = None;
    let mut said_standby = false;
    loop {
        let mut conn = match session.take() {
            Some(conn) => conn,
            None => match PgConnection::connect_with(&options).await {
                Ok(conn) => conn,
                Err(e) => {
                    tracing::warn!(error = %e, "standby: cannot open the lock session");
                    tokio::time::sleep(STANDBY_POLL).await;
                    continue;
                }
            },
        };
        let taken = sqlx::query_scalar!(
            r#"SELECT pg_try_advisory_lock($1, $2) AS "taken!""#,
            LOCK_CLASS,
            LOCK_INDEXER
        )
        .fetch_one(&mut conn)
        .await;
        match taken {
            Ok(true) => return Lock { session: conn },
            Ok(false) => {
                if !said_standby {
                    tracing::info!("standby: another indexer holds the lock");
                    said_standby = true;
                }
                session = Some(conn);
            }
            Err(e) => tracing::warn!(error = %e, "standby: the lock session failed"),
        }
        tokio::time::sleep(STANDBY_POLL).await;
    }
}
