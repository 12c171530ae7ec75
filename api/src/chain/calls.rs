//! The registry's and the tenure contract's messages, one method each: who signs, what goes in,
//! and what the call's events say came out.
use iktomi_chain::Keypair;
use iktomi_shared::events::{
    AwardClaimed, CertificateIssued, CertificateRequested, MigrationRequested, ProgramCreated,
};
use iktomi_shared::{
    AccountId, CertificateId, IssueItem, Kind, MigrationId, MigrationScope, ProgramId, RequestId,
    RevocationReason, Timestamp,
};

use super::{first, ChainCallError, Issued, Registry, RegistryError, UnsignedCall};

impl Registry {
    /// `register_issuer(account, organization_id, metadata_hash)` by the operator, then the
    /// configured funds; returns the registration's block hash.
    pub async fn register(
        &self,
        account: [u8; 32],
        organization_id: [u8; 16],
        metadata_hash: [u8; 32],
    ) -> Result<[u8; 32], ChainCallError> {
        let ((), inclusion) = self
            .exec(
                &self.operator,
                "register_issuer",
                (AccountId::from(account), organization_id, metadata_hash),
            )
            .await?;
        if self.issuer_funds > 0 {
            self.fund(account, self.issuer_funds).await?;
        }
        Ok(inclusion.block_hash)
    }

    /// `issue(holder, kind, content_hash, expires_at, supersedes)` signed by the issuer.
    pub async fn issue(
        &self,
        issuer: &Keypair,
        holder: [u8; 32],
        kind: Kind,
        content_hash: [u8; 32],
        expires_at: Option<Timestamp>,
        supersedes: Option<CertificateId>,
    ) -> Result<Issued, ChainCallError> {
        let (_, inclusion) = self
            .exec::<CertificateId>(
                issuer,
                "issue",
                (
                    AccountId::from(holder),
                    kind,
                    content_hash,
                    expires_at,
                    supersedes,
                ),
            )
            .await?;
        let id = first::<CertificateIssued>(&inclusion)?.id;
        Ok(Issued {
            id,
            block: inclusion.block_hash,
        })
    }

    /// `issue(...)` prepared for an issuer whose key is in an external wallet: the dry run as that
    /// account must succeed; the answer is the call data for the wallet to sign and the registry
    /// address it calls. Nothing is submitted here.
    pub async fn prepare_issue(
        &self,
        issuer: [u8; 32],
        holder: [u8; 32],
        kind: Kind,
        content_hash: [u8; 32],
        expires_at: Option<Timestamp>,
    ) -> Result<UnsignedCall, ChainCallError> {
        let prepared = self
            .registry
            .prepare::<Result<CertificateId, RegistryError>>(
                issuer,
                "issue",
                (
                    AccountId::from(holder),
                    kind,
                    content_hash,
                    expires_at,
                    None::<CertificateId>,
                ),
            )
            .await?;
        prepared.value.map_err(ChainCallError::Refused)?;
        Ok(UnsignedCall {
            call_data: prepared.call_data.ok_or(ChainCallError::NotIncluded)?,
            contract: self.registry.address,
            gas_required: (
                prepared.dry_run.gas_required.ref_time,
                prepared.dry_run.gas_required.proof_size,
            ),
        })
    }

    /// `issue_batch(items)` signed by the issuer: all or none; ids in the items' order.
    pub async fn issue_batch(
        &self,
        issuer: &Keypair,
        items: Vec<IssueItem>,
    ) -> Result<(Vec<CertificateId>, [u8; 32]), ChainCallError> {
        let (_, inclusion) = self
            .exec::<Vec<CertificateId>>(issuer, "issue_batch", items)
            .await?;
        // Events come in the order the contract issued, which is the items' order.
        let ids = inclusion
            .events
            .iter()
            .filter_map(|e| e.decode::<CertificateIssued>())
            .map(|e| e.id)
            .collect();
        Ok((ids, inclusion.block_hash))
    }

    /// `request_certificate(issuer, kind, content_hash, expires_at)` signed by the holder.
    pub async fn request_certificate(
        &self,
        holder: &Keypair,
        issuer: [u8; 32],
        kind: Kind,
        content_hash: [u8; 32],
        expires_at: Option<Timestamp>,
    ) -> Result<(RequestId, [u8; 32]), ChainCallError> {
        let (_, inclusion) = self
            .exec::<RequestId>(
                holder,
                "request_certificate",
                (AccountId::from(issuer), kind, content_hash, expires_at),
            )
            .await?;
        let id = first::<CertificateRequested>(&inclusion)?.id;
        Ok((id, inclusion.block_hash))
    }

    /// `approve_request(id)` signed by the issuer; returns the issued certificate's id.
    pub async fn approve_request(
        &self,
        issuer: &Keypair,
        id: RequestId,
    ) -> Result<(CertificateId, [u8; 32]), ChainCallError> {
        let (_, inclusion) = self
            .exec::<CertificateId>(issuer, "approve_request", id)
            .await?;
        let certificate = first::<CertificateIssued>(&inclusion)?.id;
        Ok((certificate, inclusion.block_hash))
    }

    /// `reject_request(id, reason_code)` signed by the issuer.
    pub async fn reject_request(
        &self,
        issuer: &Keypair,
        id: RequestId,
        reason_code: u16,
    ) -> Result<[u8; 32], ChainCallError> {
        let ((), inclusion) = self
            .exec(issuer, "reject_request", (id, reason_code))
            .await?;
        Ok(inclusion.block_hash)
    }

    /// `request_migration(issuer, scope, to)` signed by the holder's current wallet.
    pub async fn request_migration(
        &self,
        holder: &Keypair,
        issuer: [u8; 32],
        certificate: Option<CertificateId>,
        to: [u8; 32],
    ) -> Result<(MigrationId, [u8; 32]), ChainCallError> {
        let scope = certificate.map_or(MigrationScope::AllFromIssuer, MigrationScope::One);
        let (_, inclusion) = self
            .exec::<MigrationId>(
                holder,
                "request_migration",
                (AccountId::from(issuer), scope, AccountId::from(to)),
            )
            .await?;
        let id = first::<MigrationRequested>(&inclusion)?.id;
        Ok((id, inclusion.block_hash))
    }

    /// `approve_migration(id)` or `reject_migration(id)` signed by the issuer.
    pub async fn decide_migration(
        &self,
        issuer: &Keypair,
        id: MigrationId,
        approve: bool,
    ) -> Result<[u8; 32], ChainCallError> {
        let inclusion = if approve {
            self.exec::<u32>(issuer, "approve_migration", id).await?.1
        } else {
            self.exec::<()>(issuer, "reject_migration", id).await?.1
        };
        Ok(inclusion.block_hash)
    }

    /// `revoke(id, reason)` signed by the issuer; returns the block hash.
    pub async fn revoke(
        &self,
        issuer: &Keypair,
        id: CertificateId,
        reason: RevocationReason,
    ) -> Result<[u8; 32], ChainCallError> {
        let ((), inclusion) = self.exec(issuer, "revoke", (id, reason)).await?;
        Ok(inclusion.block_hash)
    }

    /// A tenure program of `issuer`: lets the tenure contract mint awards in its name (idempotent
    /// on chain), then creates the program; returns its id.
    pub async fn create_program(
        &self,
        issuer: &Keypair,
        milestone_ms: u64,
        content_hash: [u8; 32],
    ) -> Result<(ProgramId, [u8; 32]), ChainCallError> {
        let tenure = AccountId::from(self.tenure.address);
        self.exec::<()>(issuer, "set_minter", (tenure, Kind::Award, true))
            .await?;
        let (_, inclusion) = self
            .exec_tenure::<ProgramId>(
                issuer,
                "create_program",
                (milestone_ms, Kind::Award, content_hash),
            )
            .await?;
        let id = first::<ProgramCreated>(&inclusion)?.id;
        Ok((id, inclusion.block_hash))
    }

    /// `stake(id)` or `unstake(id)` signed by the holder.
    pub async fn stake(
        &self,
        holder: &Keypair,
        id: CertificateId,
        stake: bool,
    ) -> Result<[u8; 32], ChainCallError> {
        let message = if stake { "stake" } else { "unstake" };
        let ((), inclusion) = self.exec(holder, message, id).await?;
        Ok(inclusion.block_hash)
    }

    /// `claim(program)` signed by the holder; returns the award certificate's id.
    pub async fn claim(
        &self,
        holder: &Keypair,
        program: ProgramId,
    ) -> Result<(CertificateId, [u8; 32]), ChainCallError> {
        let (_, inclusion) = self
            .exec_tenure::<CertificateId>(holder, "claim", program)
            .await?;
        let id = first::<AwardClaimed>(&inclusion)?.certificate;
        Ok((id, inclusion.block_hash))
    }
}
