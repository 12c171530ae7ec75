//! Deploying the registry and the tenure contract (the record of where they are is
//! `iktomi_chain::Deployment`), and where the built bundles live.
use std::path::{Path, PathBuf};

use anyhow::Context;
use iktomi_chain::{
    account_of, hex0x, Chain, Contract, ContractBundle, DeployedContract, Deployment, Keypair,
};
use parity_scale_codec::Encode;

/// Where `cargo contract build` leaves the bundles; `IKTOMI_CONTRACTS_DIR` overrides.
pub fn bundles_dir() -> PathBuf {
    std::env::var_os("IKTOMI_CONTRACTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../contracts/target/ink"))
}

/// The bundle of crate `name` (e.g. `iktomi_registry`).
pub fn load_bundle(name: &str) -> anyhow::Result<ContractBundle> {
    let path = bundles_dir().join(name).join(format!("{name}.contract"));
    ContractBundle::load(&path)
        .with_context(|| "build the contracts first: ./scripts/build-contracts")
}

pub struct Deployed {
    pub registry: Contract,
    pub tenure: Contract,
    pub record: Deployment,
}

/// Deploys a fresh registry (operator = `operator`) and a tenure contract bound to it.
pub async fn deploy(
    chain: &Chain,
    url: &str,
    operator: &Keypair,
    salt: &[u8],
) -> anyhow::Result<Deployed> {
    let registry_bundle = load_bundle("iktomi_registry")?;
    let tenure_bundle = load_bundle("iktomi_tenure")?;
    let registry = chain
        .deploy(operator, &registry_bundle, "new", &[], salt)
        .await
        .context("deploying the registry")?;
    let tenure = chain
        .deploy(
            operator,
            &tenure_bundle,
            "new",
            &registry.address.encode(),
            salt,
        )
        .await
        .context("deploying the tenure contract")?;
    let record = Deployment {
        node_url: url.to_owned(),
        genesis_hash: hex0x(chain.genesis_hash().await?),
        deployment_block: registry.block_number,
        registry: DeployedContract {
            address: hex0x(registry.address),
            code_hash: hex0x(registry.code_hash),
        },
        tenure: DeployedContract {
            address: hex0x(tenure.address),
            code_hash: hex0x(tenure.code_hash),
        },
    };
    Ok(Deployed {
        registry: Contract::new(chain.clone(), registry.address, registry_bundle),
        tenure: Contract::new(chain.clone(), tenure.address, tenure_bundle),
        record,
    })
}

/// The storage deposits `deploy` will hold of `deployer`: both contracts' code (unless already
/// on chain) and state, from dry runs. The tenure contract's dry run stands the deployer in for
/// the registry it is bound to, which it only stores.
pub async fn deposits_needed(
    chain: &Chain,
    deployer: &Keypair,
    salt: &[u8],
) -> anyhow::Result<u128> {
    let origin = account_of(deployer);
    let mut total = 0u128;
    for (name, args) in [
        ("iktomi_registry", Vec::new()),
        ("iktomi_tenure", origin.encode()),
    ] {
        let dry = chain
            .dry_run_instantiate(origin, &load_bundle(name)?, "new", &args, salt)
            .await
            .with_context(|| name.to_owned())?;
        anyhow::ensure!(!dry.reverted, "the {name} constructor reverts");
        total = total.saturating_add(u128::try_from(dry.storage_deposit).unwrap_or(0));
    }
    Ok(total)
}

/// A floor under `deposits_needed` from the deposit prices and the code sizes alone, for an
/// account too poor for the dry runs, which pallet-contracts refuses
/// (`StorageDepositNotEnoughFunds`) before it says what they would cost.
pub async fn code_deposit_floor(chain: &Chain) -> anyhow::Result<u128> {
    let (_per_item, per_byte) = chain.deposit_prices().await?;
    let mut bytes = 0u128;
    for name in ["iktomi_registry", "iktomi_tenure"] {
        bytes += load_bundle(name)?.code.len() as u128;
    }
    Ok(bytes.saturating_mul(per_byte))
}
