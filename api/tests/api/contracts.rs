//! Employment contracts: drafted at the offer stage, frozen by the first signature, signed by both
//! sides (custodial and external wallets), anchored on chain, hired from into an employment
//! certificate, completed and reviewed — and every refusal on the way.
use iktomi_chain::Chain;
use iktomi_devnet::platform::within;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sp_core::{sr25519, Pair};
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::hiring_support::{offer_stage, post_resume, post_vacancy, terms};
use crate::support::{kind, spawn_app, ss58, TestApp, User};

async fn sign(app: &TestApp, who: &User, contract: &str, body: Value) -> (StatusCode, Value) {
    app.post(
        &format!("/v1/contracts/{contract}/signatures"),
        Some(&who.token),
        body,
    )
    .await
}

fn external(pair: &sr25519::Pair, message: &str) -> Value {
    json!({ "signature": { "address": ss58(pair), "signature": hex::encode(pair.sign(message.as_bytes()).0) } })
}

fn verifies(signature: &Value, message: &str) -> bool {
    use sp_core::crypto::Ss58Codec;
    let public = sr25519::Public::from_ss58check(signature["address"].as_str().unwrap_or_default())
        .expect("ss58");
    let bytes = hex::decode(signature["signature"].as_str().unwrap_or_default()).expect("hex");
    let sig = sr25519::Signature::from_raw(bytes.try_into().expect("64 bytes"));
    sr25519::Pair::verify(&sig, message.as_bytes(), &public)
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn drafts_are_checked_frozen_by_the_first_signature_and_seen_only_by_the_two_sides(
    db: PgPool,
) {
    let app = spawn_app(db).await;
    let hr = app.named_user("hr_lead").await;
    let (anna, anna_wallet) = app.named_wallet_user("anna").await;
    let rival = app.named_user("rival").await;
    let org = app.organization(&hr, "Acme").await;
    app.organization(&rival, "Rival").await;
    let offer = offer_stage(&app, &hr, &anna, &org).await;
    let path = format!("/v1/applications/{}/contract", offer.application);

    let mut bad = terms();
    bad["rate"] = json!("12,50");
    bad["currency"] = json!("euro");
    bad["ends_on"] = json!("2026-01-01");
    bad["position"] = json!("");
    let (status, problem) = app.post(&path, Some(&hr.token), bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        ["position", "currency", "rate", "ends_on"],
        "{problem}"
    );
    assert_eq!(
        app.post(&path, Some(&anna.token), terms()).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&path, Some(&rival.token), terms()).await.0,
        StatusCode::NOT_FOUND
    );

    let (status, drafted) = app.post(&path, Some(&hr.token), terms()).await;
    assert_eq!(status, StatusCode::CREATED, "{drafted}");
    assert_eq!(
        (
            drafted["status"].as_str(),
            drafted["currency"].as_str(),
            drafted["rate"].as_str()
        ),
        (Some("draft"), Some("EUR"), Some("4200.00"))
    );
    assert!(
        drafted["content_hash"].is_null(),
        "nothing to sign before the terms freeze"
    );
    let (status, again) = app.post(&path, Some(&hr.token), terms()).await;
    assert_eq!(
        (status, kind(&again)),
        (StatusCode::CONFLICT, "contract-exists")
    );
    let id = drafted["id"].as_str().expect("id").to_owned();
    let contract = format!("/v1/contracts/{id}");
    assert_eq!(
        app.get(&contract, Some(&rival.token)).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&contract, None).await.0, StatusCode::UNAUTHORIZED);
    let (_, theirs) = app
        .get(
            &format!("/v1/organizations/{org}/contracts"),
            Some(&rival.token),
        )
        .await;
    assert_eq!(kind(&theirs), "forbidden", "{theirs}");
    let (_, inbox) = app.get("/v1/me/notifications", Some(&anna.token)).await;
    assert_eq!(inbox[0]["kind"], "contract");
    assert_eq!(inbox[0]["payload"]["event"], "drafted");

    let mut edited = terms();
    edited["rate"] = json!("4500.5");
    let (status, body) = app
        .send(
            Method::PUT,
            &contract,
            Some(&hr.token),
            Some(edited.clone()),
        )
        .await;
    assert_eq!(
        (status, body["rate"].as_str()),
        (StatusCode::OK, Some("4500.50"))
    );
    assert_eq!(
        app.send(
            Method::PUT,
            &contract,
            Some(&anna.token),
            Some(edited.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&format!("{contract}/hire"), Some(&hr.token), json!({}))
            .await
            .0,
        StatusCode::CONFLICT
    );

    // The employer signs with the manager's custodial wallet; that freezes the terms.
    let (status, signed) = sign(&app, &hr, &id, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{signed}");
    assert_eq!(signed["status"], "signing");
    let message = signed["message"].as_str().expect("message").to_owned();
    assert_eq!(
        message,
        format!(
            "iktomi-contract:{}",
            signed["content_hash"].as_str().expect("hash")
        )
    );
    assert_eq!(signed["document"]["rate"], "4500.50");
    assert!(verifies(&signed["employer_signature"], &message));
    let (status, body) = sign(&app, &hr, &id, json!({})).await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::CONFLICT, "already-signed")
    );
    let (status, body) = app
        .send(Method::PUT, &contract, Some(&hr.token), Some(edited))
        .await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::CONFLICT, "contract-frozen")
    );

    // The candidate signs in an external wallet: a wrong message or a foreign wallet is refused.
    let (status, body) = sign(&app, &anna, &id, external(&anna_wallet, "something else")).await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation")
    );
    let stranger = sr25519::Pair::generate().0;
    assert_eq!(
        sign(&app, &anna, &id, external(&stranger, &message))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        sign(&app, &rival, &id, json!({})).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, both) = sign(&app, &anna, &id, external(&anna_wallet, &message)).await;
    assert_eq!(status, StatusCode::OK, "{both}");
    assert!(verifies(&both["candidate_signature"], &message));
    assert_eq!(both["candidate_signature"]["address"], ss58(&anna_wallet));
    // No chain here: both signatures are kept and the anchoring waits for a retry.
    assert_eq!(
        (both["status"].as_str(), both["anchor"].is_null()),
        (Some("signing"), true)
    );
    let (status, body) = app
        .post(&format!("{contract}/anchor"), Some(&anna.token), json!({}))
        .await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    );
    let (status, body) = app
        .post(
            &format!("{contract}/reviews"),
            Some(&anna.token),
            json!({ "rating": 5 }),
        )
        .await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::CONFLICT, "contract-not-completed")
    );

    let (status, cancelled) = app
        .post(&format!("{contract}/cancel"), Some(&anna.token), json!({}))
        .await;
    assert_eq!(
        (status, cancelled["status"].as_str()),
        (StatusCode::OK, Some("cancelled"))
    );
    let (status, body) = sign(&app, &anna, &id, json!({})).await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::CONFLICT, "contract-not-open")
    );
    // Cancelled, it makes room for a new draft.
    assert_eq!(
        app.post(&path, Some(&hr.token), terms()).await.0,
        StatusCode::CREATED
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn only_an_application_at_offer_gets_a_contract(db: PgPool) {
    let app = spawn_app(db).await;
    let hr = app.named_user("hr_lead").await;
    let anna = app.named_user("anna").await;
    let org = app.organization(&hr, "Acme").await;
    let vacancy = post_vacancy(&app, &hr, &org, "Engineer", json!([])).await;
    let resume = post_resume(&app, &anna, json!([])).await;
    let (_, applied) = app
        .post(
            &format!("/v1/vacancies/{vacancy}/applications"),
            Some(&anna.token),
            json!({ "resume_id": resume }),
        )
        .await;
    let path = format!(
        "/v1/applications/{}/contract",
        applied["id"].as_str().expect("id")
    );
    let (status, body) = app.post(&path, Some(&hr.token), terms()).await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::CONFLICT, "application-not-at-offer")
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_contract_signed_by_both_is_anchored_and_hiring_issues_the_employment_certificate(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let hr = app.named_user("hr_lead").await;
        let anna = app.named_user("anna").await;
        let org = verified_organization(app, &hr, "Acme").await;
        let offer = offer_stage(app, &hr, &anna, &org).await;
        let (_, drafted) = app
            .post(
                &format!("/v1/applications/{}/contract", offer.application),
                Some(&hr.token),
                terms(),
            )
            .await;
        let id = drafted["id"].as_str().expect("id").to_owned();
        let contract = format!("/v1/contracts/{id}");
        sign(app, &anna, &id, json!({})).await;
        let (status, signed) = sign(app, &hr, &id, json!({})).await;
        assert_eq!(
            (status, signed["status"].as_str()),
            (StatusCode::OK, Some("signed")),
            "{signed}"
        );

        // Anyone can check the anchor: the block holds the operator's remark of the hash.
        let hash = hex::decode(
            signed["content_hash"]
                .as_str()
                .expect("hash")
                .trim_start_matches("0x"),
        )?;
        let remark = [b"iktomi:contract:".as_slice(), &hash].concat();
        assert_eq!(
            signed["anchor"]["remark"].as_str(),
            Some(format!("0x{}", hex::encode(&remark)).as_str())
        );
        let block: [u8; 32] = hex::decode(
            signed["anchor"]["block"]
                .as_str()
                .expect("block")
                .trim_start_matches("0x"),
        )?
        .try_into()
        .expect("32 bytes");
        let node = Chain::connect_legacy(&chain.platform.node.url).await?;
        let remarks = node.remarks_in(block).await?;
        let digest = <sp_core::Blake2Hasher as sp_core::Hasher>::hash(&remark).0;
        assert!(
            remarks.iter().any(|(_, h)| *h == digest),
            "the block holds the remark"
        );

        let (status, body) = app
            .post(&format!("{contract}/hire"), Some(&anna.token), json!({}))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (status, hired) = app
            .post(&format!("{contract}/hire"), Some(&hr.token), json!({}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{hired}");
        assert_eq!(hired["contract"]["status"], "active");
        let certificate = hired["certificate"]["id"].as_u64().expect("certificate id");
        assert_eq!(
            hired["contract"]["certificate_id"].as_u64(),
            Some(certificate)
        );
        let (status, body) = app
            .post(&format!("{contract}/hire"), Some(&hr.token), json!({}))
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::CONFLICT, "contract-not-signed"),
            "hired once"
        );
        let verified = eventually(app, &format!("/v1/verify/{certificate}"), |v| {
            v["status"] == "active"
        })
        .await;
        assert_eq!(verified["kind"], "employment", "{verified}");
        let (_, application) = app
            .get(
                &format!("/v1/applications/{}", offer.application),
                Some(&anna.token),
            )
            .await;
        assert_eq!(application["status"], "hired");

        // Completed, each side reviews the other once; the candidate's rating feeds matching.
        let (status, body) = app
            .post(
                &format!("{contract}/reviews"),
                Some(&hr.token),
                json!({ "rating": 5 }),
            )
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::CONFLICT, "contract-not-completed")
        );
        assert_eq!(
            app.post(
                &format!("{contract}/complete"),
                Some(&anna.token),
                json!({})
            )
            .await
            .0,
            StatusCode::FORBIDDEN
        );
        let (status, done) = app
            .post(&format!("{contract}/complete"), Some(&hr.token), json!({}))
            .await;
        assert_eq!(
            (status, done["status"].as_str()),
            (StatusCode::OK, Some("completed"))
        );
        let (status, body) = app
            .post(
                &format!("{contract}/reviews"),
                Some(&hr.token),
                json!({ "rating": 6 }),
            )
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation")
        );
        let (status, reviewed) = app
            .post(
                &format!("{contract}/reviews"),
                Some(&hr.token),
                json!({ "rating": 5, "text": "Shipped the indexer early" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{reviewed}");
        let (status, body) = app
            .post(
                &format!("{contract}/reviews"),
                Some(&hr.token),
                json!({ "rating": 1 }),
            )
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::CONFLICT, "already-reviewed")
        );
        let (status, both) = app
            .post(
                &format!("{contract}/reviews"),
                Some(&anna.token),
                json!({ "rating": 4, "text": "Good team" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(both["reviews"].as_array().map(Vec::len), Some(2));

        let twin = app.named_user("twin").await;
        post_resume(app, &twin, json!([{ "name": "Rust", "level": 4 }])).await;
        let next = post_vacancy(
            app,
            &hr,
            &org,
            "Rust lead",
            json!([{ "name": "Rust", "level": 4 }]),
        )
        .await;
        let (_, ranked) = app
            .get(&format!("/v1/vacancies/{next}/matches"), Some(&hr.token))
            .await;
        assert_eq!(
            ranked[0]["owner"], "anna",
            "the reviewed candidate first: {ranked}"
        );
        assert_eq!(ranked[0]["reasons"]["review_score"], 5.0);
        assert!(ranked[1]["reasons"]["review_score"].is_null());
        assert!(ranked[0]["score"].as_f64() > ranked[1]["score"].as_f64());
        let (_, for_anna) = app
            .get(
                &format!("/v1/me/resumes/{}/matches", offer.resume),
                Some(&anna.token),
            )
            .await;
        assert_eq!(for_anna[0]["reasons"]["review_score"], 4.0, "{for_anna}");
        Ok(())
    })
    .await
}
