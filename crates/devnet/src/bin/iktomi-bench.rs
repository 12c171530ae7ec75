//! Prints, per contract message, the weight (ref_time, proof_size) and storage deposit of a
//! dry run on a real node, and what a batch issue of 1, 10 and 100 certificates costs per
//! certificate (storage items and bytes, derived from the chain's deposit prices).
use anyhow::Context;
use clap::Parser;
use iktomi_chain::{account_of, dev, Chain, Contract, DryRun, Keypair};
use iktomi_devnet::{deploy, TestNode};
use iktomi_shared::{AccountId, IssueItem, Kind, MigrationScope, RevocationReason};
use parity_scale_codec::Encode;

#[derive(Parser)]
struct Args {
    /// A running node to measure on; by default a throwaway node is started.
    #[arg(long, env = "IKTOMI_NODE_URL")]
    url: Option<String>,
}

fn id(k: &Keypair) -> AccountId {
    AccountId::from(account_of(k))
}

struct Bench {
    prices: (u128, u128),
}

impl Bench {
    fn row(&self, contract: &str, message: &str, dry: &DryRun) {
        println!(
            "{contract:<9} {message:<28} {:>14} {:>11} {:>16}",
            dry.gas_required.ref_time, dry.gas_required.proof_size, dry.storage_deposit
        );
    }

    /// (items, bytes) a positive deposit pays for: each item costs more than any realistic
    /// number of bytes, so the quotient counts items and the rest counts bytes.
    fn split(&self, deposit: i128) -> (u128, u128) {
        let deposit = deposit.max(0) as u128;
        (
            deposit / self.prices.0,
            deposit % self.prices.0 / self.prices.1,
        )
    }
}

async fn measure(
    c: &Contract,
    who: &Keypair,
    message: &str,
    args: impl Encode,
) -> anyhow::Result<DryRun> {
    let dry = c.dry_run(account_of(who), message, &args).await?;
    anyhow::ensure!(!dry.reverted, "{message} reverted in the benchmark setup");
    Ok(dry)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let node = match &args.url {
        Some(_) => None,
        None => Some(TestNode::start().await.context("starting a node")?),
    };
    let url = args
        .url
        .clone()
        .unwrap_or_else(|| node.as_ref().map(|n| n.url.clone()).unwrap_or_default());
    let chain = Chain::connect(&url).await?;
    let (alice, bob, charlie, dave, ferdie) = (
        dev::alice(),
        dev::bob(),
        dev::charlie(),
        dev::dave(),
        dev::ferdie(),
    );
    eprintln!("[bench] deploying on {url} ...");
    let salt = std::process::id().to_le_bytes();
    let d = deploy(&chain, &url, &alice, &salt).await?;
    let (r, t) = (&d.registry, &d.tenure);
    let b = Bench {
        prices: chain.deposit_prices().await?,
    };

    println!(
        "{:<9} {:<28} {:>14} {:>11} {:>16}",
        "contract", "message", "ref_time", "proof_size", "deposit"
    );
    b.row(
        "registry",
        "register_issuer",
        &measure(
            r,
            &alice,
            "register_issuer",
            (id(&bob), [1u8; 16], [2u8; 32]),
        )
        .await?,
    );
    r.exec::<Result<(), iktomi_registry::Error>>(
        &alice,
        "register_issuer",
        (id(&bob), [1u8; 16], [2u8; 32]),
    )
    .await?;
    b.row(
        "registry",
        "suspend_issuer",
        &measure(r, &alice, "suspend_issuer", id(&bob)).await?,
    );
    b.row(
        "registry",
        "propose_operator",
        &measure(r, &alice, "propose_operator", id(&dave)).await?,
    );
    let issue_args = |holder: &Keypair| {
        (
            id(holder),
            Kind::Employment,
            [3u8; 32],
            None::<u64>,
            None::<u64>,
        )
    };
    b.row(
        "registry",
        "issue (new holder)",
        &measure(r, &bob, "issue", issue_args(&charlie)).await?,
    );
    let first = r
        .exec::<Result<u64, iktomi_registry::Error>>(&bob, "issue", issue_args(&charlie))
        .await?
        .value
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let second_issue = measure(r, &bob, "issue", issue_args(&charlie)).await?;
    b.row("registry", "issue (existing holder)", &second_issue);
    b.row(
        "registry",
        "issue (supersede)",
        &measure(
            r,
            &bob,
            "issue",
            (
                id(&charlie),
                Kind::Employment,
                [4u8; 32],
                None::<u64>,
                Some(first),
            ),
        )
        .await?,
    );
    b.row(
        "registry",
        "revoke",
        &measure(r, &bob, "revoke", (first, RevocationReason::Dismissed)).await?,
    );
    b.row(
        "registry",
        "set_expiry",
        &measure(r, &bob, "set_expiry", (first, Some(u64::MAX))).await?,
    );
    b.row(
        "registry",
        "set_minter",
        &measure(r, &bob, "set_minter", (id(&ferdie), Kind::Award, true)).await?,
    );
    b.row(
        "registry",
        "stake",
        &measure(r, &charlie, "stake", first).await?,
    );
    r.exec::<Result<(), iktomi_registry::Error>>(&charlie, "stake", first)
        .await?;
    b.row(
        "registry",
        "unstake",
        &measure(r, &charlie, "unstake", first).await?,
    );
    b.row(
        "registry",
        "request_certificate",
        &measure(
            r,
            &charlie,
            "request_certificate",
            (id(&bob), Kind::Course, [5u8; 32], None::<u64>),
        )
        .await?,
    );
    let request = r
        .exec::<Result<u64, iktomi_registry::Error>>(
            &charlie,
            "request_certificate",
            (id(&bob), Kind::Course, [5u8; 32], None::<u64>),
        )
        .await?
        .value
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    b.row(
        "registry",
        "approve_request",
        &measure(r, &bob, "approve_request", request).await?,
    );
    b.row(
        "registry",
        "reject_request",
        &measure(r, &bob, "reject_request", (request, 1u16)).await?,
    );
    b.row(
        "registry",
        "request_migration",
        &measure(
            r,
            &charlie,
            "request_migration",
            (id(&bob), MigrationScope::AllFromIssuer, id(&ferdie)),
        )
        .await?,
    );
    let migration = r
        .exec::<Result<u64, iktomi_registry::Error>>(
            &charlie,
            "request_migration",
            (id(&bob), MigrationScope::AllFromIssuer, id(&ferdie)),
        )
        .await?
        .value
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    b.row(
        "registry",
        "accept_migration",
        &measure(r, &ferdie, "accept_migration", migration).await?,
    );
    r.exec::<Result<(), iktomi_registry::Error>>(&ferdie, "accept_migration", migration)
        .await?
        .value
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    b.row(
        "registry",
        "approve_migration (all)",
        &measure(r, &bob, "approve_migration", migration).await?,
    );
    b.row(
        "registry",
        "status",
        &measure(r, &alice, "status", first).await?,
    );
    b.row(
        "registry",
        "certificate",
        &measure(r, &alice, "certificate", first).await?,
    );
    b.row(
        "registry",
        "certificates_of",
        &measure(r, &alice, "certificates_of", (id(&charlie), 0u32, 100u32)).await?,
    );
    b.row(
        "registry",
        "tenure_of",
        &measure(r, &alice, "tenure_of", (id(&charlie), id(&bob))).await?,
    );
    b.row(
        "tenure",
        "create_program",
        &measure(
            t,
            &bob,
            "create_program",
            (1_000u64, Kind::Award, [6u8; 32]),
        )
        .await?,
    );
    let program = t
        .exec::<Result<u32, iktomi_tenure::Error>>(
            &bob,
            "create_program",
            (1u64, Kind::Award, [6u8; 32]),
        )
        .await?
        .value
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    r.exec::<Result<(), iktomi_registry::Error>>(
        &bob,
        "set_minter",
        (AccountId::from(t.address), Kind::Award, true),
    )
    .await?;
    b.row(
        "tenure",
        "claim",
        &measure(t, &charlie, "claim", program).await?,
    );

    println!(
        "\nbatch issue to one existing holder (deposit prices: {} per item, {} per byte)",
        b.prices.0, b.prices.1
    );
    println!(
        "{:>5} {:>14} {:>11} {:>16} {:>14} {:>10} {:>10}",
        "n", "ref_time", "proof_size", "deposit", "ref_time/cert", "items/cert", "bytes/cert"
    );
    let mut single_ref_time = 0;
    for n in [1u32, 10, 100] {
        let items: Vec<IssueItem> = (0..n)
            .map(|_| IssueItem {
                holder: id(&charlie),
                kind: Kind::Course,
                content_hash: [7u8; 32],
                expires_at: None,
            })
            .collect();
        let dry = measure(r, &bob, "issue_batch", items).await?;
        let (items_total, bytes_total) = b.split(dry.storage_deposit);
        println!(
            "{n:>5} {:>14} {:>11} {:>16} {:>14} {:>10.2} {:>10.1}",
            dry.gas_required.ref_time,
            dry.gas_required.proof_size,
            dry.storage_deposit,
            dry.gas_required.ref_time / u64::from(n),
            items_total as f64 / f64::from(n),
            bytes_total as f64 / f64::from(n)
        );
        let per_certificate = dry.gas_required.ref_time / u64::from(n);
        if n == 1 {
            single_ref_time = per_certificate;
        } else {
            // For ./scripts/bench's report: a batch's weight per certificate beside one issue's.
            println!(
                "report\tcontract weight: issue_batch of {n}, ref_time per certificate\t{per_certificate}\t{single_ref_time} (batch of 1)\t{:.2}\t< 1",
                per_certificate as f64 / single_ref_time.max(1) as f64
            );
        }
    }
    let (items, bytes) = b.split(second_issue.storage_deposit);
    println!("\nstorage per certificate (single issue to an existing holder): {items} items, {bytes} bytes (goal: <= 2 items, <= 160 bytes)");
    println!(
        "report\tcontract storage per certificate (single issue)\t{items} items, {bytes} bytes\t2 items, 160 bytes (budget)\t{:.2}\t<= 1 (the worse of items and bytes)",
        (items as f64 / 2.0).max(bytes as f64 / 160.0)
    );
    Ok(())
}
