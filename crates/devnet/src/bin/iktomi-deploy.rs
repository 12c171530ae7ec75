//! Deploys the registry and the tenure contract to a node once and records them in
//! `.data/deployment.json`; a deployment that is still on the same chain is reused. The deployer
//! (`--suri`, //Alice by default, as on the dev node) becomes the registry's operator; it must
//! hold the storage deposits of both contracts' code and state, plus fees.
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use iktomi_chain::{account_of, hex0x, Chain, Contract, Deployment, Keypair};
use iktomi_devnet::{code_deposit_floor, deploy, deposits_needed, load_bundle, ss58};
use subxt_signer::SecretUri;

/// The salt of the deployed contracts: one deployment per deployer and chain.
const SALT: &[u8] = b"iktomi";

#[derive(Parser)]
#[command(about = "Deploys the Iktomi contracts; the deployer becomes the registry's operator")]
struct Args {
    #[arg(long, env = "IKTOMI_NODE_URL", default_value = "ws://127.0.0.1:9944")]
    url: String,
    /// The deployer's secret URI: a dev key (`//Alice`), a BIP-39 phrase or a `0x` seed, with
    /// an optional derivation path (`<phrase>//iktomi`).
    #[arg(
        long,
        env = "IKTOMI_DEPLOY_SURI",
        default_value = "//Alice",
        hide_env_values = true
    )]
    suri: String,
    #[arg(long, default_value = ".data/deployment.json")]
    out: PathBuf,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    // The error names no part of the secret.
    let uri: SecretUri = args
        .suri
        .parse()
        .map_err(|_| anyhow::anyhow!("--suri is not a valid secret URI"))?;
    let deployer = Keypair::from_uri(&uri).map_err(|_| anyhow::anyhow!("--suri: no key"))?;
    let chain = Chain::connect(&args.url).await?;
    let genesis = hex0x(chain.genesis_hash().await?);
    if let Ok(existing) = Deployment::read(&args.out) {
        if existing.genesis_hash == genesis && still_deployed(&chain, &existing).await {
            eprintln!("[deploy] reusing the deployment in {}", args.out.display());
            return Ok(());
        }
        eprintln!(
            "[deploy] {} belongs to another chain or is gone; deploying anew",
            args.out.display()
        );
    }
    let account = account_of(&deployer);
    let address = ss58(account, chain.ss58_prefix().await?);
    let free = chain.free_balance(account).await?;
    eprintln!(
        "[deploy] deployer {address} holds {free} (free, in the chain's smallest unit) on {}",
        args.url
    );
    let keep = chain.existential_deposit().await?;
    let floor = code_deposit_floor(&chain).await?.saturating_add(keep);
    anyhow::ensure!(
        free > floor,
        "{address} cannot pay for the deployment: it holds {free}, and the deposit for the \
         contracts' code alone is more than {floor}, before their state and transaction fees; \
         fund it and run again"
    );
    let deposits = deposits_needed(&chain, &deployer, SALT)
        .await
        .with_context(|| {
            format!(
                "dry-running the deployment as {address} (dispatch error 0x03XX18000000 is \
                 Contracts::StorageDepositNotEnoughFunds: the account holds too little)"
            )
        })?;
    let needed = deposits.saturating_add(keep);
    anyhow::ensure!(
        free > needed,
        "{address} cannot pay for the deployment: it holds {free}, the contracts' storage \
         deposits (code and state) are {deposits} and the account must keep {keep}, so it needs \
         more than {needed} plus transaction fees; fund it and run again"
    );
    eprintln!("[deploy] storage deposits {deposits}, plus transaction fees");
    let started = Instant::now();
    eprintln!("[deploy] deploying registry and tenure as {address} (the operator) ...");
    let deployed = deploy(&chain, &args.url, &deployer, SALT).await?;
    deployed.record.write(&args.out)?;
    eprintln!(
        "[deploy] done in {:.1}s at block {}: registry {}, tenure {}; {address} now holds {}",
        started.elapsed().as_secs_f64(),
        deployed.record.deployment_block,
        deployed.record.registry.address,
        deployed.record.tenure.address,
        chain.free_balance(account).await?
    );
    Ok(())
}

/// A deployment is still there when its registry answers `operator`.
async fn still_deployed(chain: &Chain, deployment: &Deployment) -> bool {
    let Ok(address) = deployment.registry.account() else {
        return false;
    };
    let Ok(bundle) = load_bundle("iktomi_registry") else {
        return false;
    };
    let registry = Contract::new(chain.clone(), address, bundle);
    registry
        .query::<[u8; 32]>(address, "operator", ())
        .await
        .is_ok()
}
