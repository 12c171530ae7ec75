//! Ids, on-chain records and events of the Iktomi contracts.
//!
//! The contracts emit these events and the off-chain indexer decodes them with the same
//! definitions, so an event changed in one place cannot silently drift from the other.
//! Nothing here holds personal data: only accounts, ids, kinds, hashes, times and statuses.
#![cfg_attr(not(feature = "std"), no_std)]
// The SCALE derives of enums with data cast variant indices; cargo-contract denies that lint.
#![allow(clippy::cast_possible_truncation)]

pub mod events;
pub mod records;

/// The ink! version these definitions are compiled with, for `ink::env::Event` and codecs.
pub use ink;
pub use records::*;

/// An account on the chain (sr25519 public key for people, contract address for contracts).
pub type AccountId = ink::primitives::AccountId;
/// Milliseconds since the Unix epoch, as the chain's block timestamps are.
pub type Timestamp = u64;
/// A 32-byte digest (blake2b-256 or sha-256) of an off-chain document.
pub type Hash32 = [u8; 32];
/// The off-chain organization (a UUID) an issuer account acts for.
pub type OrganizationId = [u8; 16];
/// Certificates are numbered from 1 in issue order; ids are never reused.
pub type CertificateId = u64;
/// A holder's request for a certificate, numbered from 1.
pub type RequestId = u64;
/// A holder's request to move certificates to another wallet, numbered from 1.
pub type MigrationId = u64;
/// A tenure award program of the tenure contract, numbered from 1.
pub type ProgramId = u32;

/// One day in the chain's time unit.
pub const DAY_MS: Timestamp = 86_400_000;
