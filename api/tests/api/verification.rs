//! The whole verification flow on a real node with the real indexer: an operator's approval
//! registers the organization's wallet as an issuer on chain, and the organization shows as
//! verified once the indexer has mirrored that.
use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app};
use crate::support::ss58;

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_approved_organization_becomes_an_issuer_on_chain(db: PgPool) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
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
            .act(
                &format!("/v1/verification-requests/{id}/approve"),
                &operator.token,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{decision}");
        assert_eq!(decision["request"]["status"], "approved");
        let issuer = decision["organization"]["issuer_address"]
            .as_str()
            .unwrap_or_default()
            .to_owned();

        // The chain itself says so.
        let on_chain: Option<iktomi_shared::Issuer> = chain
            .platform
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
        eventually(app, &format!("/v1/organizations/{org}"), |o| {
            o["verified"] == true
        })
        .await;

        // Approving again is a conflict, not a second registration.
        let (status, _) = app
            .act(
                &format!("/v1/verification-requests/{id}/approve"),
                &operator.token,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_ne!(issuer, ss58(&app.operator));
        Ok(())
    })
    .await
}

fn address_bytes(ss58: &str) -> [u8; 32] {
    iktomi_api::auth::wallet::Address::parse(ss58)
        .map(|a| a.0)
        .unwrap_or([0; 32])
}
