//! The node and the database go away mid-stream and come back: the indexer recovers alone,
//! without a restart, and so do the other chain clients.
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use iktomi_chain::dev;
use iktomi_devnet::platform::{within, Platform};
use iktomi_devnet::{load, TestPostgres};
use sqlx::postgres::PgPoolOptions;

use crate::support::*;

#[tokio::test]
async fn the_indexer_recovers_from_node_and_database_restarts() -> anyhow::Result<()> {
    within(600, async {
        let pg = TestPostgres::start()?;
        let pool = PgPoolOptions::new().connect(&pg.url).await?;
        let mut p = Platform::start().await?;
        let dir = tempfile::tempdir()?;
        let deployment = write_deployment(dir.path(), &p.record)?;
        let mut indexer = IndexerProcess::spawn(&pg.url, &deployment, &dir.path().join("log"))?;
        let never = Arc::new(AtomicBool::new(false));
        let issuers = [dev::bob()];
        load::generate(&p, &issuers, 5, 2, never.clone()).await?;
        wait_indexed(&pool, &p, 90).await?;

        // the node is killed while the indexer follows it, and comes back on the same port
        // and state a few reconnect attempts later
        p.node.kill().await?;
        tokio::time::sleep(Duration::from_secs(3)).await;
        p.node.restart().await?;

        // the same clients carry on: the load's `Chain` and the indexer reconnect by themselves
        load::generate(&p, &issuers, 5, 2, never.clone()).await?;
        wait_indexed(&pool, &p, 90).await?;
        assert!(
            indexer.is_running()?,
            "the indexer kept running:\n{}",
            indexer.log_text()
        );

        // the database restarts while new events arrive
        let restart = async {
            tokio::time::sleep(Duration::from_millis(1_500)).await;
            pg.restart()
        };
        let (loaded, restarted) =
            tokio::join!(load::generate(&p, &issuers, 5, 3, never.clone()), restart);
        loaded?;
        restarted?;

        let head = wait_indexed(&pool, &p, 90).await?;
        assert_log_is_exact(&pool, &p, head).await?;
        assert_state_mirrors_chain(&pool, &p).await?;
        let log = indexer.log_text();
        assert!(indexer.is_running()?, "the indexer kept running:\n{log}");
        // the restart ended the lock's session too: indexing stopped until it held the lock again
        assert!(
            log.contains("lost the indexer lock"),
            "the database outage was seen:\n{log}"
        );
        indexer.wait_role("active", 30).await?;
        assert_eq!(indexer.health()?["connected"], true);
        Ok(())
    })
    .await
}
