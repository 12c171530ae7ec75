//! An organization that keeps its issuer key in its own wallet: verified with that address, it
//! gets the encoded `issue` call from the API, signs and submits it from the wallet (here: the
//! test, with only the wallet's seed), and the certificate shows up verified like any other.
use iktomi_devnet::platform::within;
use reqwest::{Method, StatusCode};
use serde_json::json;
use sp_core::{sr25519, Pair as _};
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::{kind, ss58};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_organization_signs_the_prepared_issue_call_in_its_own_wallet(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let seed = [7u8; 32];
        let wallet = sr25519::Pair::from_seed(&seed);
        let founder = app.sign_in_with_wallet(&wallet, None).await;
        app.send(
            Method::PUT,
            "/v1/me/profile",
            Some(&founder.token),
            Some(json!({ "handle": "founder" })),
        )
        .await;
        app.named_user("anna").await;
        let stranger = sr25519::Pair::generate().0;

        let org = app.organization(&founder, "Own Keys Ltd").await;
        let ask = format!("/v1/organizations/{org}/verification");
        let (status, body) = app
            .post(
                &ask,
                Some(&founder.token),
                json!({ "web_domain": "own.example", "issuer_address": ss58(&stranger) }),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a wallet that is not the founder's: {body}"
        );
        let (status, request) = app
            .post(
                &ask,
                Some(&founder.token),
                json!({ "web_domain": "own.example", "issuer_address": ss58(&wallet) }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{request}");
        assert_eq!(request["issuer_address"], ss58(&wallet));
        let operator = app.operator().await;
        let (status, decision) = app
            .act(
                &format!(
                    "/v1/verification-requests/{}/approve",
                    request["id"].as_str().unwrap_or_default()
                ),
                &operator.token,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{decision}");
        let verified = eventually(app, &format!("/v1/organizations/{org}"), |o| {
            o["verified"] == true
        })
        .await;
        assert_eq!(verified["issuer_address"], ss58(&wallet));

        let diploma = json!({ "holder": "anna", "kind": "course", "title": "Own-key course" });
        let (status, body) = app
            .submit(
                &founder,
                &format!("/v1/organizations/{org}/certificates"),
                "k1",
                diploma.clone(),
            )
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::CONFLICT, "external-issuer"),
            "the platform holds no key to sign with"
        );

        let (status, unsigned) = app
            .post(
                &format!("/v1/organizations/{org}/certificates/unsigned"),
                Some(&founder.token),
                diploma.clone(),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{unsigned}");
        assert_eq!(unsigned["signer"], ss58(&wallet));
        let call = hex::decode(
            unsigned["call"]
                .as_str()
                .expect("call")
                .trim_start_matches("0x"),
        )?;

        // The wallet signs and submits the call; the API is not involved.
        let node = iktomi_chain::Chain::connect_legacy(&chain.platform.node.url).await?;
        let signer = iktomi_chain::Keypair::from_secret_key(seed)?;
        node.submit_call_data(&signer, &call).await?;

        let document = unsigned["document"].clone();
        let (_, found) = app
            .post("/v1/verify", None, json!({ "document": document }))
            .await;
        let mut found = found;
        for _ in 0..60 {
            if found["holds"] == true {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            found = app
                .post("/v1/verify", None, json!({ "document": document }))
                .await
                .1;
        }
        assert_eq!(found["holds"], true, "{found}");
        let certificate = &found["certificates"][0];
        assert_eq!(certificate["issuer"]["organization_name"], "Own Keys Ltd");
        assert_eq!(certificate["holder"]["handle"], "anna");
        assert_eq!(certificate["document_matches"], true);

        // A custodial organization issues directly and is told so.
        let hr = app.named_user("hr_lead").await;
        let custodial = verified_organization(app, &hr, "Acme").await;
        let (status, body) = app
            .post(
                &format!("/v1/organizations/{custodial}/certificates/unsigned"),
                Some(&hr.token),
                diploma,
            )
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::CONFLICT, "custodial-issuer")
        );
        Ok(())
    })
    .await
}
