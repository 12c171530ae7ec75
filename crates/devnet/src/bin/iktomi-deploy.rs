//! Deploys the registry and the tenure contract to a node once and records them in
//! `.data/deployment.json`; a deployment that is still on the same chain is reused.
use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use iktomi_chain::{account_of, dev, hex0x, Chain, Contract, Deployment};
use iktomi_devnet::{deploy, load_bundle};

#[derive(Parser)]
struct Args {
    #[arg(long, env = "IKTOMI_NODE_URL", default_value = "ws://127.0.0.1:9944")]
    url: String,
    #[arg(long, default_value = ".data/deployment.json")]
    out: PathBuf,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
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
    let started = Instant::now();
    eprintln!("[deploy] deploying registry and tenure as Alice (operator) ...");
    let deployed = deploy(&chain, &args.url, &dev::alice(), b"iktomi").await?;
    deployed.record.write(&args.out)?;
    eprintln!(
        "[deploy] done in {:.1}s at block {}: registry {}, tenure {}",
        started.elapsed().as_secs_f64(),
        deployed.record.deployment_block,
        deployed.record.registry.address,
        deployed.record.tenure.address
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
        .query::<[u8; 32]>(account_of(&dev::alice()), "operator", ())
        .await
        .is_ok()
}
