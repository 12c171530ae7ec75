//! Issue 15, item 10 on a real node, indexer and PostgreSQL: an organization that fears its
//! issuer key leaked rotates it. Whoever holds the old key can no longer issue or revoke in the
//! organization's name; what the old key issued stays valid and the new key revokes it; a
//! credential exported before the rotation still verifies against the published keys.
use iktomi_api::auth::wallet::Address;
use iktomi_api::chain::{ChainCallError, RegistryError};
use iktomi_api::wallets::custodial::{export_seed, Owner};
use iktomi_devnet::platform::within;
use iktomi_shared::{Kind, RevocationReason};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::{kind, TestApp, User};

/// Issues a diploma titled `title` to `holder`; its id once the mirror shows it active.
async fn diploma(app: &TestApp, dean: &User, org: &str, holder: &str, title: &str) -> u64 {
    let (status, issued) = app
        .submit(
            dean,
            &format!("/v1/organizations/{org}/certificates"),
            title,
            json!({ "holder": holder, "kind": "diploma", "title": title }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    let id = issued["id"].as_u64().unwrap_or_default();
    eventually(app, &format!("/v1/verify/{id}"), |v| {
        v["status"] == "active"
    })
    .await;
    id
}

async fn verify_jwt(app: &TestApp, jwt: &str) -> Value {
    let (status, check) = app.post("/v1/verify", None, json!({ "jwt": jwt })).await;
    assert_eq!(status, StatusCode::OK, "{check}");
    check
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_rotated_issuer_key_signs_nothing_and_what_it_issued_stays_valid(
    db: PgPool,
) -> anyhow::Result<()> {
    within(400, async {
        let chain = spawn_chain_app(db.clone()).await?;
        let app = &chain.app;
        let dean = app.named_user("dean").await;
        let clerk = app.named_user("clerk").await;
        app.named_user("anna").await;
        let org = verified_organization(app, &dean, "University").await;
        app.join(&org, &dean, &clerk, "manager").await;
        let before = diploma(app, &dean, &org, "anna", "BSc").await;
        let (_, exported) = app
            .get(&format!("/v1/certificates/{before}/credential"), None)
            .await;
        let old_jwt = exported["jwt"].as_str().unwrap_or_default().to_owned();
        let (_, organization) = app.get(&format!("/v1/organizations/{org}"), None).await;
        let old_address = organization["issuer_address"]
            .as_str()
            .and_then(Address::parse)
            .expect("an issuer address");

        // Only an admin rotates, and only just after signing in.
        let rotate = format!("/v1/organizations/{org}/issuer-key/rotate");
        let (status, body) = app.act(&rotate, &clerk.token).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (status, _) = app.post(&rotate, None, json!({})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        sqlx::query("UPDATE sessions SET created_at = now() - interval '1 hour'")
            .execute(&db)
            .await?;
        let (status, body) = app.act(&rotate, &dean.token).await;
        assert_eq!(kind(&body), "reauthentication-required", "{status} {body}");
        sqlx::query("UPDATE sessions SET created_at = now()")
            .execute(&db)
            .await?;
        let (status, rotation) = app.act(&rotate, &dean.token).await;
        assert_eq!(status, StatusCode::OK, "{rotation}");
        assert_eq!(rotation["retired_account"], old_address.ss58());
        assert_eq!(rotation["credential_key_version"], 2);
        let organization = eventually(app, &format!("/v1/organizations/{org}"), |o| {
            o["verified"] == true && o["issuer_address"] == rotation["issuer_account"]
        })
        .await;
        assert_ne!(organization["issuer_address"], old_address.ss58());

        // Whoever holds the old key is refused by the registry itself.
        let registry = app.state.chain()?;
        let org_id: Uuid = org.parse()?;
        let seed = export_seed(
            &db,
            &app.state.master_key,
            &old_address,
            Owner::Organization(org_id),
        )
        .await?;
        let old_key = iktomi_chain::Keypair::from_secret_key(*seed).expect("a key");
        let retired = |refused: Result<_, ChainCallError>| {
            assert!(
                matches!(
                    refused,
                    Err(ChainCallError::Refused(RegistryError::IssuerRetired))
                ),
                "{:?}",
                refused.err()
            );
        };
        retired(
            registry
                .issue(&old_key, [7; 32], Kind::Diploma, [1; 32], None, None)
                .await,
        );
        retired(
            registry
                .revoke(&old_key, before, RevocationReason::IssuedInError)
                .await,
        );

        // What the old key issued holds, and its exported credential still verifies.
        let (_, still) = app.get(&format!("/v1/verify/{before}"), None).await;
        assert_eq!(still["status"], "active", "{still}");
        let check = verify_jwt(app, &old_jwt).await;
        assert_eq!(
            (check["signature_valid"].as_bool(), check["holds"].as_bool()),
            (Some(true), Some(true)),
            "{check}"
        );
        let (_, jwks) = app
            .get(&format!("/v1/organizations/{org}/jwks"), None)
            .await;
        assert_eq!(jwks["keys"].as_array().map(Vec::len), Some(2), "{jwks}");

        // The organization issues from the new key, signs with its new credential key, and
        // revokes what the old key issued.
        let after = diploma(app, &dean, &org, "anna", "MSc").await;
        let (_, issued) = app.get(&format!("/v1/verify/{after}"), None).await;
        assert_eq!(
            issued["issuer"]["address"], rotation["issuer_account"],
            "{issued}"
        );
        let (_, exported) = app
            .get(&format!("/v1/certificates/{after}/credential"), None)
            .await;
        let new_jwt = exported["jwt"].as_str().unwrap_or_default();
        assert_ne!(
            new_jwt.split('.').next(),
            old_jwt.split('.').next(),
            "a new kid"
        );
        assert_eq!(verify_jwt(app, new_jwt).await["signature_valid"], true);
        let (status, body) = app
            .submit(
                &dean,
                &format!("/v1/organizations/{org}/certificates/{before}/revoke"),
                "revoke-old",
                json!({ "reason": "issued_in_error" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        eventually(app, &format!("/v1/verify/{before}"), |v| {
            v["status"] == "revoked"
        })
        .await;

        // Not twice in a day; a day later the new key rotates in turn.
        let (status, body) = app.act(&rotate, &dean.token).await;
        assert_eq!(kind(&body), "rotated-recently", "{status} {body}");
        sqlx::query("UPDATE wallets SET retired_at = retired_at - interval '25 hours'")
            .execute(&db)
            .await?;
        let (status, again) = app.act(&rotate, &dean.token).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert_eq!(again["retired_account"], rotation["issuer_account"]);
        assert_eq!(again["credential_key_version"], 3);
        Ok(())
    })
    .await
}
