//! A small client for the Iktomi contracts on a pallet-contracts chain (subxt 0.51).
//!
//! Calls are dry-run first: the dry run gives the message's answer, its weight and its storage
//! deposit, and a call whose dry run reverts is never submitted, so callers get the contract's
//! typed error instead of an opaque `ContractReverted`.
mod blocks;
mod bundle;
mod client;
mod contract;
mod deployment;
mod error;
mod funds;
mod runtime;
mod submit;

pub use blocks::{BlockOutcomes, TxOutcome};
pub use bundle::ContractBundle;
pub use client::{Chain, Deployed};
pub use contract::{Contract, Executed, Inclusion, Prepared};
pub use deployment::{DeployedContract, Deployment, DeploymentError};
pub use error::ChainError;
pub use runtime::{ContractEvent, DryRun, Weight};
pub use submit::{SignedTx, SubmitError, Submitted};
pub use subxt_signer::sr25519::{dev, Keypair};

/// A 32-byte account id as the contracts see it.
pub type AccountBytes = [u8; 32];

/// The account id of a keypair.
pub fn account_of(signer: &Keypair) -> AccountBytes {
    signer.public_key().0
}

/// Bytes as `0x`-prefixed hex, the form hashes, blocks, addresses and seeds take outside the chain.
pub fn hex0x(bytes: impl AsRef<[u8]>) -> String {
    format!("0x{}", hex::encode(bytes))
}
