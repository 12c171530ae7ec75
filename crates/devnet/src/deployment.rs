//! Deploying the registry and the tenure contract (the record of where they are is
//! `iktomi_chain::Deployment`), and where the built bundles live.
use std::path::{Path, PathBuf};

use anyhow::Context;
use iktomi_chain::{hex0x, Chain, Contract, ContractBundle, DeployedContract, Deployment, Keypair};
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
