//! Registering a verified organization as an issuer on chain, signed by the registry operator.
use std::path::Path;

use anyhow::Context;
use iktomi_chain::{Chain, Contract, ContractBundle, Keypair};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;

pub use iktomi_registry::Error as RegistryError;

#[derive(Deserialize)]
struct DeploymentFile {
    node_url: String,
    registry: DeployedAddress,
}

#[derive(Deserialize)]
struct DeployedAddress {
    address: String,
}

pub struct IssuerRegistrar {
    registry: Contract,
    operator: Keypair,
    /// One operator transaction at a time: concurrent approvals would race on the nonce.
    lock: Mutex<()>,
}

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("the registry refused: {0:?}")]
    Refused(RegistryError),
    #[error("the call was not included in a block")]
    NotIncluded,
    #[error(transparent)]
    Chain(#[from] iktomi_chain::ChainError),
}

impl IssuerRegistrar {
    pub async fn connect(
        deployment: &Path,
        contracts_dir: &Path,
        operator_suri: &SecretString,
    ) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(deployment)
            .with_context(|| format!("reading {}", deployment.display()))?;
        let record: DeploymentFile = serde_json::from_str(&text).context("deployment.json")?;
        let address: [u8; 32] = hex::decode(record.registry.address.trim_start_matches("0x"))
            .ok()
            .and_then(|b| b.try_into().ok())
            .context("registry address in deployment.json")?;
        let bundle =
            ContractBundle::load(&contracts_dir.join("iktomi_registry/iktomi_registry.contract"))?;
        let uri = operator_suri
            .expose_secret()
            .parse()
            .map_err(|_| anyhow::anyhow!("the operator secret URI does not parse"))?;
        let operator = Keypair::from_uri(&uri).context("the operator key")?;
        let chain = Chain::connect(&record.node_url).await?;
        Ok(Self {
            registry: Contract::new(chain, address, bundle),
            operator,
            lock: Mutex::new(()),
        })
    }

    /// Calls `register_issuer(account, organization_id, metadata_hash)`; returns the block hash.
    pub async fn register(
        &self,
        account: [u8; 32],
        organization_id: [u8; 16],
        metadata_hash: [u8; 32],
    ) -> Result<[u8; 32], RegisterError> {
        let _one_at_a_time = self.lock.lock().await;
        let done = self
            .registry
            .exec::<Result<(), RegistryError>>(
                &self.operator,
                "register_issuer",
                (account, organization_id, metadata_hash),
            )
            .await?;
        match (done.value, done.inclusion) {
            (Ok(()), Some(inclusion)) => Ok(inclusion.block_hash),
            (Ok(()), None) => Err(RegisterError::NotIncluded),
            (Err(error), _) => Err(RegisterError::Refused(error)),
        }
    }
}
