//! The indexer reaches a PostgreSQL that accepts only TLS: its pool and its lock session verify
//! the server's certificate (`sslmode=verify-full`); without TLS it is refused.
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use iktomi_chain::dev;
use iktomi_devnet::platform::{within, Platform};
use iktomi_devnet::{load, TestPostgres};
use sqlx::postgres::PgPoolOptions;

use crate::support::*;

#[tokio::test]
async fn the_indexer_mirrors_into_a_database_it_reaches_only_over_verified_tls(
) -> anyhow::Result<()> {
    within(300, async {
        let pg = TestPostgres::start_tls()?;
        let pool = PgPoolOptions::new().connect(&pg.url).await?;
        let p = Platform::start().await?;
        let dir = tempfile::tempdir()?;
        let deployment = write_deployment(dir.path(), &p.record)?;

        // an indexer without TLS is refused, and one with it verifies the server and indexes
        let plain = IndexerProcess::spawn(
            &pg.url_with("sslmode=disable"),
            &deployment,
            &dir.path().join("plain.log"),
        )?;
        let indexer = IndexerProcess::spawn(&pg.url, &deployment, &dir.path().join("tls.log"))?;
        load::generate(&p, &[dev::bob()], 5, 2, Arc::new(AtomicBool::new(false))).await?;

        let head = wait_indexed(&pool, &p, 60).await?;
        assert_log_is_exact(&pool, &p, head).await?;
        assert_state_mirrors_chain(&pool, &p).await?;
        indexer.wait_role("active", 10).await?;
        plain.wait_role("standby", 10).await?;
        assert!(
            plain.log_text().contains("no pg_hba.conf entry"),
            "{}",
            plain.log_text()
        );
        Ok(())
    })
    .await
}
