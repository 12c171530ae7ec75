//! The registry's and the tenure contract's messages, one method each: who signs and what goes
//! in. Each is dry-run here and comes back encoded for the queue, which signs and submits it; the
//! events a call emitted are read by its follow-up once it is final.
use iktomi_chain::{account_of, Keypair};
use iktomi_shared::{
    AccountId, CertificateId, IssueItem, Kind, MigrationId, MigrationScope, ProgramId, RequestId,
    RevocationReason, Timestamp,
};

use super::{ChainCallError, PreparedCall, Registry, RegistryError, UnsignedCall};

impl Registry {
    /// The configured funds for the issuer's fees, then `register_issuer(account,
    /// organization_id, metadata_hash)`, both by the operator: one signer, so they land in this
    /// order, and the registration, whose follow-up records the approval, comes last.
    pub async fn register(
        &self,
        account: [u8; 32],
        organization_id: [u8; 16],
        metadata_hash: [u8; 32],
    ) -> Result<Vec<PreparedCall>, ChainCallError> {
        let registration = self
            .registry_call::<()>(
                self.operator_account(),
                "register_issuer",
                (AccountId::from(account), organization_id, metadata_hash),
            )
            .await?;
        let mut calls = Vec::new();
        if self.issuer_funds > 0 {
            calls.push(self.fund(account, self.issuer_funds).await?);
        }
        calls.push(registration);
        Ok(calls)
    }

    /// `rotate_issuer(account, successor)` by the operator: registers `successor` for
    /// `account`'s organization and retires `account` in one call.
    pub async fn rotate_issuer(
        &self,
        account: [u8; 32],
        successor: [u8; 32],
    ) -> Result<PreparedCall, ChainCallError> {
        self.registry_call::<()>(
            self.operator_account(),
            "rotate_issuer",
            (AccountId::from(account), AccountId::from(successor)),
        )
        .await
    }

    /// `suspend_issuer(account)` or `reinstate_issuer(account)` by the operator.
    pub async fn set_suspended(
        &self,
        account: [u8; 32],
        suspended: bool,
    ) -> Result<PreparedCall, ChainCallError> {
        let message = if suspended {
            "suspend_issuer"
        } else {
            "reinstate_issuer"
        };
        self.registry_call::<()>(
            self.operator_account(),
            message,
            (AccountId::from(account),),
        )
        .await
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
    ) -> Result<PreparedCall, ChainCallError> {
        self.registry_call::<CertificateId>(
            account_of(issuer),
            "issue",
            (
                AccountId::from(holder),
                kind,
                content_hash,
                expires_at,
                supersedes,
            ),
        )
        .await
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

    /// `issue_batch(items)` signed by the issuer: all or none.
    pub async fn issue_batch(
        &self,
        issuer: &Keypair,
        items: Vec<IssueItem>,
    ) -> Result<PreparedCall, ChainCallError> {
        self.registry_call::<Vec<CertificateId>>(account_of(issuer), "issue_batch", items)
            .await
    }

    /// `request_certificate(issuer, kind, content_hash, expires_at)` signed by the holder.
    pub async fn request_certificate(
        &self,
        holder: &Keypair,
        issuer: [u8; 32],
        kind: Kind,
        content_hash: [u8; 32],
        expires_at: Option<Timestamp>,
    ) -> Result<PreparedCall, ChainCallError> {
        self.registry_call::<RequestId>(
            account_of(holder),
            "request_certificate",
            (AccountId::from(issuer), kind, content_hash, expires_at),
        )
        .await
    }

    /// `approve_request(id)` signed by the issuer.
    pub async fn approve_request(
        &self,
        issuer: &Keypair,
        id: RequestId,
    ) -> Result<PreparedCall, ChainCallError> {
        self.registry_call::<CertificateId>(account_of(issuer), "approve_request", id)
            .await
    }

    /// `reject_request(id, reason_code)` signed by the issuer.
    pub async fn reject_request(
        &self,
        issuer: &Keypair,
        id: RequestId,
        reason_code: u16,
    ) -> Result<PreparedCall, ChainCallError> {
        self.registry_call::<()>(account_of(issuer), "reject_request", (id, reason_code))
            .await
    }

    /// `request_migration(issuer, scope, to)` signed by the holder's current wallet.
    pub async fn request_migration(
        &self,
        holder: &Keypair,
        issuer: [u8; 32],
        certificate: Option<CertificateId>,
        to: [u8; 32],
    ) -> Result<PreparedCall, ChainCallError> {
        let scope = certificate.map_or(MigrationScope::AllFromIssuer, MigrationScope::One);
        self.registry_call::<MigrationId>(
            account_of(holder),
            "request_migration",
            (AccountId::from(issuer), scope, AccountId::from(to)),
        )
        .await
    }

    /// `accept_migration(id)` signed by the destination wallet: its consent to receive.
    pub async fn accept_migration(
        &self,
        to: &Keypair,
        id: MigrationId,
    ) -> Result<PreparedCall, ChainCallError> {
        self.registry_call::<()>(account_of(to), "accept_migration", id)
            .await
    }

    /// `approve_migration(id)` or `reject_migration(id)` signed by the issuer.
    pub async fn decide_migration(
        &self,
        issuer: &Keypair,
        id: MigrationId,
        approve: bool,
    ) -> Result<PreparedCall, ChainCallError> {
        if approve {
            self.registry_call::<u32>(account_of(issuer), "approve_migration", id)
                .await
        } else {
            self.registry_call::<()>(account_of(issuer), "reject_migration", id)
                .await
        }
    }

    /// `revoke(id, reason)` signed by the issuer.
    pub async fn revoke(
        &self,
        issuer: &Keypair,
        id: CertificateId,
        reason: RevocationReason,
    ) -> Result<PreparedCall, ChainCallError> {
        self.registry_call::<()>(account_of(issuer), "revoke", (id, reason))
            .await
    }

    /// A tenure program of `issuer`: lets the tenure contract mint awards in its name (idempotent
    /// on chain), then creates the program; two calls by one signer, so they land in order.
    pub async fn create_program(
        &self,
        issuer: &Keypair,
        milestone_ms: u64,
        content_hash: [u8; 32],
    ) -> Result<Vec<PreparedCall>, ChainCallError> {
        let tenure = AccountId::from(self.tenure.address);
        let signer = account_of(issuer);
        Ok(vec![
            self.registry_call::<()>(signer, "set_minter", (tenure, Kind::Award, true))
                .await?,
            self.tenure_call::<ProgramId>(
                signer,
                "create_program",
                (milestone_ms, Kind::Award, content_hash),
            )
            .await?,
        ])
    }

    /// `stake(id)` or `unstake(id)` signed by the holder.
    pub async fn stake(
        &self,
        holder: &Keypair,
        id: CertificateId,
        stake: bool,
    ) -> Result<PreparedCall, ChainCallError> {
        let message = if stake { "stake" } else { "unstake" };
        self.registry_call::<()>(account_of(holder), message, id)
            .await
    }

    /// `accept_certificate(id)` or `hide_certificate(id)` signed by the holder: where a
    /// certificate it never asked for stands in its list.
    pub async fn place_certificate(
        &self,
        holder: &Keypair,
        id: CertificateId,
        accept: bool,
    ) -> Result<PreparedCall, ChainCallError> {
        let message = if accept {
            "accept_certificate"
        } else {
            "hide_certificate"
        };
        self.registry_call::<()>(account_of(holder), message, id)
            .await
    }

    /// `trust_issuer(issuer, trusted)` signed by the holder: whether what `issuer` sends from
    /// now on lands in the holder's list at once or waits pending.
    pub async fn trust_issuer(
        &self,
        holder: &Keypair,
        issuer: AccountId,
        trusted: bool,
    ) -> Result<PreparedCall, ChainCallError> {
        self.registry_call::<()>(account_of(holder), "trust_issuer", (issuer, trusted))
            .await
    }

    /// `claim(program)` signed by the holder.
    pub async fn claim(
        &self,
        holder: &Keypair,
        program: ProgramId,
    ) -> Result<PreparedCall, ChainCallError> {
        self.tenure_call::<CertificateId>(account_of(holder), "claim", program)
            .await
    }
}
