//! Issue 15, item 5 through the HTTP API on a real node: a holder hands a diploma to a buyer by
//! asking the registry directly for a move to the buyer's wallet, and the buyer's wallet accepts.
//! The manager sees whose wallet that is and the approval is refused.
use iktomi_chain::dev;
use iktomi_devnet::platform::{id, within};
use iktomi_shared::{CertificateId, MigrationId, MigrationScope};
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::requests::mirrored;
use crate::support::{kind, ss58};

fn dev_pair(uri: &str) -> sp_core::sr25519::Pair {
    <sp_core::sr25519::Pair as sp_core::Pair>::from_string(uri, None).expect("dev key")
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn approving_a_move_of_a_diploma_to_a_buyers_wallet_is_refused(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let dean = app.named_user("dean").await;
        let org = verified_organization(app, &dean, "Kazan University").await;
        // The graduate and the buyer each sign in with a wallet of their own (funded dev keys).
        let graduate = app.sign_in_with_wallet(&dev_pair("//Dave"), None).await;
        let buyer = app.sign_in_with_wallet(&dev_pair("//Eve"), None).await;
        let (status, issued) = app
            .submit(
                &dean,
                &format!("/v1/organizations/{org}/certificates"),
                "d1",
                json!({ "holder": graduate.handle, "kind": "diploma", "title": "BSc" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{issued}");
        let diploma: CertificateId = issued["id"].as_u64().unwrap_or(0);
        let issuer = sqlx::query_scalar!(
            "SELECT issuer_account FROM organizations WHERE id = $1",
            uuid::Uuid::parse_str(&org)?
        )
        .fetch_one(&app.state.db)
        .await?
        .expect("verified organization has an issuer account");
        let issuer = iktomi_shared::AccountId::from(<[u8; 32]>::try_from(&issuer[..])?);

        // The graduate asks the registry itself (the API would refuse) to move it to the buyer,
        // whose wallet accepts.
        let asked = chain
            .platform
            .registry_call::<MigrationId>(
                &dev::dave(),
                "request_migration",
                (issuer, MigrationScope::One(diploma), id(&dev::eve())),
            )
            .await?;
        let migration = asked.value.expect("requested on chain");
        let accepted = chain
            .platform
            .registry_call::<()>(&dev::eve(), "accept_migration", migration)
            .await?;
        assert_eq!(accepted.value, Ok(()));

        // The manager sees that the destination is someone else's wallet...
        mirrored(app, &graduate, migration).await;
        let (status, moves) = app
            .get(
                &format!("/v1/organizations/{org}/migrations"),
                Some(&dean.token),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{moves}");
        let shown = &moves[0];
        assert_eq!(shown["to"], ss58(&dev_pair("//Eve")));
        assert_eq!(shown["to_handle"], buyer.handle.as_str(), "{moves}");
        assert_eq!(shown["same_person"], false, "{moves}");

        // ...and cannot approve it.
        let (status, body) = app
            .submit(
                &dean,
                &format!("/v1/organizations/{org}/migrations/{migration}/approve"),
                "a1",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(kind(&body), "foreign-destination", "{body}");
        let verified = eventually(app, &format!("/v1/verify/{diploma}"), |v| {
            v["status"] == "active"
        })
        .await;
        assert_eq!(
            verified["holder"]["address"],
            ss58(&dev_pair("//Dave")),
            "the diploma stays with the graduate"
        );
        Ok(())
    })
    .await
}
