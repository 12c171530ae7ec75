//! `iktomi-audit-verify [--head <id>:<hash hex> [--anchored-in <block hash> --node <ws url>
//! [--operator <SS58>]]]`: walks the audit log's HMAC chain in the database at `DATABASE_URL` and
//! reports the first row that was altered, removed or reordered; with `--head` (a head copied
//! from the audit group's post or the on-chain remark), also whether that head is still in the
//! chain, which it is not when newer rows were cut or the table emptied. With `--anchored-in`, it
//! first asks the node whether that block holds the head's remark (`iktomi:audit:` + id + hash,
//! from `--operator` when given): a head read off the chain, not taken on trust.
//! Exits 1 when any check fails. The key: `IKTOMI_AUDIT_KEY` (the API's `audit.key`, hex), or, when
//! the API derives it, `IKTOMI_API__MASTER_KEY`.
use anyhow::Context;
use iktomi_api::auth::wallet::Address;
use iktomi_api::http::audit::anchor::remark;
use iktomi_api::http::audit::{verify, AuditKey, Head};
use iktomi_api::wallets::seal::MasterKey;
use secrecy::SecretString;

fn key() -> anyhow::Result<AuditKey> {
    if let Ok(hex) = std::env::var("IKTOMI_AUDIT_KEY") {
        return AuditKey::from_hex(&hex);
    }
    let master = std::env::var("IKTOMI_API__MASTER_KEY")
        .context("IKTOMI_AUDIT_KEY (or IKTOMI_API__MASTER_KEY) is required")?;
    let master = MasterKey::from_hex(&SecretString::from(master))?;
    AuditKey::new(None, &master)
}

fn head(args: &[String]) -> anyhow::Result<Option<Head>> {
    let Some(at) = args.iter().position(|a| a == "--head") else {
        return Ok(None);
    };
    let text = args.get(at + 1).context("--head <id>:<hash hex>")?;
    let (id, hash) = text.split_once(':').context("--head <id>:<hash hex>")?;
    Ok(Some(Head {
        id: id.parse().context("--head: the entry id")?,
        hash: hex::decode(hash.trim_start_matches("0x")).context("--head: the hash")?,
    }))
}

fn option<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    let at = args.iter().position(|a| a == name)?;
    args.get(at + 1).map(String::as_str)
}

/// Whether the block `--anchored-in` names holds `head`'s remark; `None` without the option.
async fn anchored_on_chain(args: &[String], head: &Head) -> anyhow::Result<Option<bool>> {
    let Some(block) = option(args, "--anchored-in") else {
        return Ok(None);
    };
    let block: [u8; 32] = hex::decode(block.trim_start_matches("0x"))
        .ok()
        .and_then(|b| b.try_into().ok())
        .context("--anchored-in: a 32-byte block hash, hex")?;
    let node = option(args, "--node").context("--anchored-in needs --node <ws url>")?;
    let operator = match option(args, "--operator") {
        Some(text) => Some(Address::parse(text).context("--operator: an SS58 address")?),
        None => None,
    };
    let chain = iktomi_chain::Chain::connect_legacy(node).await?;
    let hash = <sp_core::Blake2Hasher as sp_core::Hasher>::hash(&remark(head)).0;
    Ok(Some(chain.remarks_in(block).await?.iter().any(
        |(sender, h)| *h == hash && operator.as_ref().is_none_or(|o| o.0 == *sender),
    )))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let anchor = head(&args)?;
    anyhow::ensure!(
        anchor.is_some() || option(&args, "--anchored-in").is_none(),
        "--anchored-in checks a head: give it with --head <id>:<hash hex>"
    );
    if let Some(head) = &anchor {
        match anchored_on_chain(&args, head).await? {
            Some(false) => {
                println!(
                    "head {}:{} is NOT anchored in that block",
                    head.id,
                    hex::encode(&head.hash)
                );
                std::process::exit(1);
            }
            Some(true) => println!("head {} is anchored on chain in that block", head.id),
            None => {}
        }
    }
    let key = key()?;
    let db = sqlx::PgPool::connect(&std::env::var("DATABASE_URL").context("DATABASE_URL")?).await?;
    let verdict = verify(&db, &key, anchor.as_ref()).await?;
    if let Some(id) = verdict.first_tampered {
        println!(
            "audit log TAMPERED: the chain breaks at entry {id} (of {})",
            verdict.entries
        );
        std::process::exit(1);
    }
    if let (Some(false), Some(anchor)) = (verdict.anchor_found, &anchor) {
        println!(
            "audit log TAMPERED: the anchored head {} is not in the chain ({} entries): newer rows were cut",
            anchor.id, verdict.entries
        );
        std::process::exit(1);
    }
    match verdict.head {
        Some(head) => println!(
            "audit log intact: {} entries, head {}:{}",
            verdict.entries,
            head.id,
            hex::encode(head.hash)
        ),
        None => println!("audit log intact: empty"),
    }
    Ok(())
}
