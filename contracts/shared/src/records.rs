//! Records kept in contract storage and returned by the contracts' read messages.
use crate::{AccountId, CertificateId, Hash32, OrganizationId, Timestamp};

/// What a certificate attests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Kind {
    Diploma,
    Course,
    /// A position held at the issuer; the only kind that can be staked for tenure.
    Employment,
    Achievement,
    /// Attendance of or a talk at a conference, webinar or meetup.
    Event,
    Award,
    Recommendation,
    Badge,
    /// A kind the platform defines off chain, by number.
    Other(u16),
}

/// Why an issuer revoked a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum RevocationReason {
    /// The employment ended.
    Dismissed,
    /// The certificate should never have been issued as it was.
    IssuedInError,
    Fraud,
    /// Set only by a supersede; an issuer cannot revoke with it directly.
    Superseded,
    /// A reason the platform defines off chain, by number.
    Other(u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Revocation {
    pub at: Timestamp,
    pub reason: RevocationReason,
}

/// A soulbound certificate. Revoked certificates are kept: history is never deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Certificate {
    pub issuer: AccountId,
    pub holder: AccountId,
    pub kind: Kind,
    /// Digest of the off-chain document (Open Badges 3.0 / VC 2.0 JSON) this certificate binds.
    pub content_hash: Hash32,
    pub issued_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub revocation: Option<Revocation>,
    /// The certificate this one replaced (a promotion links to the previous position).
    pub supersedes: Option<CertificateId>,
    /// The certificate that replaced this one.
    pub superseded_by: Option<CertificateId>,
}

/// A certificate's standing at a given time, most decisive first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum CertificateStatus {
    Active,
    Expired,
    Revoked(RevocationReason),
    Superseded(CertificateId),
    /// Still valid in itself, but its issuer is suspended by the operator.
    IssuerSuspended,
}

impl Certificate {
    pub fn is_expired_at(&self, now: Timestamp) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }

    /// The status at `now`: a revocation outranks expiry, which outranks the issuer's suspension.
    pub fn status_at(&self, now: Timestamp, issuer_suspended: bool) -> CertificateStatus {
        match (self.revocation, self.superseded_by) {
            (
                Some(Revocation {
                    reason: RevocationReason::Superseded,
                    ..
                }),
                Some(by),
            ) => CertificateStatus::Superseded(by),
            (Some(revocation), _) => CertificateStatus::Revoked(revocation.reason),
            (None, _) if self.is_expired_at(now) => CertificateStatus::Expired,
            (None, _) if issuer_suspended => CertificateStatus::IssuerSuspended,
            (None, _) => CertificateStatus::Active,
        }
    }

    /// The end of the time this certificate counts for tenure, if that end is already known.
    pub fn tenure_end(&self) -> Option<Timestamp> {
        match (self.revocation, self.expires_at) {
            (Some(r), Some(e)) => Some(r.at.min(e)),
            (Some(r), None) => Some(r.at),
            (None, e) => e,
        }
    }
}

/// An organization's issuing account, registered by the platform operator.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Issuer {
    pub organization: OrganizationId,
    /// Digest of the organization's off-chain verification record.
    pub metadata_hash: Hash32,
    pub registered_at: Timestamp,
    pub suspended_at: Option<Timestamp>,
}

/// An issuer account the operator retired (its key rotated out): it no longer acts, and
/// `successor`, an active account of the same organization, acts for what it issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Retirement {
    pub successor: AccountId,
    pub at: Timestamp,
}

/// One certificate of a batch issue.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct IssueItem {
    pub holder: AccountId,
    pub kind: Kind,
    pub content_hash: Hash32,
    pub expires_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum RequestState {
    Pending,
    Approved(CertificateId),
    /// Rejected by the issuer, with a reason code the platform defines off chain.
    Rejected(u16),
    Cancelled,
}

/// A holder's request for a certificate from an issuer, decided by that issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Request {
    pub holder: AccountId,
    pub issuer: AccountId,
    pub kind: Kind,
    pub content_hash: Hash32,
    pub expires_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub state: RequestState,
}

/// Which certificates a migration moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum MigrationScope {
    One(CertificateId),
    /// Every certificate the holder has from the migration's issuer, with the tenure earned there.
    AllFromIssuer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum MigrationState {
    Pending,
    /// Approved; this many certificates moved.
    Approved(u32),
    Rejected,
    Cancelled,
    /// The destination wallet agreed to receive the certificates; the issuer decides next.
    Accepted,
}

/// A holder's request to move certificates to a new wallet of theirs, approved by the issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Migration {
    pub from: AccountId,
    pub to: AccountId,
    pub issuer: AccountId,
    pub scope: MigrationScope,
    pub created_at: Timestamp,
    pub state: MigrationState,
}

/// Whether a certificate is in its holder's list (and counts toward the holder's cap).
/// A certificate the holder neither asked for nor has a relationship with its issuer for
/// starts `Pending`; the holder accepts it into the list or hides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Placement {
    Listed,
    Pending,
    /// Kept on chain (history is never deleted) but out of the holder's list.
    Hidden,
}

/// The employment certificate currently staked with an issuer, and since when it accrues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Stake {
    pub certificate: CertificateId,
    pub since: Timestamp,
}

/// A holder's tenure with one issuer: time already settled plus the open stake, if any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct TenureRecord {
    pub accrued_ms: u64,
    pub stake: Option<Stake>,
}

impl TenureRecord {
    /// Tenure at `now`, where `end` is when the staked certificate stops counting (revocation or
    /// expiry), if known.
    pub fn total_at(&self, now: Timestamp, end: Option<Timestamp>) -> u64 {
        let open = self.stake.map_or(0, |stake| {
            let until = end.map_or(now, |end| end.min(now));
            until.saturating_sub(stake.since)
        });
        self.accrued_ms.saturating_add(open)
    }

    /// Folds the open stake's time up to `now` (or `end`) into `accrued_ms` and restarts it at
    /// `now`; returns the time that was added.
    pub fn settle(&mut self, now: Timestamp, end: Option<Timestamp>) -> u64 {
        let before = self.accrued_ms;
        self.accrued_ms = self.total_at(now, end);
        if let Some(stake) = self.stake.as_mut() {
            stake.since = now;
        }
        self.accrued_ms.saturating_sub(before)
    }
}

/// An issuer's tenure award: a holder whose tenure with the issuer reaches `milestone_ms`
/// claims one certificate of `award_kind` bound to `content_hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct TenureProgram {
    pub issuer: AccountId,
    pub milestone_ms: u64,
    pub award_kind: Kind,
    pub content_hash: Hash32,
    pub created_at: Timestamp,
    pub closed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certificate() -> Certificate {
        Certificate {
            issuer: AccountId::from([1; 32]),
            holder: AccountId::from([2; 32]),
            kind: Kind::Employment,
            content_hash: [3; 32],
            issued_at: 10,
            expires_at: None,
            revocation: None,
            supersedes: None,
            superseded_by: None,
        }
    }

    #[test]
    fn revocation_outranks_expiry_and_suspension() {
        let mut c = certificate();
        c.expires_at = Some(20);
        c.revocation = Some(Revocation {
            at: 15,
            reason: RevocationReason::Fraud,
        });
        assert_eq!(
            c.status_at(30, true),
            CertificateStatus::Revoked(RevocationReason::Fraud)
        );
    }

    #[test]
    fn a_superseded_certificate_names_its_successor() {
        let mut c = certificate();
        c.revocation = Some(Revocation {
            at: 15,
            reason: RevocationReason::Superseded,
        });
        c.superseded_by = Some(7);
        assert_eq!(c.status_at(30, false), CertificateStatus::Superseded(7));
    }

    #[test]
    fn expiry_is_inclusive_of_its_instant_and_outranks_suspension() {
        let mut c = certificate();
        c.expires_at = Some(20);
        assert_eq!(c.status_at(19, false), CertificateStatus::Active);
        assert_eq!(c.status_at(20, true), CertificateStatus::Expired);
        assert_eq!(c.status_at(19, true), CertificateStatus::IssuerSuspended);
    }

    #[test]
    fn tenure_stops_at_the_end_and_settling_restarts_the_stake() {
        let mut record = TenureRecord {
            accrued_ms: 5,
            stake: Some(Stake {
                certificate: 1,
                since: 100,
            }),
        };
        assert_eq!(record.total_at(150, None), 55);
        assert_eq!(record.total_at(150, Some(120)), 25);
        assert_eq!(
            record.total_at(90, None),
            5,
            "a clock behind the stake adds nothing"
        );
        assert_eq!(record.settle(150, Some(120)), 20);
        assert_eq!(
            record,
            TenureRecord {
                accrued_ms: 25,
                stake: Some(Stake {
                    certificate: 1,
                    since: 150
                })
            }
        );
    }
}
