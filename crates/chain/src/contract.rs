//! A deployed contract: typed queries and calls through its bundle's selectors.
use parity_scale_codec::{Decode, Encode};
use subxt_signer::sr25519::Keypair;

use crate::client::Inclusion as RawInclusion;
use crate::{account_of, AccountBytes, Chain, ChainError, ContractBundle, ContractEvent, DryRun};

#[derive(Clone)]
pub struct Contract {
    pub chain: Chain,
    pub address: AccountBytes,
    pub bundle: ContractBundle,
}

/// Where a call landed: its block and the contract events it emitted (of every contract the
/// call reached, in order).
#[derive(Debug, Clone)]
pub struct Inclusion {
    pub block_hash: [u8; 32],
    pub events: Vec<ContractEvent>,
}

/// A call's answer, its dry run, and its inclusion unless the dry run reverted (an ink!
/// message that returns `Err` changes nothing, so it is not submitted).
#[derive(Debug, Clone)]
pub struct Executed<R> {
    pub value: R,
    pub dry_run: DryRun,
    pub inclusion: Option<Inclusion>,
}

/// A call for another wallet to sign: the dry run's answer as that wallet, and the encoded
/// `Contracts::call` to sign and submit (none when the dry run reverted).
#[derive(Debug, Clone)]
pub struct Prepared<R> {
    pub value: R,
    pub dry_run: DryRun,
    pub call_data: Option<Vec<u8>>,
}

impl<R> Executed<R> {
    pub fn events(&self) -> &[ContractEvent] {
        self.inclusion.as_ref().map_or(&[], |i| &i.events)
    }

    /// The emitted events of type `E`.
    pub fn emitted<E: Decode + iktomi_shared::ink::env::Event>(&self) -> Vec<E> {
        self.events()
            .iter()
            .filter_map(ContractEvent::decode)
            .collect()
    }
}

impl Contract {
    pub fn new(chain: Chain, address: AccountBytes, bundle: ContractBundle) -> Self {
        Self {
            chain,
            address,
            bundle,
        }
    }

    /// Dry-runs `message(args)` as `origin` and decodes its answer.
    pub async fn query<R: Decode>(
        &self,
        origin: AccountBytes,
        message: &str,
        args: impl Encode,
    ) -> Result<R, ChainError> {
        let dry_run = self.dry_run(origin, message, &args).await?;
        decode_answer(&dry_run)
    }

    pub async fn dry_run(
        &self,
        origin: AccountBytes,
        message: &str,
        args: &impl Encode,
    ) -> Result<DryRun, ChainError> {
        let input = self.bundle.input(message, &args.encode())?;
        self.chain.dry_run_call(origin, self.address, input).await
    }

    /// Prepares `message(args)` for `origin` to sign elsewhere: dry run as `origin`, then the
    /// call data with the weight it asked for.
    pub async fn prepare<R: Decode>(
        &self,
        origin: AccountBytes,
        message: &str,
        args: impl Encode,
    ) -> Result<Prepared<R>, ChainError> {
        let dry_run = self.dry_run(origin, message, &args).await?;
        let value = decode_answer(&dry_run)?;
        let call_data = if dry_run.reverted {
            None
        } else {
            let input = self.bundle.input(message, &args.encode())?;
            Some(
                self.chain
                    .contract_call_data(self.address, input, dry_run.gas_required)
                    .await?,
            )
        };
        Ok(Prepared {
            value,
            dry_run,
            call_data,
        })
    }

    /// Calls `message(args)` signed by `signer`: dry run, then submission unless it reverted.
    pub async fn exec<R: Decode>(
        &self,
        signer: &Keypair,
        message: &str,
        args: impl Encode,
    ) -> Result<Executed<R>, ChainError> {
        let dry_run = self.dry_run(account_of(signer), message, &args).await?;
        let value = decode_answer(&dry_run)?;
        let inclusion = if dry_run.reverted {
            None
        } else {
            let input = self.bundle.input(message, &args.encode())?;
            let RawInclusion {
                block_hash, events, ..
            } = self
                .chain
                .submit_call(signer, self.address, input, dry_run.gas_required)
                .await?;
            Some(Inclusion { block_hash, events })
        };
        Ok(Executed {
            value,
            dry_run,
            inclusion,
        })
    }
}

/// ink! wraps every answer in `Result<_, LangError>`; a `LangError` means the call itself was
/// malformed (unknown selector, bad input), which is a client bug.
fn decode_answer<R: Decode>(dry_run: &DryRun) -> Result<R, ChainError> {
    let answer = <Result<R, u8>>::decode(&mut &dry_run.data[..])
        .map_err(|e| ChainError::decode("message answer", e))?;
    answer.map_err(|code| ChainError::decode("message answer", format!("ink! LangError {code}")))
}
