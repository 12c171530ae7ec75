//! Connection, transaction submission and contract deployment.
use std::sync::Arc;
use std::time::Duration;

use parity_scale_codec::{Compact, Decode, Encode};
use subxt::backend::LegacyBackend;
use subxt::rpcs::client::reconnecting_rpc_client::ExponentialBackoff;
use subxt::rpcs::client::{ReconnectingRpcClient, RpcClient};
use subxt::{OnlineClient, SubstrateConfig};
use subxt_signer::sr25519::Keypair;

use crate::runtime;
use crate::{account_of, AccountBytes, ChainError, ContractBundle, ContractEvent, DryRun, Weight};

/// How long `Chain::connect` tries before it reports the node unreachable; once connected, the
/// client reconnects for as long as it takes.
const FIRST_CONNECT: Duration = Duration::from_secs(20);

/// A connection to a node.
#[derive(Clone)]
pub struct Chain {
    pub api: OnlineClient<SubstrateConfig>,
}

/// A contract instantiated by `Chain::deploy`.
#[derive(Debug, Clone)]
pub struct Deployed {
    pub address: AccountBytes,
    pub code_hash: [u8; 32],
    pub block_number: u64,
    pub block_hash: [u8; 32],
}

/// Where a submitted call landed and what the contracts emitted there.
#[derive(Debug, Clone)]
pub struct Inclusion {
    pub block_hash: [u8; 32],
    pub events: Vec<ContractEvent>,
    /// Every event of the extrinsic as (pallet, event, field bytes).
    pub(crate) raw: Vec<(String, String, Vec<u8>)>,
}

impl Chain {
    /// A connection that outlives the node: when the node goes away, calls wait while the
    /// client reconnects with exponential backoff (0.2 s doubling up to 5 s, forever), then
    /// carry on. Only the first connection is bounded, so a wrong URL fails fast.
    ///
    /// The legacy RPC backend, because each of its calls stands alone and is retried after a
    /// reconnect; chainHead's blocks are pinned to a `chainHead_follow` subscription that dies
    /// with the connection, and subxt may silently skip blocks when it restarts one.
    pub async fn connect(url: &str) -> Result<Self, ChainError> {
        let backend = Self::connect_backend(url).await?;
        let api = OnlineClient::from_backend(backend)
            .await
            .map_err(|e| ChainError::Connect(e.to_string()))?;
        Ok(Self { api })
    }

    /// The reconnecting backend under `connect`, for a caller that builds its own clients on
    /// it (the indexer's benchmark baseline and tests read blocks through it).
    pub async fn connect_backend(
        url: &str,
    ) -> Result<Arc<LegacyBackend<SubstrateConfig>>, ChainError> {
        let backoff = ExponentialBackoff::from_millis(2)
            .factor(100)
            .max_delay(Duration::from_secs(5));
        let rpc = tokio::time::timeout(
            FIRST_CONNECT,
            ReconnectingRpcClient::builder()
                .retry_policy(backoff)
                .build(url),
        )
        .await
        .map_err(|_| {
            ChainError::Connect(format!(
                "no node answered at {url} within {} s",
                FIRST_CONNECT.as_secs()
            ))
        })?
        .map_err(|e| ChainError::Connect(e.to_string()))?;
        Ok(Arc::new(
            LegacyBackend::<SubstrateConfig>::builder().build(RpcClient::new(rpc)),
        ))
    }

    /// A client over the legacy RPC methods only. For one-off clients such as a wallet
    /// submitting a prepared call: it opens no `chainHead_follow` subscription, of which a node
    /// allows only a few per connection.
    pub async fn connect_legacy(url: &str) -> Result<Self, ChainError> {
        let rpc = subxt::rpcs::RpcClient::from_insecure_url(url)
            .await
            .map_err(|e| ChainError::Connect(e.to_string()))?;
        let backend = subxt::backend::LegacyBackend::<SubstrateConfig>::builder().build(rpc);
        let api = OnlineClient::from_backend(std::sync::Arc::new(backend))
            .await
            .map_err(|e| ChainError::Connect(e.to_string()))?;
        Ok(Self { api })
    }

    pub async fn genesis_hash(&self) -> Result<[u8; 32], ChainError> {
        let block = self.api.at_block(0u32).await.map_err(ChainError::rpc)?;
        Ok(block.block_ref().hash().0)
    }

    /// The newest finalized block's number and timestamp (ms), the time contract reads see.
    pub async fn finalized_time(&self) -> Result<(u64, u64), ChainError> {
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        let now = at
            .storage()
            .fetch(subxt::dynamic::storage::<(), u64>("Timestamp", "Now"), ())
            .await
            .map_err(ChainError::rpc)?
            .decode()
            .map_err(|e| ChainError::decode("Timestamp::Now", e))?;
        Ok((at.block_number(), now))
    }

    /// pallet-contracts' storage deposit prices: (per storage item, per byte).
    pub async fn deposit_prices(&self) -> Result<(u128, u128), ChainError> {
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        let price = |name: &'static str| {
            at.constants()
                .entry(subxt::dynamic::constant::<u128>("Contracts", name))
        };
        Ok((
            price("DepositPerItem").map_err(ChainError::rpc)?,
            price("DepositPerByte").map_err(ChainError::rpc)?,
        ))
    }

    /// The chain's `System::SS58Prefix`: how its wallets print addresses (42 on the dev node,
    /// 5 on Astar and Shibuya).
    pub async fn ss58_prefix(&self) -> Result<u16, ChainError> {
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        at.constants()
            .entry(subxt::dynamic::constant::<u16>("System", "SS58Prefix"))
            .map_err(ChainError::rpc)
    }

    /// Dry-runs a call through `ContractsApi_call` at the best finalized block.
    pub async fn dry_run_call(
        &self,
        origin: AccountBytes,
        contract: AccountBytes,
        input: Vec<u8>,
    ) -> Result<DryRun, ChainError> {
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        let args = runtime::call_args(origin, contract, &input);
        let bytes = at
            .runtime_apis()
            .call_raw("ContractsApi_call", Some(&args))
            .await
            .map_err(ChainError::rpc)?;
        runtime::decode_result(&bytes)
    }

    /// Submits `Contracts::call` with the weight a dry run asked for and waits until finalized.
    pub async fn submit_call(
        &self,
        signer: &Keypair,
        contract: AccountBytes,
        input: Vec<u8>,
        gas: Weight,
    ) -> Result<Inclusion, ChainError> {
        let call_data = self.contract_call_data(contract, input, gas).await?;
        self.submit_call_data(signer, &call_data).await
    }

    /// `Balances::transfer_keep_alive(dest, amount)`, e.g. the operator funding a new issuer's
    /// account so it can pay its own fees and storage deposits.
    pub async fn transfer(
        &self,
        signer: &Keypair,
        dest: AccountBytes,
        amount: u128,
    ) -> Result<[u8; 32], ChainError> {
        // dest: MultiAddress::Id, value: Compact<u128>
        let mut args = vec![0u8];
        (dest, Compact(amount)).encode_to(&mut args);
        let inclusion = self
            .submit(signer, "Balances", "transfer_keep_alive", &args)
            .await?;
        Ok(inclusion.block_hash)
    }

    /// `System::remark_with_event(data)`, e.g. anchoring a document's hash: the node emits
    /// `System::Remarked { sender, hash: blake2_256(data) }` in the block that includes it.
    pub async fn remark(&self, signer: &Keypair, data: &[u8]) -> Result<Inclusion, ChainError> {
        self.submit(signer, "System", "remark_with_event", &data.encode())
            .await
    }

    /// Every `System::Remarked` of a block as (sender, blake2_256 of the remark): how anyone
    /// checks that a hash was anchored there.
    pub async fn remarks_in(
        &self,
        block: [u8; 32],
    ) -> Result<Vec<(AccountBytes, [u8; 32])>, ChainError> {
        let at = self
            .api
            .at_block(subxt::utils::H256(block))
            .await
            .map_err(ChainError::rpc)?;
        let events = at.events().fetch().await.map_err(ChainError::rpc)?;
        let mut out = Vec::new();
        for event in events.iter() {
            let event = event.map_err(|e| ChainError::decode("event", e))?;
            if event.pallet_name() == "System" && event.event_name() == "Remarked" {
                out.push(
                    <(AccountBytes, [u8; 32])>::decode(&mut event.field_bytes())
                        .map_err(|e| ChainError::decode("System::Remarked", e))?,
                );
            }
        }
        Ok(out)
    }

    /// Uploads the bundle's code and instantiates it with `constructor(args)`; reuses the code
    /// if it is already on chain.
    pub async fn deploy(
        &self,
        signer: &Keypair,
        bundle: &ContractBundle,
        constructor: &str,
        args: &[u8],
        salt: &[u8],
    ) -> Result<Deployed, ChainError> {
        let input = bundle.input(constructor, args)?;
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        let dry_args = runtime::instantiate_args(account_of(signer), &bundle.code, &input, salt);
        let bytes = at
            .runtime_apis()
            .call_raw("ContractsApi_instantiate", Some(&dry_args))
            .await
            .map_err(ChainError::rpc)?;
        let dry = runtime::decode_result(&bytes)?;
        if dry.reverted {
            return Err(ChainError::Trapped(format!(
                "{} constructor reverted",
                bundle.name
            )));
        }
        // value, gas_limit, storage_deposit_limit: None, code, data, salt
        let mut tx_args = Compact(0u128).encode();
        (
            dry.gas_required.with_margin(),
            Option::<Compact<u128>>::None,
            &bundle.code,
            input,
            salt,
        )
            .encode_to(&mut tx_args);
        let inclusion = self
            .submit(signer, "Contracts", "instantiate_with_code", &tx_args)
            .await?;
        let address = inclusion
            .raw
            .iter()
            .find(|(pallet, event, _)| pallet == "Contracts" && event == "Instantiated")
            .and_then(|(_, _, fields)| {
                <(AccountBytes, AccountBytes)>::decode(&mut &fields[..]).ok()
            })
            .map(|(_deployer, contract)| contract)
            .ok_or_else(|| ChainError::decode("Contracts::Instantiated", "missing"))?;
        let block = self
            .api
            .at_block(subxt::utils::H256(inclusion.block_hash))
            .await
            .map_err(ChainError::rpc)?;
        Ok(Deployed {
            address,
            code_hash: bundle.code_hash,
            block_number: block.block_number(),
            block_hash: inclusion.block_hash,
        })
    }

    /// Signs and submits `<pallet>::<call>(args)`; the bytes are checked against the node's
    /// metadata when the transaction is built from them.
    /// A runtime call's SCALE encoding (pallet index, call index, `args`), as a wallet signs it.
    pub async fn call_data(
        &self,
        pallet_name: &str,
        call: &str,
        args: &[u8],
    ) -> Result<Vec<u8>, ChainError> {
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        let metadata = at.metadata();
        let pallet = metadata
            .pallet_by_name(pallet_name)
            .ok_or_else(|| ChainError::Rpc(format!("the chain has no {pallet_name} pallet")))?;
        let variant = pallet
            .call_variant_by_name(call)
            .ok_or_else(|| ChainError::Rpc(format!("no {pallet_name}::{call}")))?;
        Ok([&[pallet.call_index(), variant.index][..], args].concat())
    }

    /// `Contracts::call(contract, 0, gas with margin, no deposit limit, input)` as call data.
    pub async fn contract_call_data(
        &self,
        contract: AccountBytes,
        input: Vec<u8>,
        gas: Weight,
    ) -> Result<Vec<u8>, ChainError> {
        // dest: MultiAddress::Id, value: Compact<u128>, gas_limit, storage_deposit_limit: None, data
        let mut args = vec![0u8];
        (
            contract,
            Compact(0u128),
            gas.with_margin(),
            Option::<Compact<u128>>::None,
            input,
        )
            .encode_to(&mut args);
        self.call_data("Contracts", "call", &args).await
    }

    async fn submit(
        &self,
        signer: &Keypair,
        pallet_name: &str,
        call: &str,
        args: &[u8],
    ) -> Result<Inclusion, ChainError> {
        let call_data = self.call_data(pallet_name, call, args).await?;
        self.submit_call_data(signer, &call_data).await
    }

    /// Signs and submits encoded call data (what an external wallet does with a prepared call)
    /// and waits until it is finalized.
    pub async fn submit_call_data(
        &self,
        signer: &Keypair,
        call_data: &[u8],
    ) -> Result<Inclusion, ChainError> {
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        let tx = at
            .transactions()
            .from_call_data_bytes(call_data)
            .map_err(ChainError::rpc)?;
        let progress = at
            .transactions()
            .sign_and_submit_then_watch_default(&tx, signer)
            .await
            .map_err(ChainError::rpc)?;
        let in_block = progress
            .wait_for_finalized()
            .await
            .map_err(|e| ChainError::Dispatch(e.to_string()))?;
        let block_hash = in_block.block_hash().0;
        let events = in_block
            .wait_for_success()
            .await
            .map_err(|e| ChainError::Dispatch(e.to_string()))?;
        let mut raw = Vec::new();
        let mut emitted = Vec::new();
        for event in events.iter() {
            let event = event.map_err(|e| ChainError::decode("event", e))?;
            let (pallet, name) = (
                event.pallet_name().to_owned(),
                event.event_name().to_owned(),
            );
            if pallet == "Contracts" && name == "ContractEmitted" {
                let (contract, data) = <(AccountBytes, Vec<u8>)>::decode(&mut event.field_bytes())
                    .map_err(|e| ChainError::decode("ContractEmitted", e))?;
                let topics = event.topics().iter().map(|t| t.0).collect();
                emitted.push(ContractEvent {
                    contract,
                    topics,
                    data,
                });
            }
            raw.push((pallet, name, event.field_bytes().to_vec()));
        }
        Ok(Inclusion {
            block_hash,
            events: emitted,
            raw,
        })
    }
}
