//! What each transaction of a block did, for matching submitted transactions by hash: whether it
//! succeeded (and why not) and the contract events it emitted.
use parity_scale_codec::Decode;
use subxt::events::Phase;

use crate::{AccountBytes, Chain, ChainError, ContractEvent};

/// One block and the outcome of each of its extrinsics.
#[derive(Debug, Clone)]
pub struct BlockOutcomes {
    pub number: u64,
    pub hash: [u8; 32],
    pub transactions: Vec<TxOutcome>,
}

#[derive(Debug, Clone)]
pub struct TxOutcome {
    pub hash: [u8; 32],
    /// `None` when it succeeded; else the dispatch error as `Pallet::Error` when the runtime
    /// names it, e.g. `Contracts::ContractReverted`.
    pub failure: Option<String>,
    pub events: Vec<ContractEvent>,
}

impl Chain {
    pub async fn block_outcomes(&self, number: u64) -> Result<BlockOutcomes, ChainError> {
        let at = self.api.at_block(number).await.map_err(ChainError::rpc)?;
        let hash = at.block_ref().hash().0;
        let extrinsics = at.extrinsics().fetch().await.map_err(ChainError::rpc)?;
        let mut transactions: Vec<TxOutcome> = extrinsics
            .iter()
            .map(|ext| {
                ext.map(|ext| TxOutcome {
                    hash: ext.hash().0,
                    failure: None,
                    events: Vec::new(),
                })
                .map_err(|e| ChainError::decode("extrinsic", e))
            })
            .collect::<Result<_, _>>()?;
        let events = at.events().fetch().await.map_err(ChainError::rpc)?;
        for event in events.iter() {
            let event = event.map_err(|e| ChainError::decode("event", e))?;
            let Phase::ApplyExtrinsic(index) = event.phase() else {
                continue;
            };
            let Some(tx) = transactions.get_mut(index as usize) else {
                continue;
            };
            match (event.pallet_name(), event.event_name()) {
                ("Contracts", "ContractEmitted") => {
                    let (contract, data) =
                        <(AccountBytes, Vec<u8>)>::decode(&mut event.field_bytes())
                            .map_err(|e| ChainError::decode("ContractEmitted", e))?;
                    tx.events.push(ContractEvent {
                        contract,
                        topics: event.topics().iter().map(|t| t.0).collect(),
                        data,
                    });
                }
                ("System", "ExtrinsicFailed") => {
                    tx.failure = Some(dispatch_error(&at.metadata(), event.field_bytes()));
                }
                _ => {}
            }
        }
        Ok(BlockOutcomes {
            number,
            hash,
            transactions,
        })
    }
}

/// `DispatchError::Module { index, error }` named through the metadata; other variants by their
/// SCALE index, which is enough to tell a reverted contract from a fee problem.
fn dispatch_error(metadata: &subxt::Metadata, bytes: &[u8]) -> String {
    // DispatchError variant 3 is Module(ModuleError { index: u8, error: [u8; 4] }).
    if let [3, pallet, error, ..] = bytes {
        if let Some(pallet) = metadata.pallet_by_error_index(*pallet) {
            if let Some(variant) = pallet.error_variant_by_index(*error) {
                return format!("{}::{}", pallet.name(), variant.name);
            }
            return format!("{}::error#{error}", pallet.name());
        }
    }
    format!("dispatch error 0x{}", hex::encode(bytes))
}
