//! The whole verification flow on a real node with the real indexer: an operator's approval
//! registers the organization's wallet as an issuer on chain, and the organization shows as
//! verified once the indexer has mirrored that.
use std::time::Duration;

use iktomi_devnet::bundles_dir;
use iktomi_devnet::platform::{within, Platform};
use iktomi_indexer::metrics::Metrics;
use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::json;
use sqlx::PgPool;

use crate::support::{spawn_app_with, ss58};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_approved_organization_becomes_an_issuer_on_chain(db: PgPool) -> anyhow::Result<()> {
    within(300, async {
        let platform = Platform::start().await?;
        let dir = tempfile::tempdir()?;
        let deployment = dir.path().join("deployment.json");
        platform.record.write(&deployment)?;

        let indexer_db = db.clone();
        let settings = iktomi_indexer::Settings {
            node_url: platform.node.url.clone(),
            registry: parse(&platform.record.registry.address),
            tenure: parse(&platform.record.tenure.address),
            deployment_block: platform.record.deployment_block,
            concurrency: 4,
            batch_blocks: 100,
            poll: Duration::from_millis(200),
        };
        let indexer = tokio::spawn(async move {
            let error = iktomi_indexer::run(&settings, &indexer_db, &Metrics::default()).await;
            tracing::error!(%error, "indexer stopped");
        });

        let app = spawn_app_with(db.clone(), |s| {
            s.chain.deployment = Some(deployment.clone());
            s.chain.contracts_dir = Some(bundles_dir());
            s.chain.operator_suri = Some(SecretString::from("//Alice"));
        })
        .await;
        let olga = app.named_user("olga").await;
        let org = app.organization(&olga, "Acme").await;
        let (status, request) = app
            .post(
                &format!("/v1/organizations/{org}/verification"),
                Some(&olga.token),
                json!({ "web_domain": "acme.com" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{request}");
        let operator = app.operator().await;
        let id = request["id"].as_str().unwrap_or_default();
        let (status, decision) = app
            .post(
                &format!("/v1/verification-requests/{id}/approve"),
                Some(&operator.token),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{decision}");
        assert_eq!(decision["request"]["status"], "approved");
        let issuer = decision["organization"]["issuer_address"]
            .as_str()
            .unwrap_or_default()
            .to_owned();

        // The chain itself says so.
        let on_chain: Option<iktomi_shared::Issuer> = platform
            .read(
                "issuer",
                iktomi_shared::AccountId::from(address_bytes(&issuer)),
            )
            .await?;
        let on_chain = on_chain.expect("registered on chain");
        assert_eq!(
            on_chain.organization,
            *uuid::Uuid::parse_str(&org)?.as_bytes()
        );

        // And the API shows it once the indexer mirrored it.
        let mut verified = false;
        for _ in 0..100 {
            let (_, body) = app.get(&format!("/v1/organizations/{org}"), None).await;
            if body["verified"] == true {
                verified = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(verified, "the organization never showed as verified");

        // Approving again is a conflict, not a second registration.
        let (status, _) = app
            .post(
                &format!("/v1/verification-requests/{id}/approve"),
                Some(&operator.token),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_ne!(issuer, ss58(&app.operator));
        indexer.abort();
        Ok(())
    })
    .await
}

fn parse(hex_address: &str) -> [u8; 32] {
    let bytes = hex::decode(hex_address.trim_start_matches("0x")).unwrap_or_default();
    bytes.try_into().unwrap_or([0; 32])
}

fn address_bytes(ss58: &str) -> [u8; 32] {
    iktomi_api::auth::wallet::Address::parse(ss58)
        .map(|a| a.0)
        .unwrap_or([0; 32])
}
