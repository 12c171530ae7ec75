//! A database that mirrors another chain is refused, never mixed.
use iktomi_devnet::platform::{within, Platform};
use sqlx::PgPool;

use crate::support::*;

#[sqlx::test(migrations = false)]
async fn a_database_of_another_chain_is_refused(pool: PgPool) -> anyhow::Result<()> {
    within(300, async {
        // given a database that mirrors one dev chain
        let url = url_of(&pool).await?;
        let dir = tempfile::tempdir()?;
        let first = Platform::start().await?;
        let deployment = write_deployment(dir.path(), &first.record)?;
        let mut indexer = IndexerProcess::spawn(&url, &deployment, &dir.path().join("a.log"))?;
        wait_indexed(&pool, &first, 60).await?;
        indexer.kill9()?;

        // when the indexer is pointed at another dev chain (same genesis, other blocks)
        let second = Platform::start().await?;
        let other = tempfile::tempdir()?;
        let deployment_b = write_deployment(other.path(), &second.record)?;
        let mut refused = IndexerProcess::spawn(&url, &deployment_b, &dir.path().join("b.log"))?;

        // then it exits with an error that says so, and writes nothing
        let status = refused.exit_status(60).await?;
        assert_eq!(status.code(), Some(2), "{}", refused.log_text());
        assert!(
            refused.log_text().contains("another chain"),
            "{}",
            refused.log_text()
        );

        // and a database whose genesis differs is refused as well
        sqlx::query!("UPDATE indexer_cursor SET genesis_hash = decode(repeat('00', 32), 'hex')")
            .execute(&pool)
            .await?;
        let mut tampered = IndexerProcess::spawn(&url, &deployment, &dir.path().join("c.log"))?;
        assert_eq!(tampered.exit_status(60).await?.code(), Some(2));
        assert!(
            tampered.log_text().contains("genesis"),
            "{}",
            tampered.log_text()
        );
        Ok(())
    })
    .await
}
