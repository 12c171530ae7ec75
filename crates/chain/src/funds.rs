//! What an account can spend and what deploying a contract will hold of it, so a deployer
//! learns it is short before the first transaction, not halfway through a deployment.
use subxt::dynamic::{At, Value};
use subxt::utils::AccountId32;

use crate::runtime;
use crate::{AccountBytes, Chain, ChainError, ContractBundle, DryRun};

impl Chain {
    /// `System::Account(account).data.free` at the newest finalized block; 0 for an account the
    /// chain has never seen.
    pub async fn free_balance(&self, account: AccountBytes) -> Result<u128, ChainError> {
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        let info = at
            .storage()
            .fetch(
                subxt::dynamic::storage::<(AccountId32,), Value>("System", "Account"),
                (AccountId32(account),),
            )
            .await
            .map_err(ChainError::rpc)?
            .decode()
            .map_err(|e| ChainError::decode("System::Account", e))?;
        info.at("data")
            .at("free")
            .and_then(|v| v.as_u128())
            .ok_or_else(|| ChainError::decode("System::Account", "no data.free"))
    }

    /// `Balances::ExistentialDeposit`: what an account must keep to stay alive.
    pub async fn existential_deposit(&self) -> Result<u128, ChainError> {
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        at.constants()
            .entry(subxt::dynamic::constant::<u128>(
                "Balances",
                "ExistentialDeposit",
            ))
            .map_err(ChainError::rpc)
    }

    /// Dry-runs uploading the bundle's code and instantiating it as `origin`: the weight, and
    /// the storage deposit (code and contract) the deployment would hold.
    pub async fn dry_run_instantiate(
        &self,
        origin: AccountBytes,
        bundle: &ContractBundle,
        constructor: &str,
        args: &[u8],
        salt: &[u8],
    ) -> Result<DryRun, ChainError> {
        let input = bundle.input(constructor, args)?;
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        let dry_args = runtime::instantiate_args(origin, &bundle.code, &input, salt);
        let bytes = at
            .runtime_apis()
            .call_raw("ContractsApi_instantiate", Some(&dry_args))
            .await
            .map_err(ChainError::rpc)?;
        runtime::decode_result(&bytes)
    }
}
