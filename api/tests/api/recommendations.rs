//! Recommendations and endorsements: asked, written and signed (custodial or external wallet),
//! checkable by anyone, hidden by their subject, shown with the author's verified employment and
//! minted as a certificate on a real chain.
use iktomi_devnet::platform::within;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sp_core::crypto::Ss58Codec;
use sp_core::{sr25519, Pair as _};
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::{kind, spawn_app, ss58};

/// Anyone can check a published signature with nothing but the message and the address.
fn signature_checks_out(r: &Value) -> bool {
    let signer =
        sr25519::Public::from_ss58check(r["signer"].as_str().expect("signer")).expect("ss58");
    let bytes = hex::decode(
        r["signature"]
            .as_str()
            .expect("sig")
            .trim_start_matches("0x"),
    )
    .expect("hex");
    let signature = sr25519::Signature::from_raw(bytes.try_into().expect("64 bytes"));
    sr25519::Pair::verify(
        &signature,
        r["message"].as_str().expect("message").as_bytes(),
        &signer,
    )
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_colleague_writes_what_was_asked_signed_and_the_subject_can_hide_it(db: PgPool) {
    let app = spawn_app(db).await;
    let anna = app.named_user("anna").await;
    let (boris, boris_wallet) = app.named_wallet_user("boris").await;
    let eve = app.named_user("eve").await;

    let (status, body) = app
        .post(
            "/v1/me/recommendation-requests",
            Some(&anna.token),
            json!({ "author": "boris", "kind": "endorsement" }),
        )
        .await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation"),
        "an endorsement names a skill"
    );
    let (status, body) = app
        .post(
            "/v1/me/recommendation-requests",
            Some(&anna.token),
            json!({ "author": "anna", "kind": "recommendation" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, asked) = app
        .post("/v1/me/recommendation-requests", Some(&anna.token),
              json!({ "author": "boris", "kind": "endorsement", "skill": "Rust", "note": "For my CV" }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    assert_eq!(asked["status"], "requested");
    let id = asked["id"].as_str().expect("id").to_owned();

    let (_, inbox) = app
        .get("/v1/me/recommendation-requests", Some(&boris.token))
        .await;
    assert_eq!(inbox[0]["id"], id.as_str());
    assert_eq!(inbox[0]["subject"]["handle"], "anna");
    let (_, inbox) = app
        .get("/v1/me/recommendation-requests", Some(&eve.token))
        .await;
    assert_eq!(inbox, json!([]));

    let write = format!("/v1/recommendations/{id}/write");
    let (status, _) = app
        .post(&write, Some(&eve.token), json!({ "text": "Great" }))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the one asked writes");
    let (status, body) = app
        .post(&write, Some(&boris.token), json!({ "text": "" }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, written) = app
        .post(
            &write,
            Some(&boris.token),
            json!({ "text": "Anna writes careful, fast Rust." }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{written}");
    assert_eq!(written["status"], "written");
    assert_eq!(written["signature_valid"], true);
    assert!(
        signature_checks_out(&written),
        "custodial signature: {written}"
    );
    assert_ne!(
        written["signer"],
        ss58(&boris_wallet),
        "signed by boris's custodial wallet"
    );
    let (status, body) = app
        .post(&write, Some(&boris.token), json!({ "text": "Again" }))
        .await;
    assert_eq!((status, kind(&body)), (StatusCode::CONFLICT, "not-pending"));

    let (_, public) = app.get("/v1/people/anna/recommendations", None).await;
    assert_eq!(public[0]["id"], id.as_str());
    assert_eq!(public[0]["skill"], "Rust");
    assert_eq!(public[0]["author"]["handle"], "boris");
    assert_eq!(
        public[0]["author_employment"],
        json!([]),
        "boris has no verified employment"
    );

    // The subject hides it: gone from the profile and from strangers, still theirs to see.
    let hidden = format!("/v1/me/recommendations/{id}/hidden");
    let (status, _) = app
        .send(
            Method::PUT,
            &hidden,
            Some(&boris.token),
            Some(json!({ "hidden": true })),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the author cannot hide it");
    let (status, body) = app
        .send(
            Method::PUT,
            &hidden,
            Some(&anna.token),
            Some(json!({ "hidden": true })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, public) = app.get("/v1/people/anna/recommendations", None).await;
    assert_eq!(public, json!([]));
    let (status, _) = app.get(&format!("/v1/recommendations/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .get(&format!("/v1/recommendations/{id}"), Some(&eve.token))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, mine) = app
        .get(&format!("/v1/recommendations/{id}"), Some(&anna.token))
        .await;
    assert_eq!(
        (status, mine["hidden"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    app.send(
        Method::PUT,
        &hidden,
        Some(&anna.token),
        Some(json!({ "hidden": false })),
    )
    .await;
    let (status, _) = app.get(&format!("/v1/recommendations/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);

    // Unasked, signed in boris's external wallet: the API gives the message, the wallet signs.
    let (status, draft) = app
        .post(
            "/v1/recommendations/message",
            Some(&boris.token),
            json!({ "subject": "anna", "kind": "recommendation", "text": "I recommend Anna." }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    let message = draft["message"].as_str().expect("message");
    let signature = format!("0x{}", hex::encode(boris_wallet.sign(message.as_bytes()).0));
    let unasked = |signature: &str, address: &str| {
        json!({ "kind": "recommendation", "text": "I recommend Anna.",
                "signature": { "address": address, "signature": signature } })
    };
    let forged = format!("0x{}", hex::encode(boris_wallet.sign(b"something else").0));
    let (status, body) = app
        .post(
            "/v1/people/anna/recommendations",
            Some(&boris.token),
            unasked(&forged, &ss58(&boris_wallet)),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let stranger = sr25519::Pair::generate().0;
    let theirs = format!("0x{}", hex::encode(stranger.sign(message.as_bytes()).0));
    let (status, _) = app
        .post(
            "/v1/people/anna/recommendations",
            Some(&boris.token),
            unasked(&theirs, &ss58(&stranger)),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a wallet that is not boris's"
    );
    let (status, external) = app
        .post(
            "/v1/people/anna/recommendations",
            Some(&boris.token),
            unasked(&signature, &ss58(&boris_wallet)),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{external}");
    assert_eq!(external["signer"], ss58(&boris_wallet));
    assert!(signature_checks_out(&external));
    let (status, _) = app
        .post(
            "/v1/people/boris/recommendations",
            Some(&boris.token),
            json!({ "kind": "recommendation", "text": "Me!" }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "nobody recommends themselves"
    );

    // A declined request stays declined.
    let (_, second) = app
        .post(
            "/v1/me/recommendation-requests",
            Some(&eve.token),
            json!({ "author": "boris", "kind": "recommendation" }),
        )
        .await;
    let second = second["id"].as_str().expect("id");
    let (status, declined) = app
        .act(
            &format!("/v1/recommendations/{second}/decline"),
            &boris.token,
        )
        .await;
    assert_eq!(
        (status, declined["status"].as_str()),
        (StatusCode::OK, Some("declined"))
    );
    let (status, _) = app
        .post(
            &format!("/v1/recommendations/{second}/write"),
            Some(&boris.token),
            json!({ "text": "Hi" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, mine) = app.get("/v1/me/recommendations", Some(&eve.token)).await;
    assert_eq!(mine[0]["status"], "declined");
    let (_, public) = app.get("/v1/people/anna/recommendations", None).await;
    assert_eq!(public.as_array().map(Vec::len), Some(2));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_recommendation_shows_its_authors_employment_and_is_minted_by_their_employer(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let hr = app.named_user("hr_lead").await;
        let boris = app.named_user("boris").await;
        let anna = app.named_user("anna").await;
        let outsider = app.named_user("outsider").await;
        let org = verified_organization(app, &hr, "Acme").await;
        app.join(&org, &hr, &boris, "employee").await;
        let hire = json!({ "holder": "boris", "title": "Engineer", "position": "Team lead" });
        let (status, hired) = app.submit(&hr, &format!("/v1/organizations/{org}/employments"), "hire", hire).await;
        assert_eq!(status, StatusCode::CREATED, "{hired}");
        eventually(app, &format!("/v1/verify/{}", hired["id"]), |v| v["status"] == "active").await;

        let (status, written) = app
            .post("/v1/people/anna/recommendations", Some(&boris.token),
                  json!({ "kind": "recommendation", "text": "Anna led our migration to Rust." }))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{written}");
        let employment = &written["author_employment"][0];
        assert_eq!(employment["organization_name"], "Acme");
        assert_eq!(employment["position"], "Team lead");
        assert_eq!(employment["certificate_id"], hired["id"]);
        let id = written["id"].as_str().expect("id");

        let mint = format!("/v1/organizations/{org}/recommendations/{id}/mint");
        let (status, _) = app.submit(&outsider, &mint, "m0", json!(null)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "not a manager of Acme");
        let (status, minted) = app.submit(&hr, &mint, "m1", json!(null)).await;
        assert_eq!(status, StatusCode::CREATED, "{minted}");
        let certificate = minted["id"].as_u64().expect("id");
        let verified = eventually(app, &format!("/v1/verify/{certificate}"), |v| v["status"] == "active").await;
        assert_eq!(verified["kind"], "recommendation");
        assert_eq!(verified["holder"]["handle"], "anna");
        assert_eq!(verified["document"]["credentialSubject"]["achievement"]["description"], "Anna led our migration to Rust.");
        let (status, body) = app.submit(&hr, &mint, "m2", json!(null)).await;
        assert_eq!((status, kind(&body)), (StatusCode::CONFLICT, "already-minted"));
        let (_, shown) = app.get(&format!("/v1/recommendations/{id}"), Some(&anna.token)).await;
        assert_eq!(shown["certificate_id"].as_u64(), Some(certificate));
        let page = app.http.get(app.at("/u/anna")).send().await?.text().await?;
        assert!(
            page.contains("<blockquote>Anna led our migration to Rust.</blockquote>Recommends — @boris, Team lead at Acme (verified)"),
            "{page}"
        );
        Ok(())
    })
    .await
}
