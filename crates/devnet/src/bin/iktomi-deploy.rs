//! Deploys the registry and the tenure contract to a node once and records them in
//! `.data/deployment.json`; a deployment that is still on the same chain is reused.
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use iktomi_chain::{account_of, dev, Chain, Contract};
use iktomi_devnet::{load_bundle, Deployment};

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
    let genesis = format!("0x{}", hex::encode(chain.genesis_hash().await?));
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
    let deployed = Deployment::deploy(&chain, &args.url, &dev::alice(), b"iktomi").await?;
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
    let Ok(address) = parse_address(&deployment.registry.address) else {
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

fn parse_address(hex_address: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = hex::decode(hex_address.trim_start_matches("0x")).context("address is not hex")?;
    bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("address is not 32 bytes"))
}
