//! `.data/deployment.json`: where the contracts were deployed, read by the indexer and the API.
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::AccountBytes;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeployedContract {
    /// SS58 would hide the raw bytes the indexer matches on; both are easy to derive.
    pub address: String,
    pub code_hash: String,
}

impl DeployedContract {
    /// The contract's account id, from its `0x` hex address.
    pub fn account(&self) -> Result<AccountBytes, DeploymentError> {
        hex::decode(self.address.trim_start_matches("0x"))
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| DeploymentError::Address(self.address.clone()))
    }
}

/// The record of one deployment of the registry and the tenure contract.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Deployment {
    pub node_url: String,
    pub genesis_hash: String,
    pub deployment_block: u64,
    pub registry: DeployedContract,
    pub tenure: DeployedContract,
}

#[derive(Debug, thiserror::Error)]
pub enum DeploymentError {
    #[error("reading {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("parsing {path}: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error("{0} is not a 32-byte contract address")]
    Address(String),
}

impl Deployment {
    pub fn read(path: &Path) -> Result<Self, DeploymentError> {
        let shown = || path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| DeploymentError::Io {
            path: shown(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| DeploymentError::Parse {
            path: shown(),
            source,
        })
    }

    pub fn write(&self, path: &Path) -> Result<(), DeploymentError> {
        let text = serde_json::to_string_pretty(self).map_err(|source| DeploymentError::Parse {
            path: path.display().to_string(),
            source,
        })? + "\n";
        std::fs::write(path, text).map_err(|source| DeploymentError::Io {
            path: path.display().to_string(),
            source,
        })
    }
}
