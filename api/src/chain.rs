//! The API's side of the contracts: the operator registers (and funds) verified organizations as
//! issuers; organizations issue, supersede, revoke and run tenure programs with their custodial
//! keys; holders with custodial wallets stake and claim. Every call is dry-run first, so a
//! refusal comes back as the contract's typed error and costs nothing.
use std::path::Path;

use anyhow::Context;
use iktomi_chain::{Chain, Contract, ContractBundle, Executed, Inclusion, Keypair};
use iktomi_shared::events::{
    AwardClaimed, CertificateIssued, CertificateRequested, MigrationRequested, ProgramCreated,
};
use iktomi_shared::{
    AccountId, CertificateId, IssueItem, Kind, MigrationId, MigrationScope, ProgramId, RequestId,
    RevocationReason, Timestamp,
};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;

pub use iktomi_registry::Error as RegistryError;
pub use iktomi_tenure::Error as TenureError;

#[derive(Deserialize)]
struct DeploymentFile {
    node_url: String,
    registry: DeployedAddress,
    tenure: DeployedAddress,
}

#[derive(Deserialize)]
struct DeployedAddress {
    address: String,
}

/// The first event of type `E` the call emitted (ids come from events, not from the dry run,
/// which can be stale when another call landed first).
fn first<E: parity_scale_codec::Decode + iktomi_shared::ink::env::Event>(
    inclusion: &Inclusion,
) -> Result<E, ChainCallError> {
    inclusion
        .events
        .iter()
        .find_map(|e| e.decode::<E>())
        .ok_or(ChainCallError::NotIncluded)
}

pub struct Registry {
    chain: Chain,
    registry: Contract,
    tenure: Contract,
    operator: Keypair,
    /// What a newly registered issuer receives from the operator for fees and deposits.
    issuer_funds: u128,
    /// One transaction at a time: concurrent submissions by one account would race on its nonce.
    lock: Mutex<()>,
}

#[derive(Debug, thiserror::Error)]
pub enum ChainCallError {
    #[error("the registry refused: {0:?}")]
    Refused(RegistryError),
    #[error("the tenure contract refused: {0:?}")]
    TenureRefused(TenureError),
    #[error("the call was not included in a block")]
    NotIncluded,
    #[error(transparent)]
    Chain(#[from] iktomi_chain::ChainError),
}

/// The answer to a call whose only result is that it landed: the block that holds it, hex.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Included {
    pub block: String,
}

/// A contract call prepared for an external wallet: `Contracts::call` encoded as the runtime
/// expects it, the contract it calls, and the weight its dry run required.
#[derive(Debug, Clone)]
pub struct UnsignedCall {
    pub call_data: Vec<u8>,
    pub contract: [u8; 32],
    pub gas_required: (u64, u64),
}

/// A certificate the registry issued: its id and the block that holds it.
#[derive(Debug, Clone, Copy)]
pub struct Issued {
    pub id: CertificateId,
    pub block: [u8; 32],
}

impl Registry {
    pub async fn connect(
        deployment: &Path,
        contracts_dir: &Path,
        operator_suri: &SecretString,
        issuer_funds: u128,
    ) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(deployment)
            .with_context(|| format!("reading {}", deployment.display()))?;
        let record: DeploymentFile = serde_json::from_str(&text).context("deployment.json")?;
        let address = |a: &DeployedAddress| -> anyhow::Result<[u8; 32]> {
            hex::decode(a.address.trim_start_matches("0x"))
                .ok()
                .and_then(|b| b.try_into().ok())
                .context("contract address in deployment.json")
        };
        let bundle = |name: &str| {
            ContractBundle::load(&contracts_dir.join(format!("{name}/{name}.contract")))
        };
        let uri = operator_suri
            .expose_secret()
            .parse()
            .map_err(|_| anyhow::anyhow!("the operator secret URI does not parse"))?;
        let operator = Keypair::from_uri(&uri).context("the operator key")?;
        let chain = Chain::connect(&record.node_url).await?;
        Ok(Self {
            registry: Contract::new(
                chain.clone(),
                address(&record.registry)?,
                bundle("iktomi_registry")?,
            ),
            tenure: Contract::new(
                chain.clone(),
                address(&record.tenure)?,
                bundle("iktomi_tenure")?,
            ),
            chain,
            operator,
            issuer_funds,
            lock: Mutex::new(()),
        })
    }

    /// Calls `message` on `contract`; the contract's own error (`E`) becomes `refused(E)`.
    async fn call<R, E>(
        &self,
        contract: &Contract,
        signer: &Keypair,
        message: &str,
        args: impl parity_scale_codec::Encode,
        refused: fn(E) -> ChainCallError,
    ) -> Result<(R, Inclusion), ChainCallError>
    where
        R: parity_scale_codec::Decode,
        E: parity_scale_codec::Decode,
    {
        let _one_at_a_time = self.lock.lock().await;
        let Executed {
            value, inclusion, ..
        } = contract.exec::<Result<R, E>>(signer, message, args).await?;
        let value = value.map_err(refused)?;
        Ok((value, inclusion.ok_or(ChainCallError::NotIncluded)?))
    }

    async fn exec<R: parity_scale_codec::Decode>(
        &self,
        signer: &Keypair,
        message: &str,
        args: impl parity_scale_codec::Encode,
    ) -> Result<(R, Inclusion), ChainCallError> {
        self.call(
            &self.registry,
            signer,
            message,
            args,
            ChainCallError::Refused,
        )
        .await
    }

    async fn exec_tenure<R: parity_scale_codec::Decode>(
        &self,
        signer: &Keypair,
        message: &str,
        args: impl parity_scale_codec::Encode,
    ) -> Result<(R, Inclusion), ChainCallError> {
        self.call(
            &self.tenure,
            signer,
            message,
            args,
            ChainCallError::TenureRefused,
        )
        .await
    }

    /// The operator sends `amount` to `account` for its fees.
    pub async fn fund(&self, account: [u8; 32], amount: u128) -> Result<(), ChainCallError> {
        let _one_at_a_time = self.lock.lock().await;
        self.chain.transfer(&self.operator, account, amount).await?;
        Ok(())
    }

    /// Puts `remark` on chain as the operator (`System::remark_with_event`); the block hash.
    pub async fn anchor(&self, remark: &[u8]) -> Result<[u8; 32], ChainCallError> {
        let _one_at_a_time = self.lock.lock().await;
        Ok(self.chain.remark(&self.operator, remark).await?.block_hash)
    }

    /// Whether `block` holds the operator's `remark` (its `System::Remarked` event).
    pub async fn anchored(&self, block: [u8; 32], remark: &[u8]) -> Result<bool, ChainCallError> {
        let sender = iktomi_chain::account_of(&self.operator);
        let hash = <sp_core::Blake2Hasher as sp_core::Hasher>::hash(remark).0;
        Ok(self
            .chain
            .remarks_in(block)
            .await?
            .contains(&(sender, hash)))
    }

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
