//! The chain side: finalized heads and the contract events of one block (subxt 0.51).
use std::future::Future;
use std::time::Duration;

use iktomi_chain::Chain;
use parity_scale_codec::Decode;
use subxt::events::Phase;
use subxt::{OnlineClient, SubstrateConfig};

use crate::decode::{ContractEvent, DecodeError};
use crate::store::{IndexedBlock, IndexedEvent};

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The node is unreachable or answered with an error; retried after a pause.
    #[error("node: {0}")]
    Node(String),
    /// One of our events does not decode: retrying cannot help.
    #[error("block {block}: {error}")]
    Decode { block: u64, error: DecodeError },
}

fn node(e: impl std::fmt::Display) -> SourceError {
    SourceError::Node(e.to_string())
}

/// How long a call may wait for the node. While the node is away the client reconnects and
/// calls wait for it; past this the pipeline reports the outage (`/health`, the log) and
/// starts over from the cursor, on the same client.
const SILENCE: Duration = Duration::from_secs(20);

async fn answer<T, E: std::fmt::Display>(
    call: impl Future<Output = Result<T, E>>,
) -> Result<T, SourceError> {
    tokio::time::timeout(SILENCE, call)
        .await
        .map_err(|_| {
            SourceError::Node(format!(
                "no answer within {} s; reconnecting",
                SILENCE.as_secs()
            ))
        })?
        .map_err(node)
}

/// A connection to the node and the contracts whose events are mirrored.
#[derive(Clone)]
pub struct Source {
    api: OnlineClient<SubstrateConfig>,
    contracts: Vec<[u8; 32]>,
}

impl Source {
    /// A client that reconnects by itself when the node goes away (see `Chain::connect`).
    pub async fn connect(url: &str, contracts: Vec<[u8; 32]>) -> Result<Self, SourceError> {
        let api = Chain::connect(url).await.map_err(node)?.api;
        Ok(Self { api, contracts })
    }

    pub async fn genesis_hash(&self) -> Result<[u8; 32], SourceError> {
        self.block_hash(0).await
    }

    pub async fn block_hash(&self, number: u64) -> Result<[u8; 32], SourceError> {
        let at = answer(self.api.at_block(number)).await?;
        Ok(at.block_ref().hash().0)
    }

    /// The newest finalized block: (number, hash).
    pub async fn finalized_head(&self) -> Result<(u64, [u8; 32]), SourceError> {
        let at = answer(self.api.at_current_block()).await?;
        Ok((at.block_number(), at.block_ref().hash().0))
    }

    /// What subxt alone does for a block: fetch it and its events, and walk them. The
    /// benchmark's baseline; returns the number of `ContractEmitted` events.
    pub async fn fetch_raw(&self, number: u64) -> Result<usize, SourceError> {
        let at = answer(self.api.at_block(number)).await?;
        let events = answer(at.events().fetch()).await?;
        let mut emitted = 0;
        for event in events.iter() {
            let event = event.map_err(node)?;
            if event.pallet_name() == "Contracts" && event.event_name() == "ContractEmitted" {
                emitted += 1;
            }
        }
        Ok(emitted)
    }

    /// Block `number` of the finalized chain with the events our contracts emitted in it.
    pub async fn fetch(&self, number: u64) -> Result<IndexedBlock, SourceError> {
        let at = answer(self.api.at_block(number)).await?;
        let hash = at.block_ref().hash().0;
        let events = answer(at.events().fetch()).await?;
        let mut ours = Vec::new();
        for event in events.iter() {
            let event = event.map_err(node)?;
            if event.pallet_name() != "Contracts" || event.event_name() != "ContractEmitted" {
                continue;
            }
            // pallet-contracts (polkadot-stable2409): ContractEmitted { contract, data }; the
            // topics sit on the event record.
            let (contract, raw) =
                <([u8; 32], Vec<u8>)>::decode(&mut event.field_bytes()).map_err(|e| {
                    SourceError::Decode {
                        block: number,
                        error: DecodeError::Malformed {
                            name: "Contracts::ContractEmitted",
                            reason: e.to_string(),
                        },
                    }
                })?;
            if !self.contracts.contains(&contract) {
                continue;
            }
            let topics: Vec<[u8; 32]> = event.topics().iter().map(|t| t.0).collect();
            let decoded =
                ContractEvent::decode(&topics, &raw).map_err(|error| SourceError::Decode {
                    block: number,
                    error,
                })?;
            ours.push(IndexedEvent {
                index: event.index(),
                extrinsic: match event.phase() {
                    Phase::ApplyExtrinsic(i) => Some(i),
                    _ => None,
                },
                contract,
                topics,
                raw,
                event: decoded,
            });
        }
        Ok(IndexedBlock {
            number,
            hash,
            events: ours,
        })
    }
}
