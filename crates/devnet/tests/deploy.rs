//! `iktomi-deploy --suri`: any funded account deploys and becomes the operator; one that cannot
//! pay is told so before anything is submitted.
use std::process::Output;

use iktomi_chain::{account_of, dev, Chain, Contract, Deployment, Keypair};
use iktomi_devnet::platform::within;
use iktomi_devnet::{load_bundle, ss58, TestNode};
use subxt_signer::SecretUri;

fn keypair(suri: &str) -> anyhow::Result<Keypair> {
    let uri: SecretUri = suri.parse()?;
    Ok(Keypair::from_uri(&uri)?)
}

async fn deploy(node: &TestNode, suri: &str, out: &std::path::Path) -> anyhow::Result<Output> {
    Ok(
        tokio::process::Command::new(env!("CARGO_BIN_EXE_iktomi-deploy"))
            .args(["--url", &node.url, "--suri", suri, "--out"])
            .arg(out)
            .env("RUST_BACKTRACE", "0")
            .output()
            .await?,
    )
}

#[tokio::test]
async fn a_funded_account_deploys_and_becomes_the_operator() -> anyhow::Result<()> {
    within(300, async {
        // given an account that is not a dev account, funded by Alice
        let node = TestNode::start().await?;
        let chain = Chain::connect(&node.url).await?;
        let suri = "//Iktomi//deployer";
        let deployer = account_of(&keypair(suri)?);
        chain
            .transfer(&dev::alice(), deployer, 10_000_000_000_000)
            .await?;

        // when it deploys
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("deployment.json");
        let run = deploy(&node, suri, &out).await?;
        let log = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{log}");

        // then it was named with its balance first, and it is the registry's operator
        let address = ss58(deployer, chain.ss58_prefix().await?);
        assert!(
            log.contains(&format!("deployer {address} holds 10000000000000")),
            "{log}"
        );
        let record = Deployment::read(&out)?;
        let registry = Contract::new(
            chain.clone(),
            record.registry.account()?,
            load_bundle("iktomi_registry")?,
        );
        let operator: [u8; 32] = registry.query(deployer, "operator", ()).await?;
        assert_eq!(operator, deployer);
        Ok(())
    })
    .await
}

#[tokio::test]
async fn an_account_that_cannot_pay_is_refused_before_anything_is_submitted() -> anyhow::Result<()>
{
    within(300, async {
        let node = TestNode::start().await?;
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("deployment.json");

        let run = deploy(&node, "//Nobody", &out).await?;

        let log = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{log}");
        let address = ss58(account_of(&keypair("//Nobody")?), 42);
        assert!(
            log.contains(&format!("deployer {address} holds 0")),
            "{log}"
        );
        assert!(log.contains("cannot pay for the deployment"), "{log}");
        assert!(!out.exists(), "no deployment was recorded");
        Ok(())
    })
    .await
}
