//! Issue 15, item 8 on a real node: the audit log's head goes on chain as the operator's remark,
//! and `iktomi-audit-verify` checks a head against the block that anchors it, so a head cut from
//! the database is caught by what the chain holds, not by a copy anyone could edit.
use std::time::Duration;

use iktomi_api::auth::wallet::Address;
use iktomi_api::http::audit::anchor::{anchor, remark};
use iktomi_devnet::platform::within;
use sqlx::PgPool;

use crate::chain_support::{spawn_chain_app, url_of};

fn verify_tool(db_url: &str, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iktomi-audit-verify"))
        .env("DATABASE_URL", db_url)
        .env("IKTOMI_API__MASTER_KEY", "11".repeat(32))
        .args(args)
        .output()
        .expect("run");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_head_is_anchored_on_chain_and_checked_against_the_block(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db.clone()).await?;
        let app = &chain.app;
        let anna = app.named_user("anna").await;
        app.organization(&anna, "Acme").await;

        let head = anchor(&app.state).await?.expect("a head to anchor");
        assert_eq!(
            anchor(&app.state).await?,
            None,
            "its own entry is no news: an idle log is anchored once"
        );
        let mut block: Option<Vec<u8>> = None;
        for _ in 0..150 {
            block = sqlx::query_scalar(
                "SELECT block_hash FROM chain_operations
                 WHERE kind = 'audit.anchor' AND status = 'finalized'",
            )
            .fetch_optional(&db)
            .await?;
            if block.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let block: [u8; 32] = block
            .expect("the anchor is final")
            .try_into()
            .expect("a block hash");
        let registry = app.state.chain()?;
        assert!(registry.anchored(block, &remark(&head)).await?);

        let url = url_of(&db).await?;
        let operator = Address(iktomi_chain::account_of(registry.operator())).ss58();
        let head_arg = format!("{}:{}", head.id, hex::encode(&head.hash));
        let block_arg = format!("0x{}", hex::encode(block));
        let node = chain.platform.node.url.clone();
        // `head` checked against the anchoring block, from `sender` when given.
        let check = |head: &str, sender: Option<&str>| {
            let mut args = vec!["--head", head, "--anchored-in", &block_arg, "--node", &node];
            if let Some(sender) = sender {
                args.extend(["--operator", sender]);
            }
            verify_tool(&url, &args)
        };
        let (ok, out) = check(&head_arg, Some(&operator));
        assert!(ok, "{out}");
        assert!(out.contains("anchored on chain"), "{out}");

        // A head that block does not anchor, or anchored by someone else, is refused.
        let forged = format!("{}:{}", head.id, hex::encode([0u8; 32]));
        let (ok, out) = check(&forged, None);
        assert!(!ok, "{out}");
        assert!(out.contains("NOT anchored"), "{out}");
        let stranger = Address([9; 32]).ss58();
        let (ok, _) = check(&head_arg, Some(&stranger));
        assert!(!ok, "only the operator's remark counts");
        let (ok, _) = verify_tool(&url, &["--anchored-in", &block_arg, "--node", &node]);
        assert!(!ok, "an anchor check needs the head it checks");
        Ok(())
    })
    .await
}
