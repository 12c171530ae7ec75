//! Re-sealing every custodial seed under the current master key version, for a master key
//! rotation (`iktomi-rotate-master-key`). One transaction: a seed that does not open (its
//! version's key is not configured, or the row was tampered with) rolls everything back, so the
//! database never holds seeds under a mix of versions the operator did not intend.
use sqlx::PgPool;

use crate::wallets::seal::MasterKey;

#[derive(Debug, PartialEq, Eq)]
pub struct Rotation {
    /// Seeds re-sealed under the current version.
    pub resealed: u64,
    /// Seeds already under it.
    pub current: u64,
}

/// Re-seals every custodial seed that is not under `key`'s current version.
pub async fn reseal_all(db: &PgPool, key: &MasterKey) -> anyhow::Result<Rotation> {
    let mut tx = db.begin().await?;
    // Wallets created meanwhile by an API still on the old key would escape the rotation.
    sqlx::query!("LOCK TABLE wallets IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    let stale = sqlx::query!(
        r#"SELECT address, sealed_seed AS "sealed_seed!", seal_version FROM wallets
           WHERE kind = 'custodial' AND seal_version <> $1 ORDER BY address"#,
        key.version()
    )
    .fetch_all(&mut *tx)
    .await?;
    for row in &stale {
        let address: [u8; 32] = row
            .address
            .as_slice()
            .try_into()
            .map_err(|_| anyhow::anyhow!("a wallet address is not 32 bytes"))?;
        let seed = key
            .open(row.seal_version, &address, &row.sealed_seed)
            .map_err(|e| anyhow::anyhow!("wallet {}: {e}", hex::encode(address)))?;
        sqlx::query!(
            "UPDATE wallets SET sealed_seed = $2, seal_version = $3 WHERE address = $1",
            &address[..],
            key.seal(&address, &seed),
            key.version(),
        )
        .execute(&mut *tx)
        .await?;
    }
    let current =
        sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM wallets WHERE kind = 'custodial'"#)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    let resealed = stale.len() as u64;
    Ok(Rotation {
        resealed,
        current: current as u64 - resealed,
    })
}
