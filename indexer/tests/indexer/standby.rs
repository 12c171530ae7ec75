//! Two indexers on one database: one indexes, the other stands by and takes over when the
//! active one dies or loses its lock session.
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use iktomi_chain::dev;
use iktomi_devnet::load;
use iktomi_devnet::platform::{within, Platform};
use rand::Rng;
use sqlx::PgPool;

use crate::support::*;

const TAKEOVERS: usize = 6;

/// The active one answers `iktomi_indexer_active 1` on /metrics, the standby 0.
fn assert_roles(active: &IndexerProcess, standby: &IndexerProcess) -> anyhow::Result<()> {
    for (indexer, role, gauge) in [(active, "active", 1), (standby, "standby", 0)] {
        let health = indexer.health()?;
        assert_eq!(health["role"], role, "{health}");
        let (_, metrics) = indexer.get("/metrics")?;
        assert!(
            metrics.contains(&format!("iktomi_indexer_active {gauge}\n")),
            "{role}: {metrics}"
        );
    }
    Ok(())
}

/// Starts an indexer and waits until it stands by.
async fn standby(url: &str, deployment: &Path, log: &Path) -> anyhow::Result<IndexerProcess> {
    let indexer = IndexerProcess::spawn(url, deployment, log)?;
    indexer.wait_role("standby", 60).await?;
    Ok(indexer)
}

#[sqlx::test(migrations = false)]
async fn the_standby_takes_over_each_time_the_active_indexer_is_killed(
    pool: PgPool,
) -> anyhow::Result<()> {
    within(600, async {
        let p = Platform::start().await?;
        let dir = tempfile::tempdir()?;
        let deployment = write_deployment(dir.path(), &p.record)?;
        let url = url_of(&pool).await?;
        let log = dir.path().join("log");
        let stop = Arc::new(AtomicBool::new(false));

        // while three issuers issue, revoke and supersede certificates
        let issuers = [dev::bob(), dev::dave(), dev::eve()];
        let load = load::generate(&p, &issuers, 10, 1_000, stop.clone());
        // the active indexer is killed with SIGKILL at random moments; each time the standby
        // takes over and a new standby is started
        let killer = async {
            let mut active = IndexerProcess::spawn(&url, &deployment, &log)?;
            active.wait_role("active", 60).await?;
            let mut waiting = standby(&url, &deployment, &log).await?;
            for _ in 0..TAKEOVERS {
                let pause = rand::rng().random_range(300..2_500);
                tokio::time::sleep(Duration::from_millis(pause)).await;
                assert_roles(&active, &waiting)?;
                active.kill9()?;
                waiting.wait_role("active", 30).await?;
                let next = standby(&url, &deployment, &log).await?;
                active = std::mem::replace(&mut waiting, next);
            }
            stop.store(true, Ordering::Relaxed);
            assert_roles(&active, &waiting)?;
            anyhow::Ok((active, waiting))
        };
        let (report, indexers) = tokio::join!(load, killer);
        let (report, _indexers) = (report?, indexers?);
        assert!(report.certificates > 0, "the load ran: {report:?}");

        // then, once the last active one caught up, the database equals the chain
        let head = wait_indexed(&pool, &p, 120).await?;
        assert_log_is_exact(&pool, &p, head).await?;
        assert_state_mirrors_chain(&pool, &p).await?;
        let stored: i64 = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM certificates"#)
            .fetch_one(&pool)
            .await?;
        assert_eq!(stored as u64, report.certificates);
        Ok(())
    })
    .await
}

#[sqlx::test(migrations = false)]
async fn an_active_indexer_that_loses_its_lock_session_stops_and_the_standby_takes_over(
    pool: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let p = Platform::start().await?;
        let dir = tempfile::tempdir()?;
        let deployment = write_deployment(dir.path(), &p.record)?;
        let url = url_of(&pool).await?;
        let first = IndexerProcess::spawn(&url, &deployment, &dir.path().join("first.log"))?;
        first.wait_role("active", 60).await?;
        let second = standby(&url, &deployment, &dir.path().join("second.log")).await?;
        let never = Arc::new(AtomicBool::new(false));
        load::generate(&p, &[dev::bob()], 5, 2, never.clone()).await?;

        // when the session that holds the first indexer's lock is terminated on the server
        let terminated: Option<bool> = sqlx::query_scalar!(
            "SELECT pg_terminate_backend(pid) FROM pg_locks
             WHERE locktype = 'advisory' AND granted AND objsubid = 2
               AND classid = 1768649837 AND objid = 1
               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        .fetch_one(&pool)
        .await?;
        assert_eq!(terminated, Some(true));

        // then the standby takes over, and the first one stops indexing and stands by
        second.wait_role("active", 30).await?;
        first.wait_role("standby", 30).await?;
        assert!(
            first.log_text().contains("lost the indexer lock"),
            "{}",
            first.log_text()
        );
        assert_roles(&second, &first)?;

        // and the new active one mirrors what comes next
        load::generate(&p, &[dev::bob()], 5, 2, never).await?;
        let head = wait_indexed(&pool, &p, 60).await?;
        assert_log_is_exact(&pool, &p, head).await?;
        assert_state_mirrors_chain(&pool, &p).await?;
        Ok(())
    })
    .await
}
