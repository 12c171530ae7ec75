//! The API's side of the contracts: the operator registers (and funds) verified organizations as
//! issuers; organizations issue, supersede, revoke and run tenure programs with their custodial
//! keys; holders with custodial wallets stake and claim. Every call is dry-run here, so a
//! refusal comes back as the contract's typed error at once and costs nothing; what passes is
//! encoded for the operations queue (`crate::operations`), which signs and submits it.
use std::path::Path;

use anyhow::Context;
use iktomi_chain::{Chain, Contract, ContractBundle, Deployment, Keypair};
use secrecy::{ExposeSecret, SecretString};

mod calls;
mod problems;

pub use iktomi_registry::Error as RegistryError;
pub use iktomi_tenure::Error as TenureError;

/// The first event of type `E` the call emitted (ids come from events, not from the dry run,
/// which can be stale when another call landed first).
pub fn first<E: parity_scale_codec::Decode + iktomi_shared::ink::env::Event>(
    events: &[iktomi_chain::ContractEvent],
) -> Result<E, ChainCallError> {
    events
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
    pub issuer_funds: u128,
}

/// A call that passed its dry run, encoded for its signer to sign: the runtime call, and the
/// contract and message input it came from (to ask the contract why, should it revert later).
#[derive(Debug, Clone)]
pub struct PreparedCall {
    pub signer: [u8; 32],
    pub call_data: Vec<u8>,
    pub contract: Option<([u8; 32], Vec<u8>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ChainCallError {
    #[error("the registry refused: {0:?}")]
    Refused(RegistryError),
    #[error("the tenure contract refused: {0:?}")]
    TenureRefused(TenureError),
    /// A dry run that passed gave no call, or a final call lacks the event it must emit.
    #[error("the chain did not answer as the call requires")]
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
        })
    }

    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    pub fn operator(&self) -> &Keypair {
        &self.operator
    }

    pub fn operator_account(&self) -> [u8; 32] {
        iktomi_chain::account_of(&self.operator)
    }

    /// Dry-runs `message(args)` on `contract` as `signer`; the contract's own error (`E`)
    /// becomes `refused(E)`, so a call the contract would refuse is answered now, not queued.
    async fn prepare<R, E>(
        &self,
        contract: &Contract,
        signer: [u8; 32],
        message: &str,
        args: impl parity_scale_codec::Encode,
        refused: fn(E) -> ChainCallError,
    ) -> Result<PreparedCall, ChainCallError>
    where
        R: parity_scale_codec::Decode,
        E: parity_scale_codec::Decode,
    {
        let prepared = contract
            .prepare::<Result<R, E>>(signer, message, &args)
            .await?;
        prepared.value.map_err(refused)?;
        let input = contract
            .bundle
            .input(message, &parity_scale_codec::Encode::encode(&args))
            .map_err(ChainCallError::Chain)?;
        Ok(PreparedCall {
            signer,
            call_data: prepared.call_data.ok_or(ChainCallError::NotIncluded)?,
            contract: Some((contract.address, input)),
        })
    }

    async fn registry_call<R: parity_scale_codec::Decode>(
        &self,
        signer: [u8; 32],
        message: &str,
        args: impl parity_scale_codec::Encode,
    ) -> Result<PreparedCall, ChainCallError> {
        self.prepare::<R, RegistryError>(
            &self.registry,
            signer,
            message,
            args,
            ChainCallError::Refused,
        )
        .await
    }

    async fn tenure_call<R: parity_scale_codec::Decode>(
        &self,
        signer: [u8; 32],
        message: &str,
        args: impl parity_scale_codec::Encode,
    ) -> Result<PreparedCall, ChainCallError> {
        self.prepare::<R, TenureError>(
            &self.tenure,
            signer,
            message,
            args,
            ChainCallError::TenureRefused,
        )
        .await
    }

    /// Why a call that was included reverted: its dry run now, decoded as the contract's error.
    /// `None` when the dry run passes now or says nothing typed.
    pub async fn why_reverted(
        &self,
        signer: [u8; 32],
        contract: [u8; 32],
        input: Vec<u8>,
    ) -> Option<ChainCallError> {
        let dry = self
            .chain
            .dry_run_call(signer, contract, input)
            .await
            .ok()?;
        // A reverted ink! message answers Ok(Err(e)): 0x00 (no LangError), 0x01 (Err), e.
        let error = dry.data.strip_prefix(&[0u8, 1u8][..])?;
        if contract == self.registry.address {
            let e = <RegistryError as parity_scale_codec::Decode>::decode(&mut &error[..]).ok()?;
            Some(ChainCallError::Refused(e))
        } else {
            let e = <TenureError as parity_scale_codec::Decode>::decode(&mut &error[..]).ok()?;
            Some(ChainCallError::TenureRefused(e))
        }
    }

    /// The operator sends `amount` to `account` for its fees.
    pub async fn fund(
        &self,
        account: [u8; 32],
        amount: u128,
    ) -> Result<PreparedCall, ChainCallError> {
        let mut args = vec![0u8];
        parity_scale_codec::Encode::encode_to(
            &(account, parity_scale_codec::Compact(amount)),
            &mut args,
        );
        Ok(PreparedCall {
            signer: self.operator_account(),
            call_data: self
                .chain
                .call_data("Balances", "transfer_keep_alive", &args)
                .await?,
            contract: None,
        })
    }

    /// Puts `remark` on chain as the operator (`System::remark_with_event`).
    pub async fn anchor(&self, remark: &[u8]) -> Result<PreparedCall, ChainCallError> {
        Ok(PreparedCall {
            signer: self.operator_account(),
            call_data: self
                .chain
                .call_data(
                    "System",
                    "remark_with_event",
                    &parity_scale_codec::Encode::encode(&remark),
                )
                .await?,
            contract: None,
        })
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
