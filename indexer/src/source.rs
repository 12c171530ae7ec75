//! The chain side: finalized heads and the contract events of one block (subxt 0.51).
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use iktomi_chain::Chain;
use parity_scale_codec::Decode;
use subxt::backend::{Backend, LegacyBackend};
use subxt::config::substrate::{SpecVersionForRange, SubstrateConfigBuilder};
use subxt::events::Phase;
use subxt::rpcs::RpcClient;
use subxt::{OnlineClient, SubstrateConfig};

use crate::decode::{ContractEvent, DecodeError};
use crate::http_rpc::HttpRpc;
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

/// How long a call may wait for the node; past this the pipeline reports the outage
/// (`/health`, the log) and starts over from the cursor, on the same client.
const SILENCE: Duration = Duration::from_secs(20);

async fn answer<T, E: std::fmt::Display>(
    call: impl Future<Output = Result<T, E>>,
) -> Result<T, SourceError> {
    tokio::time::timeout(SILENCE, call)
        .await
        .map_err(|_| SourceError::Node(format!("no answer within {} s", SILENCE.as_secs())))?
        .map_err(node)
}

/// The node and the contracts whose events are mirrored.
#[derive(Clone)]
pub struct Source {
    api: OnlineClient<SubstrateConfig>,
    backend: Arc<LegacyBackend<SubstrateConfig>>,
    contracts: Vec<[u8; 32]>,
}

impl Source {
    /// Calls over HTTP, each on a keep-alive connection of its own (see `http_rpc` for why
    /// not the WebSocket). A node that goes away fails the calls in flight; the pipeline
    /// reports it and starts over from the cursor.
    pub async fn connect(url: &str, contracts: Vec<[u8; 32]>) -> Result<Self, SourceError> {
        let rpc = HttpRpc::new(url, SILENCE).map_err(node)?;
        let backend = Arc::new(LegacyBackend::builder().build(RpcClient::new(rpc)));
        let api = answer(OnlineClient::from_backend(backend.clone())).await?;
        Ok(Self {
            api,
            backend,
            contracts,
        })
    }

    /// The same over one WebSocket, each block's runtime version asked for: how subxt reads
    /// by default. The benchmark's baseline, and the tests' view of the chain independent of
    /// the indexer's own fetch plan.
    pub async fn over_websocket(url: &str, contracts: Vec<[u8; 32]>) -> Result<Self, SourceError> {
        let backend = Chain::connect_backend(url).await.map_err(node)?;
        let api = answer(OnlineClient::from_backend(backend.clone())).await?;
        Ok(Self {
            api,
            backend,
            contracts,
        })
    }

    /// This source with the runtime version of blocks `from..=to` looked up once, when it is
    /// the same at both ends. subxt otherwise asks the node for it before every block, a
    /// `Core_version` call that runs the runtime: a third of a block's round trips and most
    /// of the node's CPU for it. Spec versions only rise, so equal ends mean one runtime
    /// throughout; a range that holds an upgrade keeps the per-block lookup.
    pub async fn pinned(&self, (from, to): (u64, u64)) -> Result<Self, SourceError> {
        // One after the other: the second finds the metadata the first fetched.
        let first = answer(self.api.at_block(from)).await?;
        let last = answer(self.api.at_block(to)).await?;
        let version = (first.spec_version(), first.transaction_version());
        if version != (last.spec_version(), last.transaction_version()) {
            return Ok(self.clone());
        }
        let config = SubstrateConfigBuilder::new()
            .set_genesis_hash(self.api.genesis_hash())
            .set_spec_version_for_block_ranges([SpecVersionForRange {
                block_range: from..to.saturating_add(1),
                spec_version: version.0,
                transaction_version: version.1,
            }])
            .set_metadata_for_spec_versions([(version.0, first.metadata())])
            .build();
        // No round trip: the configuration carries the genesis hash.
        let api = answer(OnlineClient::from_backend_with_config(
            config,
            self.backend.clone(),
        ))
        .await?;
        Ok(Self {
            api,
            backend: self.backend.clone(),
            contracts: self.contracts.clone(),
        })
    }

    /// Asked of the node each time: it may have been replaced by another chain.
    pub async fn genesis_hash(&self) -> Result<[u8; 32], SourceError> {
        self.block_hash(0).await
    }

    pub async fn block_hash(&self, number: u64) -> Result<[u8; 32], SourceError> {
        answer(self.backend.block_number_to_hash(number))
            .await?
            .map(|at| at.hash().0)
            .ok_or_else(|| SourceError::Node(format!("the node has no block {number}")))
    }

    /// The newest finalized block: (number, hash). Straight from the backend: a client at the
    /// block would also ask for its runtime version, which is not needed here.
    pub async fn finalized_head(&self) -> Result<(u64, [u8; 32]), SourceError> {
        let at = answer(self.backend.latest_finalized_block_ref()).await?;
        let hash = at.hash();
        let header = answer(self.backend.block_header(hash))
            .await?
            .ok_or_else(|| SourceError::Node(format!("the node has no header for {hash:?}")))?;
        Ok((header.number, hash.0))
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
