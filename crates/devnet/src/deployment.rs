//! Deploying the registry and the tenure contract, and the record of where they are.
use std::path::{Path, PathBuf};

use anyhow::Context;
use iktomi_chain::{Chain, Contract, ContractBundle, Keypair};
use parity_scale_codec::Encode;
use serde::{Deserialize, Serialize};

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

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeployedContract {
    /// SS58 would hide the raw bytes the indexer matches on; both are easy to derive.
    pub address: String,
    pub code_hash: String,
}

/// `.data/deployment.json`: what `scripts/dev` deployed, read by the indexer and the README.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Deployment {
    pub node_url: String,
    pub genesis_hash: String,
    pub deployment_block: u64,
    pub registry: DeployedContract,
    pub tenure: DeployedContract,
}

pub struct Deployed {
    pub registry: Contract,
    pub tenure: Contract,
    pub record: Deployment,
}

impl Deployment {
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
            genesis_hash: format!("0x{}", hex::encode(chain.genesis_hash().await?)),
            deployment_block: registry.block_number,
            registry: DeployedContract {
                address: format!("0x{}", hex::encode(registry.address)),
                code_hash: format!("0x{}", hex::encode(registry.code_hash)),
            },
            tenure: DeployedContract {
                address: format!("0x{}", hex::encode(tenure.address)),
                code_hash: format!("0x{}", hex::encode(tenure.code_hash)),
            },
        };
        Ok(Deployed {
            registry: Contract::new(chain.clone(), registry.address, registry_bundle),
            tenure: Contract::new(chain.clone(), tenure.address, tenure_bundle),
            record,
        })
    }

    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    }

    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        std::fs::write(path, serde_json::to_string_pretty(self)? + "\n")
            .with_context(|| format!("writing {}", path.display()))
    }
}
