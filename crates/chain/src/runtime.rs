//! pallet-contracts' runtime API and events, decoded by name so no metadata is checked in.
use subxt::ext::scale_decode::{self, DecodeAsType};
use subxt::ext::scale_encode::{self, EncodeAsType};

use crate::AccountBytes;

/// Execution weight as pallet-contracts reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, DecodeAsType, EncodeAsType)]
#[decode_as_type(crate_path = "scale_decode")]
#[encode_as_type(crate_path = "scale_encode")]
pub struct Weight {
    pub ref_time: u64,
    pub proof_size: u64,
}

impl Weight {
    /// Headroom over a dry run's requirement, because state can move between the dry run and
    /// the block that includes the call.
    pub fn with_margin(self) -> Self {
        Self {
            ref_time: self.ref_time / 10 * 11,
            proof_size: self.proof_size / 10 * 11,
        }
    }
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "scale_decode")]
pub(crate) enum StorageDeposit {
    Refund(u128),
    Charge(u128),
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "scale_decode")]
pub(crate) struct ReturnFlags {
    pub bits: u32,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "scale_decode")]
pub(crate) struct ExecReturnValue {
    pub flags: ReturnFlags,
    pub data: Vec<u8>,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "scale_decode")]
pub(crate) struct InstantiateReturnValue {
    pub result: ExecReturnValue,
}

/// `ContractResult` of `ContractsApi_call` / `ContractsApi_instantiate`; fields not named here
/// (debug message, events) are skipped.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "scale_decode")]
pub(crate) struct ContractResult<T> {
    pub gas_consumed: Weight,
    pub gas_required: Weight,
    pub storage_deposit: StorageDeposit,
    pub result: Result<T, subxt::dynamic::Value>,
}

/// What a dry run tells about a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DryRun {
    pub gas_consumed: Weight,
    pub gas_required: Weight,
    /// Positive when the call would hold a deposit, negative when it would refund one.
    pub storage_deposit: i128,
    /// Whether the contract reverted its state (an ink! message returned `Err`).
    pub reverted: bool,
    /// The message's SCALE-encoded answer, `Result<T, LangError>`.
    pub data: Vec<u8>,
}

impl<T> ContractResult<T> {
    pub(crate) fn deposit(&self) -> i128 {
        match self.storage_deposit {
            StorageDeposit::Charge(n) => n as i128,
            StorageDeposit::Refund(n) => -(n as i128),
        }
    }
}

/// One `Contracts::ContractEmitted` event: in pallet-contracts the topics sit on the event
/// record, not in the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractEvent {
    pub contract: AccountBytes,
    pub topics: Vec<[u8; 32]>,
    pub data: Vec<u8>,
}

impl ContractEvent {
    /// Decodes the event as `E` if its signature topic is `E`'s.
    pub fn decode<E: parity_scale_codec::Decode + iktomi_shared::ink::env::Event>(
        &self,
    ) -> Option<E> {
        let signature = E::SIGNATURE_TOPIC?;
        if self.topics.first() != Some(&signature) {
            return None;
        }
        E::decode(&mut &self.data[..]).ok()
    }
}
