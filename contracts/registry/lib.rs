//! Soulbound certificate registry.
//!
//! Rule: the operator vouches for issuers; an active issuer issues, revokes, supersedes and
//! re-dates its own certificates and decides its holders' requests and migrations (for an issuer
//! account the operator retired in a key rotation, its successor does); holders never
//! transfer certificates, they only stake them for tenure or move them to a new wallet with the
//! issuer's approval. Every state-changing message returns `Result` and changes nothing on `Err`.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub use iktomi_shared as shared;

#[cfg(test)]
mod rotation_tests;
#[cfg(test)]
mod rotation_trust_tests;
#[cfg(test)]
mod security_tests;
#[cfg(test)]
mod tests;

/// Everything a caller can get wrong; no message panics on caller input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Error {
    /// Only the operator may do this.
    NotOperator,
    /// Only the account the operator proposed may accept the role.
    NotProposedOperator,
    /// The account is already a registered issuer.
    IssuerExists,
    /// The account is not a registered issuer.
    UnknownIssuer,
    /// The issuer is suspended and cannot issue.
    IssuerSuspended,
    /// The issuer is not suspended.
    IssuerNotSuspended,
    /// Only the certificate's (or request's, or migration's) issuer, or the successor of a
    /// retired one, may do this; a successor must belong to the retired issuer's organization.
    NotIssuer,
    /// Only the certificate's (or request's, or migration's) holder may do this.
    NotHolder,
    /// No certificate has this id.
    CertificateNotFound,
    RequestNotFound,
    MigrationNotFound,
    /// The request or migration was already decided or cancelled.
    NotPending,
    /// The certificate is revoked (or superseded).
    CertificateRevoked,
    CertificateExpired,
    /// An expiry must lie in the future.
    ExpiryInPast,
    /// `Superseded` is set by a supersede only.
    ReservedReason,
    /// A supersede must keep the issuer and the holder of the certificate it replaces.
    ForeignSupersede,
    /// A batch must hold between 1 and `MAX_BATCH` certificates.
    BadBatchSize,
    /// The holder already holds `MAX_HOLDINGS` certificates.
    HolderFull,
    /// The caller may not issue this kind in this issuer's name.
    NotMinter,
    /// Only employment certificates accrue tenure.
    NotEmployment,
    /// The holder already stakes a certificate with this issuer.
    AlreadyStaked,
    NotStaked,
    /// A staked certificate moves only with its tenure: migrate everything from its issuer.
    CertificateStaked,
    /// A certificate cannot be migrated to the account that holds it; an issuer cannot
    /// succeed itself.
    SameAccount,
    /// Nothing to migrate from this issuer.
    NothingToMigrate,
    /// Certificates are soulbound: they are never transferred or approved for transfer.
    Soulbound,
    /// An id counter ran out.
    Overflow,
    /// Only the migration's destination wallet may accept it.
    NotDestination,
    /// The destination wallet has not accepted the migration yet.
    MigrationNotAccepted,
    /// The issuer already has `MAX_PENDING` unaccepted certificates waiting for this holder.
    TooManyPending,
    /// The certificate is not pending: it was accepted, hidden or issued on request.
    CertificateNotPending,
    /// The certificate is already out of the holder's list.
    CertificateHidden,
    /// The destination's tenure with this issuer already merges `MAX_LINEAGE` wallets.
    LineageFull,
    /// The issuer account was retired (its key rotated out); its successor acts for it.
    IssuerRetired,
}

pub type Result<T> = core::result::Result<T, Error>;

/// Largest batch issue; bounds the gas of one call.
pub const MAX_BATCH: u32 = 100;
/// Most certificates one account holds; bounds the scans of a migration.
pub const MAX_HOLDINGS: u32 = 1_000;
/// Longest page of `certificates_of`.
pub const MAX_PAGE: u32 = 100;
/// Most unaccepted certificates one issuer may have waiting for one holder: an organization
/// the holder has no relationship with can offer a few, not flood the holder.
pub const MAX_PENDING: u32 = 10;
/// Most wallets whose tenure with one issuer one wallet's tenure may merge.
pub const MAX_LINEAGE: u32 = 16;
/// Most retirements followed from a certificate's issuer to the account that acts for it now.
pub const MAX_SUCCESSION: u32 = 8;

/// A length as the contract's `u32` counts; lengths here are bounded far below `u32::MAX`.
fn count(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

macro_rules! ensure {
    ($cond:expr, $err:expr $(,)?) => {
        if !$cond {
            return Err($err);
        }
    };
}

#[ink::contract]
mod registry {
    use super::{
        count, Error, Result, MAX_BATCH, MAX_HOLDINGS, MAX_LINEAGE, MAX_PAGE, MAX_PENDING,
        MAX_SUCCESSION,
    };
    use iktomi_shared::{events::*, *};
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;

    /// (issuer, minter, kind).
    type MinterKey = (AccountId, AccountId, Kind);
    /// (holder, issuer, position).
    type PendingKey = (AccountId, AccountId, u32);
    /// Other wallets, oldest merge last.
    type Wallets = Vec<AccountId>;

    #[ink(storage)]
    pub struct Registry {
        /// The platform operator: registers, suspends and reinstates issuers.
        operator: AccountId,
        /// The account the operator offered its role to, until it accepts.
        proposed_operator: Option<AccountId>,
        issuers: Mapping<AccountId, Issuer>,
        /// (issuer, minter, kind) the issuer allowed the minter to issue in its name.
        minters: Mapping<MinterKey, ()>,
        certificates: Mapping<CertificateId, Certificate>,
        /// Certificates issued so far; the last id handed out.
        issued: CertificateId,
        /// (holder, position) -> certificate, positions 0..balance, for paginated listing.
        holdings: Mapping<(AccountId, u32), CertificateId>,
        balances: Mapping<AccountId, u32>,
        requests: Mapping<RequestId, Request>,
        last_request: RequestId,
        migrations: Mapping<MigrationId, Migration>,
        last_migration: MigrationId,
        /// (holder, issuer) -> tenure earned with that issuer.
        tenure: Mapping<(AccountId, AccountId), TenureRecord>,
        /// Certificates out of their holder's list (pending or hidden); absent means listed
        /// (or revoked, which also leaves the list).
        placements: Mapping<CertificateId, Placement>,
        /// (holder, issuer, position) -> pending certificate, positions 0..pending count.
        pending: Mapping<PendingKey, CertificateId>,
        pending_counts: Mapping<(AccountId, AccountId), u32>,
        /// (holder, issuer) the holder has a relationship with: it asked the issuer for a
        /// certificate, accepted one, claimed an award or received a migration from it.
        trusted: Mapping<(AccountId, AccountId), ()>,
        /// (holder, issuer) -> the other wallets whose tenure with the issuer merged into the
        /// holder's; award claims follow this lineage so moved tenure is claimed once.
        lineage: Mapping<(AccountId, AccountId), Wallets>,
        /// Issuer accounts retired by a key rotation, each with the account that succeeds it.
        retired: Mapping<AccountId, Retirement>,
        /// successor -> the account it first succeeded: a holder's trust in that account
        /// carries over to its successor.
        predecessor: Mapping<AccountId, AccountId>,
    }

    impl Registry {
        /// Deploys the registry with the caller as operator.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                operator: Self::env().caller(),
                proposed_operator: None,
                issuers: Mapping::new(),
                minters: Mapping::new(),
                certificates: Mapping::new(),
                issued: 0,
                holdings: Mapping::new(),
                balances: Mapping::new(),
                requests: Mapping::new(),
                last_request: 0,
                migrations: Mapping::new(),
                last_migration: 0,
                tenure: Mapping::new(),
                placements: Mapping::new(),
                pending: Mapping::new(),
                pending_counts: Mapping::new(),
                trusted: Mapping::new(),
                lineage: Mapping::new(),
                retired: Mapping::new(),
                predecessor: Mapping::new(),
            }
        }
    }

    impl Default for Registry {
        fn default() -> Self {
            Self::new()
        }
    }

    impl Registry {
        // ---- operator ---------------------------------------------------------------------

        #[ink(message)]
        pub fn operator(&self) -> AccountId {
            self.operator
        }

        /// Offers the operator role; it changes hands only when `new` accepts, so a typo
        /// cannot lose it.
        #[ink(message)]
        pub fn propose_operator(&mut self, new: AccountId) -> Result<()> {
            self.ensure_operator()?;
            self.proposed_operator = Some(new);
            self.env().emit_event(OperatorProposed {
                operator: self.operator,
                proposed: new,
            });
            Ok(())
        }

        #[ink(message)]
        pub fn accept_operator(&mut self) -> Result<()> {
            let caller = self.env().caller();
            ensure!(
                self.proposed_operator == Some(caller),
                Error::NotProposedOperator
            );
            let previous = core::mem::replace(&mut self.operator, caller);
            self.proposed_operator = None;
            self.env().emit_event(OperatorChanged {
                previous,
                operator: caller,
            });
            Ok(())
        }

        #[ink(message)]
        pub fn register_issuer(
            &mut self,
            account: AccountId,
            organization: OrganizationId,
            metadata_hash: Hash32,
        ) -> Result<()> {
            self.ensure_operator()?;
            ensure!(!self.issuers.contains(account), Error::IssuerExists);
            let at = self.now();
            self.issuers.insert(
                account,
                &Issuer {
                    organization,
                    metadata_hash,
                    registered_at: at,
                    suspended_at: None,
                },
            );
            self.env().emit_event(IssuerRegistered {
                issuer: account,
                organization,
                metadata_hash,
                at,
            });
            Ok(())
        }

        /// Stops an issuer from issuing; its certificates stay readable and show the suspension.
        #[ink(message)]
        pub fn suspend_issuer(&mut self, account: AccountId) -> Result<()> {
            self.ensure_operator()?;
            let mut issuer = self.issuers.get(account).ok_or(Error::UnknownIssuer)?;
            ensure!(issuer.suspended_at.is_none(), Error::IssuerSuspended);
            let at = self.now();
            issuer.suspended_at = Some(at);
            self.issuers.insert(account, &issuer);
            self.env().emit_event(IssuerSuspended {
                issuer: account,
                at,
            });
            Ok(())
        }

        #[ink(message)]
        pub fn reinstate_issuer(&mut self, account: AccountId) -> Result<()> {
            self.ensure_operator()?;
            let mut issuer = self.issuers.get(account).ok_or(Error::UnknownIssuer)?;
            ensure!(issuer.suspended_at.is_some(), Error::IssuerNotSuspended);
            issuer.suspended_at = None;
            self.issuers.insert(account, &issuer);
            self.env().emit_event(IssuerReinstated {
                issuer: account,
                at: self.now(),
            });
            Ok(())
        }

        /// Rotates an issuer key out: `account` never acts again, its certificates keep their
        /// status, and `successor` (an active account of the same organization) revokes,
        /// re-dates and decides requests and migrations for what `account` issued or was asked.
        /// Retiring does not touch a suspension: the certificates of a retired account the
        /// operator suspended read `IssuerSuspended` until the operator reinstates it, which
        /// lets it act no more than before.
        #[ink(message)]
        pub fn retire_issuer(&mut self, account: AccountId, successor: AccountId) -> Result<()> {
            self.ensure_operator()?;
            let retiring = self.issuers.get(account).ok_or(Error::UnknownIssuer)?;
            ensure!(!self.retired.contains(account), Error::IssuerRetired);
            // A rotation must not lift a suspension: the successor would issue again.
            ensure!(retiring.suspended_at.is_none(), Error::IssuerSuspended);
            ensure!(successor != account, Error::SameAccount);
            let heir = self.issuers.get(successor).ok_or(Error::UnknownIssuer)?;
            ensure!(heir.organization == retiring.organization, Error::NotIssuer);
            self.ensure_active_issuer(successor)?;
            let at = self.now();
            self.retired.insert(account, &Retirement { successor, at });
            if !self.predecessor.contains(successor) {
                self.predecessor.insert(successor, &account);
            }
            self.env().emit_event(IssuerRetired {
                issuer: account,
                successor,
                at,
            });
            Ok(())
        }

        /// A key rotation in one call: registers `successor` for `account`'s organization (with
        /// `account`'s metadata) and retires `account` in its favour, as `retire_issuer` does.
        #[ink(message)]
        pub fn rotate_issuer(&mut self, account: AccountId, successor: AccountId) -> Result<()> {
            self.ensure_operator()?;
            let retiring = self.issuers.get(account).ok_or(Error::UnknownIssuer)?;
            ensure!(!self.retired.contains(account), Error::IssuerRetired);
            ensure!(retiring.suspended_at.is_none(), Error::IssuerSuspended);
            ensure!(successor != account, Error::SameAccount);
            // Nothing is written before every check of both steps has passed: an unregistered
            // successor is neither retired nor suspended, and it joins `account`'s organization.
            self.register_issuer(successor, retiring.organization, retiring.metadata_hash)?;
            self.retire_issuer(account, successor)
        }

        /// The retirement of `account`, if the operator retired it.
        #[ink(message)]
        pub fn retirement(&self, account: AccountId) -> Option<Retirement> {
            self.retired.get(account)
        }

        #[ink(message)]
        pub fn issuer(&self, account: AccountId) -> Option<Issuer> {
            self.issuers.get(account)
        }

        // ---- issuing ----------------------------------------------------------------------

        /// Lets `minter` (a contract such as the tenure awards) issue `kind` in the caller's name.
        #[ink(message)]
        pub fn set_minter(&mut self, minter: AccountId, kind: Kind, allowed: bool) -> Result<()> {
            let issuer = self.env().caller();
            self.ensure_active_issuer(issuer)?;
            if allowed {
                self.minters.insert((issuer, minter, kind), &());
            } else {
                self.minters.remove((issuer, minter, kind));
            }
            self.env().emit_event(MinterChanged {
                issuer,
                minter,
                kind,
                allowed,
            });
            Ok(())
        }

        #[ink(message)]
        pub fn is_minter(&self, issuer: AccountId, minter: AccountId, kind: Kind) -> bool {
            self.minters.contains((issuer, minter, kind))
        }

        /// Issues a certificate to `holder`. With `supersedes`, the old certificate (same issuer,
        /// same holder, still active) is revoked as `Superseded` in the same call, both link to
        /// each other, and a stake on the old one carries over to the new one.
        #[ink(message)]
        pub fn issue(
            &mut self,
            holder: AccountId,
            kind: Kind,
            content_hash: Hash32,
            expires_at: Option<Timestamp>,
            supersedes: Option<CertificateId>,
        ) -> Result<CertificateId> {
            let issuer = self.env().caller();
            self.ensure_active_issuer(issuer)?;
            self.ensure_future(expires_at)?;
            let old = match supersedes {
                Some(old_id) => Some((old_id, self.supersedable(old_id, issuer, holder)?)),
                None => None,
            };
            // Replacing a certificate the holder keeps listed takes its place in the list.
            let replaces_listed = old.as_ref().is_some_and(|(old_id, _)| self.listed(*old_id));
            if !replaces_listed {
                self.ensure_offer_room(issuer, holder, 1)?;
            }
            let id = self.mint(
                issuer,
                holder,
                kind,
                content_hash,
                expires_at,
                supersedes,
                None,
                None,
                replaces_listed,
            )?;
            if let Some((old_id, old_cert)) = old {
                self.supersede(old_id, old_cert, id, kind);
            }
            Ok(id)
        }

        /// Issues up to `MAX_BATCH` certificates at once; all of them or none.
        #[ink(message)]
        pub fn issue_batch(&mut self, items: Vec<IssueItem>) -> Result<Vec<CertificateId>> {
            let issuer = self.env().caller();
            self.ensure_active_issuer(issuer)?;
            ensure!(
                !items.is_empty() && count(items.len()) <= MAX_BATCH,
                Error::BadBatchSize
            );
            for (n, item) in items.iter().enumerate() {
                self.ensure_future(item.expires_at)?;
                let earlier = items[..n]
                    .iter()
                    .filter(|other| other.holder == item.holder)
                    .count();
                self.ensure_offer_room(issuer, item.holder, count(earlier).saturating_add(1))?;
            }
            self.issued
                .checked_add(items.len() as u64)
                .ok_or(Error::Overflow)?;
            items
                .into_iter()
                .map(|item| {
                    self.mint(
                        issuer,
                        item.holder,
                        item.kind,
                        item.content_hash,
                        item.expires_at,
                        None,
                        None,
                        None,
                        false,
                    )
                })
                .collect()
        }

        /// Issues in `issuer`'s name for a minter the issuer allowed for exactly this kind.
        #[ink(message)]
        pub fn issue_for(
            &mut self,
            issuer: AccountId,
            holder: AccountId,
            kind: Kind,
            content_hash: Hash32,
        ) -> Result<CertificateId> {
            let minter = self.env().caller();
            ensure!(
                self.minters.contains((issuer, minter, kind)),
                Error::NotMinter
            );
            self.ensure_active_issuer(issuer)?;
            self.ensure_room(holder, 1)?;
            // The holder claimed it: an award earned with this issuer is a relationship.
            self.trusted.insert((holder, issuer), &());
            self.mint(
                issuer,
                holder,
                kind,
                content_hash,
                None,
                None,
                None,
                Some(minter),
                true,
            )
        }

        /// Revokes a certificate for good; the record stays, with the time and the reason.
        #[ink(message)]
        pub fn revoke(&mut self, id: CertificateId, reason: RevocationReason) -> Result<()> {
            ensure!(
                reason != RevocationReason::Superseded,
                Error::ReservedReason
            );
            let mut cert = self
                .certificates
                .get(id)
                .ok_or(Error::CertificateNotFound)?;
            self.ensure_acts_for(self.env().caller(), cert.issuer, true)?;
            ensure!(cert.revocation.is_none(), Error::CertificateRevoked);
            let at = self.now();
            cert.revocation = Some(Revocation { at, reason });
            self.certificates.insert(id, &cert);
            self.unlist(id, &cert);
            self.end_stake(id, &cert, at);
            self.env().emit_event(CertificateRevoked {
                id,
                issuer: cert.issuer,
                holder: cert.holder,
                reason,
                at,
                superseded_by: None,
            });
            Ok(())
        }

        /// Renews (or removes) the expiry of a certificate that is not revoked. An expired
        /// certificate can be renewed; the lapse does not count as tenure.
        #[ink(message)]
        pub fn set_expiry(
            &mut self,
            id: CertificateId,
            expires_at: Option<Timestamp>,
        ) -> Result<()> {
            let mut cert = self
                .certificates
                .get(id)
                .ok_or(Error::CertificateNotFound)?;
            self.ensure_acts_for(self.env().caller(), cert.issuer, false)?;
            ensure!(cert.revocation.is_none(), Error::CertificateRevoked);
            self.ensure_future(expires_at)?;
            let key = (cert.holder, cert.issuer);
            let at = self.now();
            let mut tenure_accrued_ms = None;
            if let Some(mut record) = self.tenure.get(key).filter(|r| Self::stakes(r, id)) {
                record.settle(at, cert.tenure_end());
                self.tenure.insert(key, &record);
                tenure_accrued_ms = Some(record.accrued_ms);
            }
            cert.expires_at = expires_at;
            self.certificates.insert(id, &cert);
            self.env().emit_event(ExpiryChanged {
                id,
                issuer: cert.issuer,
                holder: cert.holder,
                expires_at,
                at,
                tenure_accrued_ms,
            });
            Ok(())
        }

        // ---- requests ---------------------------------------------------------------------

        /// A holder asks an issuer for a certificate bound to a document the holder supplies.
        #[ink(message)]
        pub fn request_certificate(
            &mut self,
            issuer: AccountId,
            kind: Kind,
            content_hash: Hash32,
            expires_at: Option<Timestamp>,
        ) -> Result<RequestId> {
            self.ensure_active_issuer(issuer)?;
            self.ensure_future(expires_at)?;
            let holder = self.env().caller();
            let id = self.last_request.checked_add(1).ok_or(Error::Overflow)?;
            let at = self.now();
            self.last_request = id;
            self.requests.insert(
                id,
                &Request {
                    holder,
                    issuer,
                    kind,
                    content_hash,
                    expires_at,
                    created_at: at,
                    state: RequestState::Pending,
                },
            );
            self.env().emit_event(CertificateRequested {
                id,
                issuer,
                holder,
                kind,
                content_hash,
                expires_at,
                at,
            });
            Ok(id)
        }

        /// The issuer approves a pending request: the certificate is issued as requested.
        #[ink(message)]
        pub fn approve_request(&mut self, id: RequestId) -> Result<CertificateId> {
            let mut request = self.pending_request(id)?;
            // The request's issuer, or the successor of a retired one, in whose name it issues.
            let issuer = self.env().caller();
            self.ensure_acts_for(issuer, request.issuer, false)?;
            self.ensure_room(request.holder, 1)?;
            if request.expires_at.is_some_and(|at| at <= self.now()) {
                return Err(Error::CertificateExpired);
            }
            // The holder asked this issuer: a relationship.
            self.trusted.insert((request.holder, issuer), &());
            let cert = self.mint(
                issuer,
                request.holder,
                request.kind,
                request.content_hash,
                request.expires_at,
                None,
                Some(id),
                None,
                true,
            )?;
            request.state = RequestState::Approved(cert);
            self.resolve_request(id, &request);
            Ok(cert)
        }

        #[ink(message)]
        pub fn reject_request(&mut self, id: RequestId, reason_code: u16) -> Result<()> {
            let mut request = self.pending_request(id)?;
            self.ensure_acts_for(self.env().caller(), request.issuer, true)?;
            request.state = RequestState::Rejected(reason_code);
            self.resolve_request(id, &request);
            Ok(())
        }

        #[ink(message)]
        pub fn cancel_request(&mut self, id: RequestId) -> Result<()> {
            let mut request = self.pending_request(id)?;
            ensure!(request.holder == self.env().caller(), Error::NotHolder);
            request.state = RequestState::Cancelled;
            self.resolve_request(id, &request);
            Ok(())
        }

        #[ink(message)]
        pub fn request(&self, id: RequestId) -> Option<Request> {
            self.requests.get(id)
        }

        // ---- wallet migration -------------------------------------------------------------

        /// The holder asks to move one certificate, or all from `issuer`, to its new wallet `to`.
        /// Asking is the holder's consent: pending certificates it names (one, or all from the
        /// issuer) are accepted. Nothing moves until `to` accepts and the issuer approves.
        #[ink(message)]
        pub fn request_migration(
            &mut self,
            issuer: AccountId,
            scope: MigrationScope,
            to: AccountId,
        ) -> Result<MigrationId> {
            let from = self.env().caller();
            ensure!(from != to, Error::SameAccount);
            match scope {
                MigrationScope::One(cert_id) => {
                    let cert = self
                        .certificates
                        .get(cert_id)
                        .ok_or(Error::CertificateNotFound)?;
                    ensure!(cert.holder == from, Error::NotHolder);
                    ensure!(cert.issuer == issuer, Error::NotIssuer);
                    if self.placements.get(cert_id) == Some(Placement::Pending) {
                        self.accept(cert_id, &cert)?;
                    }
                }
                MigrationScope::AllFromIssuer => {
                    ensure!(self.issuers.contains(issuer), Error::UnknownIssuer);
                    for cert_id in self.pending_from(from, issuer) {
                        if let Some(cert) = self.certificates.get(cert_id) {
                            self.accept(cert_id, &cert)?;
                        }
                    }
                }
            }
            let id = self.last_migration.checked_add(1).ok_or(Error::Overflow)?;
            let at = self.now();
            self.last_migration = id;
            self.migrations.insert(
                id,
                &Migration {
                    from,
                    to,
                    issuer,
                    scope,
                    created_at: at,
                    state: MigrationState::Pending,
                },
            );
            self.env().emit_event(MigrationRequested {
                id,
                issuer,
                from,
                to,
                scope,
                at,
            });
            Ok(id)
        }

        /// The destination wallet agrees to receive the migration: without this second
        /// signature a holder could hand certificates to anyone (a buyer) once the issuer
        /// approves.
        #[ink(message)]
        pub fn accept_migration(&mut self, id: MigrationId) -> Result<()> {
            let mut migration = self.pending_migration(id)?;
            ensure!(migration.to == self.env().caller(), Error::NotDestination);
            ensure!(
                migration.state == MigrationState::Pending,
                Error::NotPending
            );
            migration.state = MigrationState::Accepted;
            self.trusted.insert((migration.to, migration.issuer), &());
            self.resolve_migration(id, &migration);
            Ok(())
        }

        /// The active issuer approves a migration its destination accepted; the certificates
        /// (and, for a whole-issuer migration, the tenure earned there) move to the new wallet.
        #[ink(message)]
        pub fn approve_migration(&mut self, id: MigrationId) -> Result<u32> {
            let mut migration = self.pending_migration(id)?;
            self.ensure_acts_for(self.env().caller(), migration.issuer, false)?;
            ensure!(
                migration.state == MigrationState::Accepted,
                Error::MigrationNotAccepted
            );
            let ids = self.migratable(&migration)?;
            self.ensure_room(migration.to, count(ids.len()))?;
            let all = migration.scope == MigrationScope::AllFromIssuer;
            let lineage = if all {
                Some(self.merged_lineage(migration.issuer, migration.from, migration.to)?)
            } else {
                None
            };
            for cert_id in &ids {
                self.move_certificate(*cert_id, migration.from, migration.to, id);
            }
            if let Some(lineage) = lineage {
                self.move_tenure(migration.issuer, migration.from, migration.to);
                self.lineage.remove((migration.from, migration.issuer));
                self.lineage
                    .insert((migration.to, migration.issuer), &lineage);
            }
            let moved = count(ids.len());
            migration.state = MigrationState::Approved(moved);
            self.resolve_migration(id, &migration);
            Ok(moved)
        }

        #[ink(message)]
        pub fn reject_migration(&mut self, id: MigrationId) -> Result<()> {
            let mut migration = self.pending_migration(id)?;
            self.ensure_acts_for(self.env().caller(), migration.issuer, true)?;
            migration.state = MigrationState::Rejected;
            self.resolve_migration(id, &migration);
            Ok(())
        }

        /// The holder, or the destination wallet declining, withdraws the migration.
        #[ink(message)]
        pub fn cancel_migration(&mut self, id: MigrationId) -> Result<()> {
            let mut migration = self.pending_migration(id)?;
            let caller = self.env().caller();
            ensure!(
                migration.from == caller || migration.to == caller,
                Error::NotHolder
            );
            migration.state = MigrationState::Cancelled;
            self.resolve_migration(id, &migration);
            Ok(())
        }

        #[ink(message)]
        pub fn migration(&self, id: MigrationId) -> Option<Migration> {
            self.migrations.get(id)
        }

        // ---- holder's list -----------------------------------------------------------------

        /// The holder takes a pending certificate into its list; its issuer becomes trusted, so
        /// its next certificates to this holder are listed directly.
        #[ink(message)]
        pub fn accept_certificate(&mut self, id: CertificateId) -> Result<()> {
            let cert = self
                .certificates
                .get(id)
                .ok_or(Error::CertificateNotFound)?;
            ensure!(cert.holder == self.env().caller(), Error::NotHolder);
            ensure!(
                self.placements.get(id) == Some(Placement::Pending),
                Error::CertificateNotPending
            );
            self.accept(id, &cert)
        }

        /// The holder takes a certificate out of its list (it stays on chain, readable by id)
        /// and stops trusting its issuer: that issuer's next certificates wait as pending.
        #[ink(message)]
        pub fn hide_certificate(&mut self, id: CertificateId) -> Result<()> {
            let cert = self
                .certificates
                .get(id)
                .ok_or(Error::CertificateNotFound)?;
            let holder = self.env().caller();
            ensure!(cert.holder == holder, Error::NotHolder);
            let placement = self.placements.get(id);
            ensure!(
                placement != Some(Placement::Hidden),
                Error::CertificateHidden
            );
            let record = self.tenure.get((holder, cert.issuer)).unwrap_or_default();
            ensure!(!Self::stakes(&record, id), Error::CertificateStaked);
            self.unlist(id, &cert);
            self.placements.insert(id, &Placement::Hidden);
            self.distrust(holder, cert.issuer);
            self.env().emit_event(CertificateHidden {
                id,
                issuer: cert.issuer,
                holder,
                at: self.now(),
            });
            Ok(())
        }

        /// The caller declares (or ends) a relationship with `issuer`, e.g. on joining it:
        /// the issuer's certificates to the caller are then listed without a pending step.
        #[ink(message)]
        pub fn trust_issuer(&mut self, issuer: AccountId, trusted: bool) -> Result<()> {
            let holder = self.env().caller();
            if trusted {
                self.trusted.insert((holder, issuer), &());
            } else {
                self.distrust(holder, issuer);
            }
            Ok(())
        }

        /// Where a certificate stands in its holder's list; `None` for an unknown id.
        #[ink(message)]
        pub fn placement(&self, id: CertificateId) -> Option<Placement> {
            self.certificates
                .contains(id)
                .then(|| self.placements.get(id).unwrap_or(Placement::Listed))
        }

        /// The certificates of `issuer` waiting for `holder` to accept or hide them.
        #[ink(message)]
        pub fn pending_of(&self, holder: AccountId, issuer: AccountId) -> Vec<CertificateId> {
            self.pending_from(holder, issuer)
        }

        /// Whether `issuer`'s certificates to `holder` are listed directly.
        #[ink(message)]
        pub fn trusts(&self, holder: AccountId, issuer: AccountId) -> bool {
            self.trusted_by(holder, issuer)
        }

        // ---- tenure -----------------------------------------------------------------------

        /// The holder stakes an active employment certificate: tenure with its issuer accrues
        /// from now while it stays staked and active.
        #[ink(message)]
        pub fn stake(&mut self, id: CertificateId) -> Result<()> {
            let cert = self
                .certificates
                .get(id)
                .ok_or(Error::CertificateNotFound)?;
            let holder = self.env().caller();
            ensure!(cert.holder == holder, Error::NotHolder);
            ensure!(cert.kind == Kind::Employment, Error::NotEmployment);
            self.ensure_usable(&cert)?;
            let key = (holder, cert.issuer);
            let mut record = self.tenure.get(key).unwrap_or_default();
            ensure!(record.stake.is_none(), Error::AlreadyStaked);
            match self.placements.get(id) {
                // Staking a position is the holder's consent to it.
                Some(Placement::Pending) => self.accept(id, &cert)?,
                Some(Placement::Hidden) => return Err(Error::CertificateHidden),
                Some(Placement::Listed) | None => {}
            }
            let at = self.now();
            record.stake = Some(Stake {
                certificate: id,
                since: at,
            });
            self.tenure.insert(key, &record);
            self.env().emit_event(Staked {
                id,
                holder,
                issuer: cert.issuer,
                at,
            });
            Ok(())
        }

        /// Ends the stake; the tenure accrued so far is kept.
        #[ink(message)]
        pub fn unstake(&mut self, id: CertificateId) -> Result<()> {
            let cert = self
                .certificates
                .get(id)
                .ok_or(Error::CertificateNotFound)?;
            ensure!(cert.holder == self.env().caller(), Error::NotHolder);
            let record = self
                .tenure
                .get((cert.holder, cert.issuer))
                .unwrap_or_default();
            ensure!(Self::stakes(&record, id), Error::NotStaked);
            self.end_stake(id, &cert, self.now());
            Ok(())
        }

        /// Milliseconds of tenure `holder` has with `issuer` at the current block time.
        #[ink(message)]
        pub fn tenure_of(&self, holder: AccountId, issuer: AccountId) -> u64 {
            let record = self.tenure.get((holder, issuer)).unwrap_or_default();
            record.total_at(self.now(), self.staked_end(&record))
        }

        #[ink(message)]
        pub fn tenure_record(&self, holder: AccountId, issuer: AccountId) -> TenureRecord {
            self.tenure.get((holder, issuer)).unwrap_or_default()
        }

        /// `holder` first, then every wallet whose tenure with `issuer` merged into holder's:
        /// an award claimed by any of them was claimed for this tenure.
        #[ink(message)]
        pub fn tenure_lineage(&self, holder: AccountId, issuer: AccountId) -> Vec<AccountId> {
            let mut lineage = ink::prelude::vec![holder];
            lineage.extend(self.lineage.get((holder, issuer)).unwrap_or_default());
            lineage
        }

        // ---- reads ------------------------------------------------------------------------

        #[ink(message)]
        pub fn certificate(&self, id: CertificateId) -> Option<Certificate> {
            self.certificates.get(id)
        }

        /// The certificate's status at the current block time.
        #[ink(message)]
        pub fn status(&self, id: CertificateId) -> Option<CertificateStatus> {
            let cert = self.certificates.get(id)?;
            let suspended = self
                .issuers
                .get(cert.issuer)
                .is_some_and(|i| i.suspended_at.is_some());
            Some(cert.status_at(self.now(), suspended))
        }

        #[ink(message)]
        pub fn owner_of(&self, id: CertificateId) -> Option<AccountId> {
            self.certificates.get(id).map(|cert| cert.holder)
        }

        /// Certificates in `holder`'s list: accepted, neither revoked nor hidden. This is what
        /// `MAX_HOLDINGS` caps; revoked, pending and hidden ones stay readable by id.
        #[ink(message)]
        pub fn balance_of(&self, holder: AccountId) -> u32 {
            self.balances.get(holder).unwrap_or(0)
        }

        /// A page of `holder`'s certificates from position `start`, at most `MAX_PAGE` long.
        #[ink(message)]
        pub fn certificates_of(
            &self,
            holder: AccountId,
            start: u32,
            limit: u32,
        ) -> Vec<CertificateId> {
            let end = start
                .saturating_add(limit.min(MAX_PAGE))
                .min(self.balance_of(holder));
            (start..end)
                .filter_map(|n| self.holdings.get((holder, n)))
                .collect()
        }

        #[ink(message)]
        pub fn total_supply(&self) -> u64 {
            self.issued
        }

        /// ERC-5192: every certificate is locked to its holder.
        #[ink(message)]
        pub fn locked(&self, id: CertificateId) -> Result<bool> {
            ensure!(self.certificates.contains(id), Error::CertificateNotFound);
            Ok(true)
        }

        /// PSP34-shaped transfer, kept so wallets get a clear answer: certificates are soulbound.
        #[ink(message)]
        pub fn transfer(
            &mut self,
            _to: AccountId,
            _id: CertificateId,
            _data: Vec<u8>,
        ) -> Result<()> {
            Err(Error::Soulbound)
        }

        /// PSP34-shaped approve; see `transfer`.
        #[ink(message)]
        pub fn approve(
            &mut self,
            _operator: AccountId,
            _id: Option<CertificateId>,
            _approved: bool,
        ) -> Result<()> {
            Err(Error::Soulbound)
        }

        // ---- internals --------------------------------------------------------------------

        fn now(&self) -> Timestamp {
            self.env().block_timestamp()
        }

        fn ensure_operator(&self) -> Result<()> {
            ensure!(self.env().caller() == self.operator, Error::NotOperator);
            Ok(())
        }

        /// Registered, not retired and not suspended: the account may act as an issuer.
        fn ensure_active_issuer(&self, account: AccountId) -> Result<()> {
            let issuer = self.issuers.get(account).ok_or(Error::UnknownIssuer)?;
            ensure!(!self.retired.contains(account), Error::IssuerRetired);
            ensure!(issuer.suspended_at.is_none(), Error::IssuerSuspended);
            Ok(())
        }

        /// Whether `holder` trusts `issuer`, or an account `issuer` succeeded in a key rotation
        /// (at most `MAX_SUCCESSION` back).
        fn trusted_by(&self, holder: AccountId, issuer: AccountId) -> bool {
            let mut account = issuer;
            for _ in 0..MAX_SUCCESSION {
                if self.trusted.contains((holder, account)) {
                    return true;
                }
                match self.predecessor.get(account) {
                    Some(before) => account = before,
                    None => return false,
                }
            }
            false
        }

        /// Ends `holder`'s trust in `issuer` and in the accounts it succeeded, which
        /// `trusted_by` would otherwise still count.
        fn distrust(&mut self, holder: AccountId, issuer: AccountId) {
            let mut account = issuer;
            for _ in 0..MAX_SUCCESSION {
                self.trusted.remove((holder, account));
                match self.predecessor.get(account) {
                    Some(before) => account = before,
                    None => return,
                }
            }
        }

        /// `caller` acts for what `issuer` issued (or was asked): `issuer` itself while active
        /// (a suspended issuer still revokes and rejects, `while_suspended`), or, once `issuer`
        /// is retired in a key rotation, any active account of the same organization, however
        /// many rotations ago that was. A caller with that authority but inactive hears why
        /// (`IssuerRetired`, `IssuerSuspended`); anyone else `NotIssuer`.
        fn ensure_acts_for(
            &self,
            caller: AccountId,
            issuer: AccountId,
            while_suspended: bool,
        ) -> Result<()> {
            if caller == issuer {
                ensure!(!self.retired.contains(caller), Error::IssuerRetired);
                if while_suspended {
                    ensure!(self.issuers.contains(caller), Error::UnknownIssuer);
                    return Ok(());
                }
                return self.ensure_active_issuer(caller);
            }
            let retired_from = self
                .issuers
                .get(issuer)
                .filter(|_| self.retired.contains(issuer))
                .ok_or(Error::NotIssuer)?;
            let acting = self.issuers.get(caller).ok_or(Error::NotIssuer)?;
            ensure!(
                acting.organization == retired_from.organization,
                Error::NotIssuer
            );
            self.ensure_active_issuer(caller)
        }

        fn ensure_future(&self, expires_at: Option<Timestamp>) -> Result<()> {
            ensure!(
                expires_at.is_none_or(|at| at > self.now()),
                Error::ExpiryInPast
            );
            Ok(())
        }

        fn ensure_room(&self, holder: AccountId, extra: u32) -> Result<()> {
            let after = self.balance_of(holder).saturating_add(extra);
            ensure!(after <= MAX_HOLDINGS, Error::HolderFull);
            Ok(())
        }

        /// Room for `extra` more certificates from `issuer`: in the list if the holder trusts
        /// the issuer, otherwise among the few the issuer may leave pending.
        fn ensure_offer_room(
            &self,
            issuer: AccountId,
            holder: AccountId,
            extra: u32,
        ) -> Result<()> {
            if self.trusted_by(holder, issuer) {
                return self.ensure_room(holder, extra);
            }
            let after = self.pending_count(holder, issuer).saturating_add(extra);
            ensure!(after <= MAX_PENDING, Error::TooManyPending);
            Ok(())
        }

        fn pending_count(&self, holder: AccountId, issuer: AccountId) -> u32 {
            self.pending_counts.get((holder, issuer)).unwrap_or(0)
        }

        fn pending_from(&self, holder: AccountId, issuer: AccountId) -> Vec<CertificateId> {
            (0..self.pending_count(holder, issuer))
                .filter_map(|n| self.pending.get((holder, issuer, n)))
                .collect()
        }

        fn push_pending(&mut self, holder: AccountId, issuer: AccountId, id: CertificateId) {
            let n = self.pending_count(holder, issuer);
            self.pending.insert((holder, issuer, n), &id);
            self.pending_counts
                .insert((holder, issuer), &n.saturating_add(1));
            self.placements.insert(id, &Placement::Pending);
        }

        /// Removes `id` from the pending list by moving the last entry into its place.
        fn remove_pending(&mut self, holder: AccountId, issuer: AccountId, id: CertificateId) {
            let n = self.pending_count(holder, issuer);
            let Some(position) =
                (0..n).find(|p| self.pending.get((holder, issuer, *p)) == Some(id))
            else {
                return;
            };
            let last = n.saturating_sub(1);
            if position != last {
                if let Some(moved) = self.pending.get((holder, issuer, last)) {
                    self.pending.insert((holder, issuer, position), &moved);
                }
            }
            self.pending.remove((holder, issuer, last));
            self.pending_counts.insert((holder, issuer), &last);
        }

        /// Whether `id` is in its holder's list now.
        fn listed(&self, id: CertificateId) -> bool {
            self.certificates
                .get(id)
                .is_some_and(|cert| cert.revocation.is_none())
                && matches!(self.placements.get(id), None | Some(Placement::Listed))
        }

        /// Takes `id` out of whichever list holds it (its placement is left as it was).
        fn unlist(&mut self, id: CertificateId, cert: &Certificate) {
            match self.placements.get(id) {
                Some(Placement::Pending) => self.remove_pending(cert.holder, cert.issuer, id),
                Some(Placement::Hidden) => {}
                Some(Placement::Listed) | None => self.remove_holding(cert.holder, id),
            }
        }

        /// Moves a pending certificate into its holder's list, trusting its issuer from now.
        fn accept(&mut self, id: CertificateId, cert: &Certificate) -> Result<()> {
            ensure!(cert.revocation.is_none(), Error::CertificateRevoked);
            self.ensure_room(cert.holder, 1)?;
            self.remove_pending(cert.holder, cert.issuer, id);
            self.placements.remove(id);
            self.push_holding(cert.holder, id);
            self.trusted.insert((cert.holder, cert.issuer), &());
            self.env().emit_event(CertificateAccepted {
                id,
                issuer: cert.issuer,
                holder: cert.holder,
                at: self.now(),
            });
            Ok(())
        }

        /// `to`'s lineage with `issuer` once `from`'s tenure merges into it.
        fn merged_lineage(
            &self,
            issuer: AccountId,
            from: AccountId,
            to: AccountId,
        ) -> Result<Vec<AccountId>> {
            let mut lineage = self.lineage.get((to, issuer)).unwrap_or_default();
            for wallet in self.tenure_lineage(from, issuer) {
                if wallet != to && !lineage.contains(&wallet) {
                    lineage.push(wallet);
                }
            }
            ensure!(count(lineage.len()) <= MAX_LINEAGE, Error::LineageFull);
            Ok(lineage)
        }

        fn ensure_usable(&self, cert: &Certificate) -> Result<()> {
            ensure!(cert.revocation.is_none(), Error::CertificateRevoked);
            ensure!(!cert.is_expired_at(self.now()), Error::CertificateExpired);
            Ok(())
        }

        fn supersedable(
            &self,
            id: CertificateId,
            issuer: AccountId,
            holder: AccountId,
        ) -> Result<Certificate> {
            let old = self
                .certificates
                .get(id)
                .ok_or(Error::CertificateNotFound)?;
            // The successor of a rotated-out key promotes what that key issued.
            let issuer_acts =
                old.issuer == issuer || self.ensure_acts_for(issuer, old.issuer, false).is_ok();
            ensure!(issuer_acts && old.holder == holder, Error::ForeignSupersede);
            self.ensure_usable(&old)?;
            Ok(old)
        }

        #[allow(clippy::too_many_arguments)]
        fn mint(
            &mut self,
            issuer: AccountId,
            holder: AccountId,
            kind: Kind,
            content_hash: Hash32,
            expires_at: Option<Timestamp>,
            supersedes: Option<CertificateId>,
            request: Option<RequestId>,
            minter: Option<AccountId>,
            solicited: bool,
        ) -> Result<CertificateId> {
            let id = self.issued.checked_add(1).ok_or(Error::Overflow)?;
            let pending = !solicited && !self.trusted_by(holder, issuer);
            let issued_at = self.now();
            self.issued = id;
            self.certificates.insert(
                id,
                &Certificate {
                    issuer,
                    holder,
                    kind,
                    content_hash,
                    issued_at,
                    expires_at,
                    revocation: None,
                    supersedes,
                    superseded_by: None,
                },
            );
            if pending {
                self.push_pending(holder, issuer, id);
            } else {
                self.push_holding(holder, id);
            }
            self.env().emit_event(CertificateIssued {
                id,
                issuer,
                holder,
                kind,
                content_hash,
                issued_at,
                expires_at,
                supersedes,
                request,
                minter,
                pending,
            });
            Ok(id)
        }

        fn supersede(
            &mut self,
            old_id: CertificateId,
            mut old: Certificate,
            new_id: CertificateId,
            new_kind: Kind,
        ) {
            let at = self.now();
            old.revocation = Some(Revocation {
                at,
                reason: RevocationReason::Superseded,
            });
            old.superseded_by = Some(new_id);
            self.certificates.insert(old_id, &old);
            self.unlist(old_id, &old);
            let was_staked = self.end_stake(old_id, &old, at);
            // Tenure is kept per issuer account: across a key rotation the stake ends with the
            // old certificate, and the holder stakes the new one with the new account.
            let same_issuer = self
                .certificates
                .get(new_id)
                .is_some_and(|new| new.issuer == old.issuer);
            if was_staked && new_kind == Kind::Employment && same_issuer {
                let key = (old.holder, old.issuer);
                let mut record = self.tenure.get(key).unwrap_or_default();
                record.stake = Some(Stake {
                    certificate: new_id,
                    since: at,
                });
                self.tenure.insert(key, &record);
                self.env().emit_event(Staked {
                    id: new_id,
                    holder: old.holder,
                    issuer: old.issuer,
                    at,
                });
            }
            self.env().emit_event(CertificateRevoked {
                id: old_id,
                issuer: old.issuer,
                holder: old.holder,
                reason: RevocationReason::Superseded,
                at,
                superseded_by: Some(new_id),
            });
        }

        fn stakes(record: &TenureRecord, id: CertificateId) -> bool {
            record.stake.is_some_and(|stake| stake.certificate == id)
        }

        /// When the staked certificate stops counting, if that is already known.
        fn staked_end(&self, record: &TenureRecord) -> Option<Timestamp> {
            let stake = record.stake?;
            self.certificates
                .get(stake.certificate)
                .and_then(|cert| cert.tenure_end())
        }

        /// Closes the stake on `id`, if any, at `at`; returns whether there was one.
        fn end_stake(&mut self, id: CertificateId, cert: &Certificate, at: Timestamp) -> bool {
            let key = (cert.holder, cert.issuer);
            let Some(mut record) = self.tenure.get(key).filter(|r| Self::stakes(r, id)) else {
                return false;
            };
            // The end is computed from the record as stored before this call's revocation,
            // so expiry before `at` still caps the interval.
            let end = cert.expires_at;
            record.settle(at, end);
            record.stake = None;
            self.tenure.insert(key, &record);
            self.env().emit_event(Unstaked {
                id,
                holder: cert.holder,
                issuer: cert.issuer,
                at,
                accrued_ms: record.accrued_ms,
            });
            true
        }

        fn push_holding(&mut self, holder: AccountId, id: CertificateId) {
            let balance = self.balance_of(holder);
            self.holdings.insert((holder, balance), &id);
            self.balances.insert(holder, &balance.saturating_add(1));
        }

        /// Removes `id` from `holder`'s list by moving the last entry into its place.
        fn remove_holding(&mut self, holder: AccountId, id: CertificateId) {
            let balance = self.balance_of(holder);
            let Some(position) = (0..balance).find(|n| self.holdings.get((holder, *n)) == Some(id))
            else {
                return;
            };
            let last = balance.saturating_sub(1);
            if position != last {
                if let Some(moved) = self.holdings.get((holder, last)) {
                    self.holdings.insert((holder, position), &moved);
                }
            }
            self.holdings.remove((holder, last));
            self.balances.insert(holder, &last);
        }

        fn pending_request(&self, id: RequestId) -> Result<Request> {
            let request = self.requests.get(id).ok_or(Error::RequestNotFound)?;
            ensure!(request.state == RequestState::Pending, Error::NotPending);
            Ok(request)
        }

        fn resolve_request(&mut self, id: RequestId, request: &Request) {
            self.requests.insert(id, request);
            self.env().emit_event(RequestResolved {
                id,
                issuer: request.issuer,
                holder: request.holder,
                state: request.state,
                at: self.now(),
            });
        }

        fn pending_migration(&self, id: MigrationId) -> Result<Migration> {
            let migration = self.migrations.get(id).ok_or(Error::MigrationNotFound)?;
            ensure!(
                matches!(
                    migration.state,
                    MigrationState::Pending | MigrationState::Accepted
                ),
                Error::NotPending
            );
            Ok(migration)
        }

        fn resolve_migration(&mut self, id: MigrationId, migration: &Migration) {
            self.migrations.insert(id, migration);
            self.env().emit_event(MigrationResolved {
                id,
                issuer: migration.issuer,
                from: migration.from,
                to: migration.to,
                state: migration.state,
                at: self.now(),
            });
        }

        /// The certificates an approval would move, checked against the current state.
        fn migratable(&self, migration: &Migration) -> Result<Vec<CertificateId>> {
            match migration.scope {
                MigrationScope::One(id) => {
                    let cert = self
                        .certificates
                        .get(id)
                        .ok_or(Error::CertificateNotFound)?;
                    ensure!(cert.holder == migration.from, Error::NotHolder);
                    let record = self
                        .tenure
                        .get((cert.holder, cert.issuer))
                        .unwrap_or_default();
                    ensure!(!Self::stakes(&record, id), Error::CertificateStaked);
                    Ok(ink::prelude::vec![id])
                }
                MigrationScope::AllFromIssuer => {
                    let ids: Vec<_> = (0..self.balance_of(migration.from))
                        .filter_map(|n| self.holdings.get((migration.from, n)))
                        .filter(|id| {
                            self.certificates
                                .get(*id)
                                .is_some_and(|c| c.issuer == migration.issuer)
                        })
                        .collect();
                    ensure!(!ids.is_empty(), Error::NothingToMigrate);
                    Ok(ids)
                }
            }
        }

        fn move_certificate(
            &mut self,
            id: CertificateId,
            from: AccountId,
            to: AccountId,
            migration: MigrationId,
        ) {
            let Some(mut cert) = self.certificates.get(id) else {
                return;
            };
            let listed = self.listed(id);
            cert.holder = to;
            self.certificates.insert(id, &cert);
            if listed {
                self.remove_holding(from, id);
                self.push_holding(to, id);
            }
            self.env().emit_event(CertificateMigrated {
                id,
                from,
                to,
                migration,
            });
        }

        /// Merges `from`'s tenure with `issuer` into `to`'s; an open stake moves along unless
        /// `to` already stakes one, in which case it is settled and closed.
        fn move_tenure(&mut self, issuer: AccountId, from: AccountId, to: AccountId) {
            let Some(mut old) = self.tenure.get((from, issuer)) else {
                return;
            };
            let now = self.now();
            let end = self.staked_end(&old);
            old.settle(now, end);
            let mut new = self.tenure.get((to, issuer)).unwrap_or_default();
            new.accrued_ms = new.accrued_ms.saturating_add(old.accrued_ms);
            if new.stake.is_none() {
                new.stake = old.stake;
            }
            self.tenure.remove((from, issuer));
            self.tenure.insert((to, issuer), &new);
            self.env().emit_event(TenureMoved {
                issuer,
                from,
                to,
                accrued_ms: new.accrued_ms,
                stake: new.stake,
                at: now,
            });
        }
    }
}

pub use registry::{Registry, RegistryRef};
