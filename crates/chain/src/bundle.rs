//! A `.contract` bundle written by cargo-contract: Wasm code plus ink! metadata.
use std::collections::HashMap;
use std::path::Path;

use crate::ChainError;

/// What the client needs of a bundle: the code to upload and the selectors by label.
#[derive(Debug, Clone)]
pub struct ContractBundle {
    pub name: String,
    pub code: Vec<u8>,
    pub code_hash: [u8; 32],
    selectors: HashMap<String, [u8; 4]>,
    /// The raw metadata, e.g. for `spec.events[].signature_topic`.
    pub metadata: serde_json::Value,
}

impl ContractBundle {
    pub fn load(path: &Path) -> Result<Self, ChainError> {
        let fail = |reason: String| ChainError::Bundle {
            path: path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
        let metadata: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| fail(e.to_string()))?;
        let name = metadata["contract"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let code =
            hex_field(&metadata["source"]["wasm"]).ok_or_else(|| fail("no source.wasm".into()))?;
        let code_hash = hex_field(&metadata["source"]["hash"])
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| fail("no source.hash".into()))?;
        let mut selectors = HashMap::new();
        for section in ["constructors", "messages"] {
            for entry in metadata["spec"][section].as_array().into_iter().flatten() {
                let label = entry["label"]
                    .as_str()
                    .ok_or_else(|| fail("unlabelled entry".into()))?;
                let selector = hex_field(&entry["selector"])
                    .and_then(|bytes| bytes.try_into().ok())
                    .ok_or_else(|| fail(format!("bad selector of {label}")))?;
                selectors.insert(label.to_owned(), selector);
            }
        }
        Ok(Self {
            name,
            code,
            code_hash,
            selectors,
            metadata,
        })
    }

    /// Selector followed by the SCALE-encoded arguments, as a contract call's input.
    pub fn input(&self, label: &str, args: &[u8]) -> Result<Vec<u8>, ChainError> {
        let selector = self
            .selectors
            .get(label)
            .ok_or_else(|| ChainError::UnknownMessage(label.to_owned()))?;
        Ok([selector.as_slice(), args].concat())
    }

    /// Labels of every message, sorted.
    pub fn messages(&self) -> Vec<String> {
        let mut labels: Vec<String> = self.metadata["spec"]["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["label"].as_str().map(str::to_owned))
            .collect();
        labels.sort();
        labels
    }
}

fn hex_field(value: &serde_json::Value) -> Option<Vec<u8>> {
    hex::decode(value.as_str()?.trim_start_matches("0x")).ok()
}
