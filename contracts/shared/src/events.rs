//! Every state change of the Iktomi contracts, as emitted on chain.
//!
//! Topics are chosen for the indexer's filters: the record's id first, then the accounts it
//! concerns. ink! allows three topics besides the signature topic.
use crate::{
    AccountId, CertificateId, Hash32, Kind, MigrationId, MigrationScope, MigrationState,
    OrganizationId, ProgramId, RequestId, RequestState, RevocationReason, Stake, Timestamp,
};

/// The operator offered its role to `proposed`, who still has to accept.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorProposed {
    #[ink(topic)]
    pub operator: AccountId,
    #[ink(topic)]
    pub proposed: AccountId,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorChanged {
    #[ink(topic)]
    pub previous: AccountId,
    #[ink(topic)]
    pub operator: AccountId,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerRegistered {
    #[ink(topic)]
    pub issuer: AccountId,
    pub organization: OrganizationId,
    pub metadata_hash: Hash32,
    pub at: Timestamp,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerSuspended {
    #[ink(topic)]
    pub issuer: AccountId,
    pub at: Timestamp,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerReinstated {
    #[ink(topic)]
    pub issuer: AccountId,
    pub at: Timestamp,
}

/// The operator retired an issuer account (a key rotation): it no longer acts, its
/// certificates keep their status, and `successor` acts for them.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerRetired {
    #[ink(topic)]
    pub issuer: AccountId,
    pub successor: AccountId,
    pub at: Timestamp,
}

/// An issuer allowed (or stopped allowing) `minter` to issue certificates of `kind` in its name.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinterChanged {
    #[ink(topic)]
    pub issuer: AccountId,
    #[ink(topic)]
    pub minter: AccountId,
    pub kind: Kind,
    pub allowed: bool,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateIssued {
    #[ink(topic)]
    pub id: CertificateId,
    #[ink(topic)]
    pub issuer: AccountId,
    #[ink(topic)]
    pub holder: AccountId,
    pub kind: Kind,
    pub content_hash: Hash32,
    pub issued_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub supersedes: Option<CertificateId>,
    /// The holder's request this certificate answers, if it was requested.
    pub request: Option<RequestId>,
    /// The account that issued it in the issuer's name, if not the issuer itself.
    pub minter: Option<AccountId>,
    /// Unsolicited: it waits for the holder to accept it (`CertificateAccepted`) or hide it.
    pub pending: bool,
}

/// The holder took a pending certificate into its list (and, with it, trusts its issuer).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateAccepted {
    #[ink(topic)]
    pub id: CertificateId,
    #[ink(topic)]
    pub issuer: AccountId,
    #[ink(topic)]
    pub holder: AccountId,
    pub at: Timestamp,
}

/// The holder took a certificate out of its list; the record stays. Its issuer's next
/// certificates to this holder are pending again.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateHidden {
    #[ink(topic)]
    pub id: CertificateId,
    #[ink(topic)]
    pub issuer: AccountId,
    #[ink(topic)]
    pub holder: AccountId,
    pub at: Timestamp,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRevoked {
    #[ink(topic)]
    pub id: CertificateId,
    #[ink(topic)]
    pub issuer: AccountId,
    #[ink(topic)]
    pub holder: AccountId,
    pub reason: RevocationReason,
    pub at: Timestamp,
    pub superseded_by: Option<CertificateId>,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiryChanged {
    #[ink(topic)]
    pub id: CertificateId,
    #[ink(topic)]
    pub issuer: AccountId,
    #[ink(topic)]
    pub holder: AccountId,
    pub expires_at: Option<Timestamp>,
    pub at: Timestamp,
    /// When the certificate is staked: the holder's tenure with the issuer settled at `at`
    /// under the old expiry; the stake then accrues again from `at`.
    pub tenure_accrued_ms: Option<u64>,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRequested {
    #[ink(topic)]
    pub id: RequestId,
    #[ink(topic)]
    pub issuer: AccountId,
    #[ink(topic)]
    pub holder: AccountId,
    pub kind: Kind,
    pub content_hash: Hash32,
    pub expires_at: Option<Timestamp>,
    pub at: Timestamp,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestResolved {
    #[ink(topic)]
    pub id: RequestId,
    #[ink(topic)]
    pub issuer: AccountId,
    #[ink(topic)]
    pub holder: AccountId,
    pub state: RequestState,
    pub at: Timestamp,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationRequested {
    #[ink(topic)]
    pub id: MigrationId,
    #[ink(topic)]
    pub issuer: AccountId,
    #[ink(topic)]
    pub from: AccountId,
    pub to: AccountId,
    pub scope: MigrationScope,
    pub at: Timestamp,
}

/// A migration changed state: `Accepted` by its destination wallet, or decided or cancelled.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationResolved {
    #[ink(topic)]
    pub id: MigrationId,
    #[ink(topic)]
    pub issuer: AccountId,
    #[ink(topic)]
    pub from: AccountId,
    pub to: AccountId,
    pub state: MigrationState,
    pub at: Timestamp,
}

/// One certificate moved to its holder's new wallet by an approved migration.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateMigrated {
    #[ink(topic)]
    pub id: CertificateId,
    #[ink(topic)]
    pub from: AccountId,
    #[ink(topic)]
    pub to: AccountId,
    pub migration: MigrationId,
}

/// A holder's tenure with an issuer moved to their new wallet by an approved migration.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenureMoved {
    #[ink(topic)]
    pub issuer: AccountId,
    #[ink(topic)]
    pub from: AccountId,
    #[ink(topic)]
    pub to: AccountId,
    /// `to`'s settled tenure with the issuer after the merge.
    pub accrued_ms: u64,
    /// `to`'s open stake after the merge.
    pub stake: Option<Stake>,
    pub at: Timestamp,
}

/// A tenure interval opened: the certificate accrues tenure from `at`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staked {
    #[ink(topic)]
    pub id: CertificateId,
    #[ink(topic)]
    pub holder: AccountId,
    #[ink(topic)]
    pub issuer: AccountId,
    pub at: Timestamp,
}

/// A tenure interval closed at `at` (unstake, revocation or supersede); `accrued_ms` is the
/// holder's settled tenure with the issuer afterwards.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unstaked {
    #[ink(topic)]
    pub id: CertificateId,
    #[ink(topic)]
    pub holder: AccountId,
    #[ink(topic)]
    pub issuer: AccountId,
    pub at: Timestamp,
    pub accrued_ms: u64,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramCreated {
    #[ink(topic)]
    pub id: ProgramId,
    #[ink(topic)]
    pub issuer: AccountId,
    pub milestone_ms: u64,
    pub award_kind: Kind,
    pub content_hash: Hash32,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramClosed {
    #[ink(topic)]
    pub id: ProgramId,
    #[ink(topic)]
    pub issuer: AccountId,
}

#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardClaimed {
    #[ink(topic)]
    pub program: ProgramId,
    #[ink(topic)]
    pub holder: AccountId,
    #[ink(topic)]
    pub issuer: AccountId,
    pub certificate: CertificateId,
}
