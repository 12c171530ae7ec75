//! Soulbound certificate registry.
//!
//! Rule: the operator vouches for issuers; an active issuer issues, revokes, supersedes and
//! re-dates its own certificates and decides its holders' requests and migrations; holders never
//! transfer certificates, they only stake them for tenure or move them to a new wallet with the
//! issuer's approval. Every state-changing message returns `Result` and changes nothing on `Err`.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub use iktomi_shared as shared;

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
    /// Only the certificate's (or request's, or migration's) issuer may do this.
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
    /// A certificate cannot be migrated to the account that holds it.
    SameAccount,
    /// Nothing to migrate from this issuer.
    NothingToMigrate,
    /// Certificates are soulbound: they are never transferred or approved for transfer.
    Soulbound,
    /// An id counter ran out.
    Overflow,
}

pub type Result<T> = core::result::Result<T, Error>;

/// Largest batch issue; bounds the gas of one call.
pub const MAX_BATCH: u32 = 100;
/// Most certificates one account holds; bounds the scans of a migration.
pub const MAX_HOLDINGS: u32 = 1_000;
/// Longest page of `certificates_of`.
pub const MAX_PAGE: u32 = 100;

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
    use super::{count, Error, Result, MAX_BATCH, MAX_HOLDINGS, MAX_PAGE};
    use iktomi_shared::{events::*, *};
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;

    /// (issuer, minter, kind).
    type MinterKey = (AccountId, AccountId, Kind);

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
            self.ensure_room(holder, 1)?;
            let old = match supersedes {
                Some(old_id) => Some((old_id, self.supersedable(old_id, issuer, holder)?)),
                None => None,
            };
            let id = self.mint(
                issuer,
                holder,
                kind,
                content_hash,
                expires_at,
                supersedes,
                None,
                None,
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
                self.ensure_room(item.holder, count(earlier).saturating_add(1))?;
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
            self.mint(
                issuer,
                holder,
                kind,
                content_hash,
                None,
                None,
                None,
                Some(minter),
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
            ensure!(cert.issuer == self.env().caller(), Error::NotIssuer);
            ensure!(cert.revocation.is_none(), Error::CertificateRevoked);
            let at = self.now();
            cert.revocation = Some(Revocation { at, reason });
            self.certificates.insert(id, &cert);
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
            ensure!(cert.issuer == self.env().caller(), Error::NotIssuer);
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
            ensure!(request.issuer == self.env().caller(), Error::NotIssuer);
            self.ensure_active_issuer(request.issuer)?;
            self.ensure_room(request.holder, 1)?;
            if request.expires_at.is_some_and(|at| at <= self.now()) {
                return Err(Error::CertificateExpired);
            }
            let cert = self.mint(
                request.issuer,
                request.holder,
                request.kind,
                request.content_hash,
                request.expires_at,
                None,
                Some(id),
                None,
            )?;
            request.state = RequestState::Approved(cert);
            self.resolve_request(id, &request);
            Ok(cert)
        }

        #[ink(message)]
        pub fn reject_request(&mut self, id: RequestId, reason_code: u16) -> Result<()> {
            let mut request = self.pending_request(id)?;
            ensure!(request.issuer == self.env().caller(), Error::NotIssuer);
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
                }
                MigrationScope::AllFromIssuer => {
                    ensure!(self.issuers.contains(issuer), Error::UnknownIssuer);
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

        /// The issuer approves a pending migration; the certificates (and, for a whole-issuer
        /// migration, the tenure earned there) move to the new wallet.
        #[ink(message)]
        pub fn approve_migration(&mut self, id: MigrationId) -> Result<u32> {
            let mut migration = self.pending_migration(id)?;
            ensure!(migration.issuer == self.env().caller(), Error::NotIssuer);
            let ids = self.migratable(&migration)?;
            self.ensure_room(migration.to, count(ids.len()))?;
            for cert_id in &ids {
                self.move_certificate(*cert_id, migration.from, migration.to, id);
            }
            if migration.scope == MigrationScope::AllFromIssuer {
                self.move_tenure(migration.issuer, migration.from, migration.to);
            }
            let moved = count(ids.len());
            migration.state = MigrationState::Approved(moved);
            self.resolve_migration(id, &migration);
            Ok(moved)
        }

        #[ink(message)]
        pub fn reject_migration(&mut self, id: MigrationId) -> Result<()> {
            let mut migration = self.pending_migration(id)?;
            ensure!(migration.issuer == self.env().caller(), Error::NotIssuer);
            migration.state = MigrationState::Rejected;
            self.resolve_migration(id, &migration);
            Ok(())
        }

        #[ink(message)]
        pub fn cancel_migration(&mut self, id: MigrationId) -> Result<()> {
            let mut migration = self.pending_migration(id)?;
            ensure!(migration.from == self.env().caller(), Error::NotHolder);
            migration.state = MigrationState::Cancelled;
            self.resolve_migration(id, &migration);
            Ok(())
        }

        #[ink(message)]
        pub fn migration(&self, id: MigrationId) -> Option<Migration> {
            self.migrations.get(id)
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

        /// Certificates `holder` holds, revoked ones included: a holder's history is kept.
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

        fn ensure_active_issuer(&self, account: AccountId) -> Result<()> {
            let issuer = self.issuers.get(account).ok_or(Error::UnknownIssuer)?;
            ensure!(issuer.suspended_at.is_none(), Error::IssuerSuspended);
            Ok(())
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
            ensure!(
                old.issuer == issuer && old.holder == holder,
                Error::ForeignSupersede
            );
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
        ) -> Result<CertificateId> {
            let id = self.issued.checked_add(1).ok_or(Error::Overflow)?;
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
            self.push_holding(holder, id);
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
            let was_staked = self.end_stake(old_id, &old, at);
            if was_staked && new_kind == Kind::Employment {
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
                migration.state == MigrationState::Pending,
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
            cert.holder = to;
            self.certificates.insert(id, &cert);
            self.remove_holding(from, id);
            self.push_holding(to, id);
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
