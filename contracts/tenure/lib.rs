//! Tenure award programs.
//!
//! Rule: an issuer defines programs (a tenure milestone, an award kind and the award document's
//! hash); a holder whose tenure with that issuer in the registry has reached the milestone claims
//! the award once, and the registry issues it in the issuer's name because the issuer allowed this
//! contract to mint exactly that kind. Every state-changing message returns `Result` and changes
//! nothing on `Err`.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
// The SCALE derives of enums with data cast variant indices; cargo-contract denies that lint.
#![allow(clippy::cast_possible_truncation)]

#[cfg(test)]
mod tests;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Error {
    ProgramNotFound,
    /// Only the program's issuer may do this.
    NotIssuer,
    ProgramClosed,
    /// The holder's tenure with the issuer is below the program's milestone (or zero).
    MilestoneNotReached,
    /// The holder already claimed this program's award.
    AlreadyClaimed,
    /// The registry refused to issue the award.
    Registry(iktomi_registry::Error),
    /// The call into the registry itself failed.
    RegistryUnreachable,
    /// An id counter ran out.
    Overflow,
}

pub type Result<T> = core::result::Result<T, Error>;

#[ink::contract]
mod tenure {
    use super::{Error, Result};
    use iktomi_registry::RegistryRef;
    use iktomi_shared::{events::*, *};
    use ink::codegen::TraitCallBuilder;
    use ink::env::call::FromAccountId;
    use ink::storage::Mapping;

    /// The claim's value while the award is being issued; certificate ids start at 1.
    const CLAIMING: CertificateId = 0;

    #[ink(storage)]
    pub struct Tenure {
        /// The registry whose tenure counts and which issues the awards.
        registry: AccountId,
        programs: Mapping<ProgramId, TenureProgram>,
        last_program: ProgramId,
        /// (program, holder) -> the award certificate issued.
        claims: Mapping<(ProgramId, AccountId), CertificateId>,
    }

    impl Tenure {
        #[ink(constructor)]
        pub fn new(registry: AccountId) -> Self {
            Self {
                registry,
                programs: Mapping::new(),
                last_program: 0,
                claims: Mapping::new(),
            }
        }

        #[ink(message)]
        pub fn registry(&self) -> AccountId {
            self.registry
        }

        /// The caller, as issuer, opens a program. It pays out only once the caller has allowed
        /// this contract to mint `award_kind` in the registry (`set_minter`).
        #[ink(message)]
        pub fn create_program(
            &mut self,
            milestone_ms: u64,
            award_kind: Kind,
            content_hash: Hash32,
        ) -> Result<ProgramId> {
            let issuer = self.env().caller();
            let id = self.last_program.checked_add(1).ok_or(Error::Overflow)?;
            self.last_program = id;
            self.programs.insert(
                id,
                &TenureProgram {
                    issuer,
                    milestone_ms,
                    award_kind,
                    content_hash,
                    created_at: self.env().block_timestamp(),
                    closed: false,
                },
            );
            self.env().emit_event(ProgramCreated {
                id,
                issuer,
                milestone_ms,
                award_kind,
                content_hash,
            });
            Ok(id)
        }

        /// Stops new claims; awards already issued stay.
        #[ink(message)]
        pub fn close_program(&mut self, id: ProgramId) -> Result<()> {
            let mut program = self.programs.get(id).ok_or(Error::ProgramNotFound)?;
            if program.issuer != self.env().caller() {
                return Err(Error::NotIssuer);
            }
            if program.closed {
                return Err(Error::ProgramClosed);
            }
            program.closed = true;
            self.programs.insert(id, &program);
            self.env().emit_event(ProgramClosed {
                id,
                issuer: program.issuer,
            });
            Ok(())
        }

        #[ink(message)]
        pub fn program(&self, id: ProgramId) -> Option<TenureProgram> {
            self.programs.get(id)
        }

        #[ink(message)]
        pub fn claimed(&self, id: ProgramId, holder: AccountId) -> Option<CertificateId> {
            self.claims.get((id, holder))
        }

        /// The caller claims the program's award: checked against its tenure in the registry,
        /// issued there in the program issuer's name. Tenure moved between wallets is claimed
        /// once: a claim by any wallet of the tenure's lineage counts.
        #[ink(message)]
        pub fn claim(&mut self, id: ProgramId) -> Result<CertificateId> {
            let holder = self.env().caller();
            let program = self.claimable(id, holder)?;
            let mut registry = RegistryRef::from_account_id(self.registry);
            let lineage = registry
                .call()
                .tenure_lineage(holder, program.issuer)
                .try_invoke()
                .map_err(|_| Error::RegistryUnreachable)?
                .map_err(|_| Error::RegistryUnreachable)?;
            if lineage
                .iter()
                .any(|wallet| self.claims.contains((id, *wallet)))
            {
                return Err(Error::AlreadyClaimed);
            }
            let tenure = registry
                .call()
                .tenure_of(holder, program.issuer)
                .try_invoke()
                .map_err(|_| Error::RegistryUnreachable)?
                .map_err(|_| Error::RegistryUnreachable)?;
            if tenure == 0 || tenure < program.milestone_ms {
                return Err(Error::MilestoneNotReached);
            }
            // Recorded before the call out (checks-effects-interactions); an `Err` below
            // reverts it with the rest of the call.
            self.claims.insert((id, holder), &CLAIMING);
            let certificate = registry
                .call_mut()
                .issue_for(
                    program.issuer,
                    holder,
                    program.award_kind,
                    program.content_hash,
                )
                .try_invoke()
                .map_err(|_| Error::RegistryUnreachable)?
                .map_err(|_| Error::RegistryUnreachable)?
                .map_err(Error::Registry)?;
            self.claims.insert((id, holder), &certificate);
            self.env().emit_event(AwardClaimed {
                program: id,
                holder,
                issuer: program.issuer,
                certificate,
            });
            Ok(certificate)
        }

        /// The checks of `claim` that need no registry call.
        fn claimable(&self, id: ProgramId, holder: AccountId) -> Result<TenureProgram> {
            let program = self.programs.get(id).ok_or(Error::ProgramNotFound)?;
            if program.closed {
                return Err(Error::ProgramClosed);
            }
            if self.claims.contains((id, holder)) {
                return Err(Error::AlreadyClaimed);
            }
            Ok(program)
        }
    }
}

pub use tenure::{Tenure, TenureRef};
