//! `iktomi-audit-verify [--head <id>:<hash hex>]`: walks the audit log's HMAC chain in the
//! database at `DATABASE_URL` and reports the first row that was altered, removed or reordered;
//! with `--head` (a head copied from the audit group's post or the on-chain remark), also whether
//! that head is still in the chain, which it is not when newer rows were cut or the table emptied.
//! Exits 1 when either fails. The key: `IKTOMI_AUDIT_KEY` (the API's `audit.key`, hex), or, when
//! the API derives it, `IKTOMI_API__MASTER_KEY`.
use anyhow::Context;
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

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let anchor = head(&args)?;
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
