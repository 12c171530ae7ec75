//! Exported credentials on a real node, indexer and PostgreSQL: the JWT checks out with the key the
//! organization publishes (verified here with the JWK alone), its status entry points into the
//! issuer's status list, and the bit flips when the chain revokes the certificate.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sp_core::{ed25519, Pair as _};
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::{answer, kind, TestApp};

/// The payload of `jwt` if the JWK in `jwks` whose `kid` the header names signed it.
fn check_with_jwks(jwt: &str, jwks: &Value) -> Value {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3);
    let decode = |p: &str| URL_SAFE_NO_PAD.decode(p).expect("base64url");
    let header: Value = serde_json::from_slice(&decode(parts[0])).expect("header");
    assert_eq!(header["alg"], "EdDSA");
    assert_eq!(header["typ"], "vc+jwt");
    let jwk = jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| k["kid"] == header["kid"])
        .expect("the kid is published");
    assert_eq!(
        (jwk["kty"].as_str(), jwk["crv"].as_str()),
        (Some("OKP"), Some("Ed25519"))
    );
    let public: [u8; 32] = decode(jwk["x"].as_str().expect("x"))
        .try_into()
        .expect("32 bytes");
    let signature: [u8; 64] = decode(parts[2]).try_into().expect("64 bytes");
    let input = format!("{}.{}", parts[0], parts[1]);
    assert!(
        ed25519::Pair::verify(
            &ed25519::Signature::from_raw(signature),
            input.as_bytes(),
            &ed25519::Public::from_raw(public)
        ),
        "the signature verifies with the published key"
    );
    serde_json::from_slice(&decode(parts[1])).expect("payload")
}

/// The status bit at `index` of a status list credential fetched as a JWT.
async fn revoked_in_list(app: &TestApp, list_url: &str, jwks: &Value, index: usize) -> bool {
    let path = list_url
        .strip_prefix("https://iktomi.test")
        .expect("our URL");
    let response = app
        .http
        .get(app.at(path))
        .header("accept", "application/vc+jwt")
        .send()
        .await
        .expect("list");
    assert_eq!(response.status(), StatusCode::OK);
    let jwt = response.text().await.expect("body");
    let list = check_with_jwks(&jwt, jwks);
    assert_eq!(
        list["type"],
        json!(["VerifiableCredential", "BitstringStatusListCredential"])
    );
    let encoded = list["credentialSubject"]["encodedList"]
        .as_str()
        .expect("encodedList");
    let bits = iktomi_api::certificates::status_list::decode(encoded)
        .expect("a GZIP'd multibase bitstring");
    assert!(bits.len() >= 16 * 1024, "herd privacy: at least 16 KiB");
    iktomi_api::certificates::status_list::is_set(&bits, index)
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_exported_credential_is_signed_and_its_status_follows_the_chain(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let dean = app.named_user("dean").await;
        app.named_user("anna").await;
        app.named_user("boris").await;
        let org = verified_organization(app, &dean, "University").await;
        let path = format!("/v1/organizations/{org}/certificates");
        let diploma =
            |holder: &str| json!({ "holder": holder, "kind": "diploma", "title": "BSc Physics" });
        let (status, first) = app.submit(&dean, &path, "d1", diploma("boris")).await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        let (_, second) = app.submit(&dean, &path, "d2", diploma("anna")).await;
        let id = second["id"].as_u64().expect("id");
        eventually(app, &format!("/v1/verify/{id}"), |v| {
            v["status"] == "active"
        })
        .await;

        let (status, jwks) = app
            .get(&format!("/v1/organizations/{org}/jwks"), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{jwks}");
        let (status, export) = app
            .get(&format!("/v1/certificates/{id}/credential"), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{export}");
        let jwt = export["jwt"].as_str().expect("jwt");
        let credential = check_with_jwks(jwt, &jwks);
        assert_eq!(credential, export["credential"]);
        assert_eq!(
            credential["issuer"]["id"],
            format!("https://iktomi.test/v1/organizations/{org}")
        );
        let entry = &credential["credentialStatus"];
        assert_eq!(entry["type"], "BitstringStatusListEntry");
        assert_eq!(entry["statusPurpose"], "revocation");
        assert_eq!(
            entry["statusListIndex"], "1",
            "the issuer's second certificate"
        );
        let list_url = entry["statusListCredential"]
            .as_str()
            .expect("list URL")
            .to_owned();

        // The bare JWT on request, the same token.
        let response = app
            .http
            .get(app.at(&format!("/v1/certificates/{id}/credential")))
            .header("accept", "application/vc+jwt")
            .send()
            .await?;
        assert_eq!(response.headers()["content-type"], "application/vc+jwt");
        assert_eq!(response.text().await?, jwt);

        // Anyone verifies the JWT; a tampered payload keeps its hash lookup but loses the signature.
        let (status, check) = app.post("/v1/verify", None, json!({ "jwt": jwt })).await;
        assert_eq!(status, StatusCode::OK, "{check}");
        assert_eq!(
            (check["signature_valid"].as_bool(), check["holds"].as_bool()),
            (Some(true), Some(true))
        );
        assert_eq!(check["certificates"][0]["id"], id);
        let mut parts: Vec<String> = jwt.split('.').map(str::to_owned).collect();
        let mut forged = credential.clone();
        forged["credentialStatus"]["statusListIndex"] = json!("7");
        parts[1] = URL_SAFE_NO_PAD.encode(forged.to_string());
        let (_, check) = app
            .post("/v1/verify", None, json!({ "jwt": parts.join(".") }))
            .await;
        assert_eq!(
            (check["signature_valid"].as_bool(), check["holds"].as_bool()),
            (Some(false), Some(false))
        );
        let (status, body) = app
            .post("/v1/verify", None, json!({ "jwt": "not.a-jwt" }))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) = app.post("/v1/verify", None, json!({})).await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation")
        );

        assert!(!revoked_in_list(app, &list_url, &jwks, 1).await);
        let revoke = format!("/v1/organizations/{org}/certificates/{id}/revoke");
        let (status, body) = app
            .submit(&dean, &revoke, "r1", json!({ "reason": "issued_in_error" }))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        eventually(app, &format!("/v1/verify/{id}"), |v| {
            v["status"] == "revoked"
        })
        .await;
        assert!(
            revoked_in_list(app, &list_url, &jwks, 1).await,
            "revoked on chain, revoked in the list"
        );
        assert!(
            !revoked_in_list(app, &list_url, &jwks, 0).await,
            "the first diploma still holds"
        );
        let (_, check) = app.post("/v1/verify", None, json!({ "jwt": jwt })).await;
        assert_eq!(
            (check["signature_valid"].as_bool(), check["holds"].as_bool()),
            (Some(true), Some(false))
        );

        for path in [
            "/v1/certificates/999999/credential",
            "/v1/certificates/x/credential",
        ] {
            let (status, body) = answer(app.http.get(app.at(path)).send().await?).await;
            assert!(
                status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
                "{path}: {body}"
            );
        }
        let unknown = uuid::Uuid::new_v4();
        let (status, _) = app
            .get(
                &format!("/v1/organizations/{unknown}/status-lists/revocation"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app
            .get(&format!("/v1/organizations/{unknown}/jwks"), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        Ok(())
    })
    .await
}
