//! The audit scope of a write request: an id the middleware opens around the handler and every
//! connection the handler takes from the pool carries (`iktomi.audit_scope`), so the row
//! triggers tag the changes the request makes, in the transaction that makes them. The entry
//! the middleware then chains lists them; the sweeper chains whatever no entry covers.
use std::future::Future;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};

tokio::task_local! {
    static SCOPE: Uuid;
}

/// Runs `work` with `scope` as the audit scope of the connections it takes.
pub async fn within<F: Future>(scope: Uuid, work: F) -> F::Output {
    SCOPE.scope(scope, work).await
}

/// The scope of the running task, if it serves a write request.
pub fn current() -> Option<Uuid> {
    SCOPE.try_with(|scope| *scope).ok()
}

/// A lazy pool whose connections carry the acquiring task's scope. Every acquisition sets it
/// (to nothing outside a request): a connection a request used must not lend its scope to a
/// worker's writes.
pub fn lazy_pool(
    url: &str,
    max_connections: u32,
    acquire_timeout: Duration,
) -> sqlx::Result<PgPool> {
    options(max_connections, acquire_timeout)
        .after_connect(|conn, _| {
            let scope = current();
            Box::pin(async move { tag(conn, scope).await })
        })
        .before_acquire(|conn, _| {
            let scope = current();
            Box::pin(async move { tag(conn, scope).await.map(|()| true) })
        })
        .connect_lazy(url)
}

/// How the public-read pool's connections name themselves in `pg_stat_activity`.
pub const READS: &str = "iktomi-api public reads";

/// A lazy pool for the public reads served from memory when they can be (verification,
/// profiles, keys). Such reads write nothing, so their connections carry no scope, and a miss
/// costs its statement alone: no scope to set, and no ping before it. sqlx pings a connection as
/// it comes back, but one can still die idle (a database restart kills them all): `read_or_retry`
/// then reads once more from the checked pool.
pub fn read_pool(
    options: PgConnectOptions,
    max_connections: u32,
    acquire_timeout: Duration,
) -> PgPool {
    self::options(max_connections, acquire_timeout)
        .test_before_acquire(false)
        .connect_lazy_with(options.application_name(READS))
}

/// `read` from `reads`, and when the connection it got had died, once more from `checked`.
pub async fn read_or_retry<'a, T, F, Fut>(
    reads: &'a PgPool,
    checked: &'a PgPool,
    read: F,
) -> ApiResult<T>
where
    F: Fn(&'a PgPool) -> Fut,
    Fut: Future<Output = ApiResult<T>>,
{
    match read(reads).await {
        Err(ApiError::Internal(error)) if connection_lost(&error) => {
            tracing::info!(%error, "a public read's connection had died; reading again");
            read(checked).await
        }
        answer => answer,
    }
}

/// The connection, not the statement, failed: it was cut, or the server is shutting it down
/// (SQLSTATE class 57P, operator intervention).
fn connection_lost(error: &anyhow::Error) -> bool {
    match error.downcast_ref::<sqlx::Error>() {
        Some(sqlx::Error::Io(_)) => true,
        Some(sqlx::Error::Database(e)) => e.code().is_some_and(|code| code.starts_with("57P")),
        _ => false,
    }
}

fn options(max_connections: u32, acquire_timeout: Duration) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(acquire_timeout)
}

async fn tag(conn: &mut PgConnection, scope: Option<Uuid>) -> sqlx::Result<()> {
    sqlx::query("SELECT set_config('iktomi.audit_scope', $1, false)")
        .bind(scope.map(|s| s.to_string()).unwrap_or_default())
        .execute(conn)
        .await?;
    Ok(())
}
