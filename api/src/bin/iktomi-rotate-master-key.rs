//! `iktomi-rotate-master-key`: re-seals every custodial wallet seed under the configured master
//! key (`master_key`, `master_key_version`), opening each with the key of the version it is
//! sealed under (`previous_master_keys`, `version:hex`). All or nothing, in one transaction.
//!
//! To rotate: configure the new key as `master_key` with `master_key_version` one higher, move
//! the old one to `previous_master_keys` as `<old version>:<hex>`, restart the API, run this.
//! The old key can leave the configuration once this reports every seed current (credentials
//! it signed stop verifying then: keep it while they should).
use anyhow::Context;
use iktomi_api::config::Settings;
use iktomi_api::wallets::rotation::reseal_all;
use iktomi_api::wallets::seal::MasterKey;
use secrecy::ExposeSecret;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::load()?;
    let key = MasterKey::with_versions(
        &settings.master_key,
        settings.master_key_version,
        &settings.previous_master_keys,
    )
    .context("master_key")?;
    let db = sqlx::PgPool::connect(settings.database_url.expose_secret()).await?;
    let rotation = reseal_all(&db, &key).await?;
    println!(
        "re-sealed {} custodial seeds under master key version {} ({} were already under it)",
        rotation.resealed,
        key.version(),
        rotation.current
    );
    Ok(())
}
