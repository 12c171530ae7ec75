//! The API's side of the contracts: the operator registers (and funds) verified organizations as
//! issuers; organizations issue, supersede, revoke and run tenure programs with their custodial
//! keys; holders with custodial wallets stake and claim. Every call is dry-run first, so a
//! refusal comes back as the contract's typed error and costs nothing.
use std::path::Path;

use anyhow::Context;
use iktomi_chain::{Chain, Contract, ContractBundle, Deployment, Executed, Inclusion, Keypair};
use iktomi_shared::CertificateId;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;

mod calls;
mod problems;

pub use iktomi_registry::Error as RegistryError;
pub use iktomi_tenure::Error as TenureError;

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
        let record = Deployment::read(deployment)?;
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
                record.registry.account()?,
                bundle("iktomi_registry")?,
            ),
            tenure: Contract::new(
                chain.clone(),
                record.tenure.account()?,
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
}
