//! Public reads take connections that are not checked first (`http::audit::scope::read_pool`):
//! one that died while idle, as every connection does when the database restarts, costs the
//! reader nothing.
use std::time::Duration;

use iktomi_api::certificates::verify_cache::verified;
use iktomi_api::http::audit::scope::{read_pool, READS};
use sqlx::PgPool;

use crate::support::spawn_app;

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_public_read_whose_connection_died_idle_is_read_again(db: PgPool) {
    sqlx::query(
        "INSERT INTO certificates (id, issuer, holder, kind, content_hash, issued_at,
                                   issued_block, updated_block, placement)
         VALUES (1, '\\x01', '\\x02', 'course', sha256('1'), now(), 1, 1, 'listed')",
    )
    .execute(&db)
    .await
    .expect("seed");
    let app = spawn_app(db.clone()).await;
    // One connection, so the read after the cut is handed the dead one. No listener runs, so
    // the verification cache serves nothing kept and every call reads.
    let mut state = app.state.clone();
    state.reads = read_pool((*db.connect_options()).clone(), 1, Duration::from_secs(5));
    let first = verified(&state, 1).await.expect("read").expect("found");
    assert_eq!(first.verification().expect("parsed").status, "active");
    // Back in the pool (sqlx pings it on the way): only an idle connection dies unseen.
    for _ in 0..100 {
        if state.reads.num_idle() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(state.reads.num_idle(), 1);

    let cut: i64 = sqlx::query_scalar(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = $1",
    )
    .bind(READS)
    .fetch_one(&db)
    .await
    .expect("terminate");
    assert_eq!(cut, 1, "the read pool's idle connection");
    for _ in 0..100 {
        let left: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = $1",
        )
        .bind(READS)
        .fetch_one(&db)
        .await
        .expect("activity");
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let again = verified(&state, 1).await.expect("read again, not a 500");
    assert_eq!(
        again.expect("found").verification().expect("parsed").status,
        "active"
    );
    // And the pool goes on with a fresh connection of its own.
    let later = verified(&state, 1).await.expect("read later");
    assert!(later.is_some());
    state.reads.close().await;
}
