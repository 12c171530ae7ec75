//! pallet-contracts' runtime API and events in their SCALE layout (polkadot-stable2409).
//!
//! Arguments and answers are encoded by hand rather than through metadata type matching: the
//! layout is small and fixed, and a call's bytes are checked against the node's metadata anyway
//! when the transaction is built from them.
use parity_scale_codec::{Compact, Decode, Encode};

use crate::{AccountBytes, ChainError};

/// Execution weight as pallet-contracts reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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

impl Encode for Weight {
    fn encode_to<O: parity_scale_codec::Output + ?Sized>(&self, dest: &mut O) {
        Compact(self.ref_time).encode_to(dest);
        Compact(self.proof_size).encode_to(dest);
    }
}

impl Decode for Weight {
    fn decode<I: parity_scale_codec::Input>(
        input: &mut I,
    ) -> Result<Self, parity_scale_codec::Error> {
        let ref_time = Compact::<u64>::decode(input)?.0;
        let proof_size = Compact::<u64>::decode(input)?.0;
        Ok(Self {
            ref_time,
            proof_size,
        })
    }
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

/// `ContractsApi_call` arguments: origin, dest, value, gas limit, deposit limit, input.
pub(crate) fn call_args(origin: AccountBytes, contract: AccountBytes, input: &[u8]) -> Vec<u8> {
    (
        origin,
        contract,
        0u128,
        Option::<Weight>::None,
        Option::<u128>::None,
        input,
    )
        .encode()
}

/// `ContractsApi_instantiate` arguments: origin, value, gas limit, deposit limit,
/// `Code::Upload(code)`, constructor input, salt.
pub(crate) fn instantiate_args(
    origin: AccountBytes,
    code: &[u8],
    input: &[u8],
    salt: &[u8],
) -> Vec<u8> {
    let mut args = (origin, 0u128, Option::<Weight>::None, Option::<u128>::None).encode();
    0u8.encode_to(&mut args);
    (code, input, salt).encode_to(&mut args);
    args
}

/// Decodes a `ContractResult` whose `Ok` value starts with an `ExecReturnValue` (calls) or is
/// an `InstantiateReturnValue` (instantiation, whose first field is the `ExecReturnValue`).
pub(crate) fn decode_result(bytes: &[u8]) -> Result<DryRun, ChainError> {
    let fail = |e: parity_scale_codec::Error| ChainError::decode("ContractResult", e);
    let input = &mut &bytes[..];
    let gas_consumed = Weight::decode(input).map_err(fail)?;
    let gas_required = Weight::decode(input).map_err(fail)?;
    let storage_deposit = match u8::decode(input).map_err(fail)? {
        0 => -(u128::decode(input).map_err(fail)? as i128),
        _ => u128::decode(input).map_err(fail)? as i128,
    };
    let _debug_message = Vec::<u8>::decode(input).map_err(fail)?;
    if u8::decode(input).map_err(fail)? != 0 {
        return Err(ChainError::Trapped(format!(
            "dispatch error 0x{}",
            hex::encode(input)
        )));
    }
    let flags = u32::decode(input).map_err(fail)?;
    let data = Vec::<u8>::decode(input).map_err(fail)?;
    Ok(DryRun {
        gas_consumed,
        gas_required,
        storage_deposit,
        reverted: flags & 1 == 1,
        data,
    })
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
    pub fn decode<E: Decode + iktomi_shared::ink::env::Event>(&self) -> Option<E> {
        let signature = E::SIGNATURE_TOPIC?;
        if self.topics.first() != Some(&signature) {
            return None;
        }
        E::decode(&mut &self.data[..]).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reverted_call_result_decodes_with_its_answer() {
        let mut bytes = (
            Weight {
                ref_time: 5,
                proof_size: 6,
            },
            Weight {
                ref_time: 7,
                proof_size: 8,
            },
        )
            .encode();
        (1u8, 42u128, Vec::<u8>::new(), 0u8, 1u32, vec![0u8, 1, 2]).encode_to(&mut bytes);
        let dry = decode_result(&bytes).expect("decodes");
        assert_eq!(
            dry.gas_required,
            Weight {
                ref_time: 7,
                proof_size: 8
            }
        );
        assert_eq!(
            (dry.storage_deposit, dry.reverted, dry.data),
            (42, true, vec![0, 1, 2])
        );
    }

    #[test]
    fn a_dispatch_error_is_reported_not_decoded_as_an_answer() {
        let mut bytes = (Weight::default(), Weight::default()).encode();
        (0u8, 3u128, Vec::<u8>::new(), 1u8, 9u8).encode_to(&mut bytes);
        assert!(matches!(decode_result(&bytes), Err(ChainError::Trapped(_))));
    }
}
