//! kill -9 at random moments under load: the database still ends equal to the chain.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use iktomi_chain::dev;
use iktomi_devnet::load;
use iktomi_devnet::platform::{within, Platform};
use rand::Rng;
use sqlx::PgPool;

use crate::support::*;

const KILLS: usize = 22;

#[sqlx::test(migrations = false)]
async fn killing_the_indexer_at_random_moments_loses_and_repeats_nothing(
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
        // the indexer is killed with SIGKILL at random moments and started again
        let killer = async {
            let mut indexer = IndexerProcess::spawn(&url, &deployment, &log)?;
            for _ in 0..KILLS {
                let pause = rand::rng().random_range(150..1_200);
                tokio::time::sleep(Duration::from_millis(pause)).await;
                indexer.kill9()?;
                indexer = IndexerProcess::spawn(&url, &deployment, &log)?;
            }
            stop.store(true, Ordering::Relaxed);
            anyhow::Ok(indexer)
        };
        let (report, indexer) = tokio::join!(load, killer);
        let (report, _indexer) = (report?, indexer?);
        assert!(report.certificates > 0, "the load ran: {report:?}");

        // then, once it caught up, the database equals the chain
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
