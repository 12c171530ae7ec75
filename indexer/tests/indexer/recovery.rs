//! The node and the database go away mid-stream and come back: the indexer recovers alone.
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
        let indexer = IndexerProcess::spawn(&pg.url, &deployment, &dir.path().join("log"))?;
        let never = Arc::new(AtomicBool::new(false));
        let issuers = [dev::bob()];
        load::generate(&p, &issuers, 5, 2, never.clone()).await?;

        // the node dies while the indexer follows it, and comes back
        p.node.kill().await?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        p.node.restart().await?;
        p.reconnect().await?;
        load::generate(&p, &issuers, 5, 2, never.clone()).await?;
        wait_indexed(&pool, &p, 90).await?;

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
        assert!(
            log.contains("indexer paused"),
            "the outages were seen:\n{log}"
        );
        Ok(())
    })
    .await
}
