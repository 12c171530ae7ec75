//! The API's pool reaches a PostgreSQL that accepts only TLS: it verifies the server's
//! certificate (`sslmode=verify-full`) and is refused without TLS or with another CA.
use iktomi_api::startup::state;
use iktomi_devnet::{make_tls_certificates, TestPostgres};
use secrecy::SecretString;
use sp_core::{sr25519, Pair};

use crate::support::settings;

/// Whether the API's pool, given `url`, answers a query, and over TLS.
async fn pool_over(url: &str) -> anyhow::Result<Option<bool>> {
    let artifacts = tempfile::tempdir()?;
    let mut s = settings(
        "http://127.0.0.1:9",
        &sr25519::Pair::generate().0,
        artifacts.path(),
    );
    s.database_url = SecretString::from(url.to_owned());
    let db = state(s).await?.db;
    Ok(
        sqlx::query_scalar!("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&db)
            .await?,
    )
}

#[tokio::test]
async fn the_api_pool_connects_over_verified_tls_and_nothing_else() -> anyhow::Result<()> {
    let pg = TestPostgres::start_tls()?;

    // with sslmode=verify-full against the server's CA, over TLS
    assert_eq!(pool_over(&pg.url).await?, Some(true));

    // without TLS the server refuses
    let plain = pool_over(&pg.url_with("sslmode=disable")).await;
    let refused = format!("{:#}", plain.expect_err("a plain connection was accepted"));
    assert!(refused.contains("no pg_hba.conf entry"), "{refused}");

    // and a certificate from another CA is not trusted
    let other = tempfile::tempdir()?;
    make_tls_certificates(other.path())?;
    let stranger = pg.url_with(&format!(
        "sslmode=verify-full&sslrootcert={}",
        other.path().join("ca.crt").display()
    ));
    assert!(
        pool_over(&stranger).await.is_err(),
        "another CA was trusted"
    );
    Ok(())
}
