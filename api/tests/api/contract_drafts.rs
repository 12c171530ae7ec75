//! Employment contracts before the chain: drafted only at the offer stage with checked terms,
//! seen only by the two sides, edited until the first signature freezes them, signed by both
//! (custodial and external wallets), cancelled to make room for a new draft. Each test re-does
//! the steps before its own through the `given` steps below.
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sp_core::{sr25519, Pair};
use sqlx::PgPool;

use crate::hiring_support::{offer_stage, post_resume, post_vacancy, sign, terms};
use crate::support::{kind, spawn_app, ss58, TestApp, User};

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

/// Acme's hr_lead with anna's application at the offer stage; rival runs Rival.
struct Offer {
    hr: User,
    anna: User,
    anna_wallet: sr25519::Pair,
    rival: User,
    org: String,
    /// Where the application's contract is drafted.
    path: String,
}

async fn an_offer_to_anna(app: &TestApp) -> Offer {
    let hr = app.named_user("hr_lead").await;
    let (anna, anna_wallet) = app.named_wallet_user("anna").await;
    let rival = app.named_user("rival").await;
    let org = app.organization(&hr, "Acme").await;
    app.organization(&rival, "Rival").await;
    let offer = offer_stage(app, &hr, &anna, &org).await;
    let path = format!("/v1/applications/{}/contract", offer.application);
    Offer {
        hr,
        anna,
        anna_wallet,
        rival,
        org,
        path,
    }
}

/// Given: the contract drafted on the usual terms; its id.
async fn drafted(app: &TestApp, offer: &Offer) -> String {
    let (status, drafted) = app.post(&offer.path, Some(&offer.hr.token), terms()).await;
    assert_eq!(status, StatusCode::CREATED, "{drafted}");
    drafted["id"].as_str().expect("id").to_owned()
}

/// The usual terms at a rate of 4500.5.
fn edited() -> Value {
    let mut edited = terms();
    edited["rate"] = json!("4500.5");
    edited
}

/// Given: drafted, its rate edited, and signed by the employer; its id and the signed message.
async fn signed_by_the_employer(app: &TestApp, offer: &Offer) -> (String, String) {
    let id = drafted(app, offer).await;
    let contract = format!("/v1/contracts/{id}");
    let (status, body) = app
        .send(
            Method::PUT,
            &contract,
            Some(&offer.hr.token),
            Some(edited()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, signed) = sign(app, &offer.hr, &id, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{signed}");
    let message = signed["message"].as_str().expect("message").to_owned();
    (id, message)
}

/// Given: signed by the employer and by anna in her external wallet; its id.
async fn signed_by_both(app: &TestApp, offer: &Offer) -> String {
    let (id, message) = signed_by_the_employer(app, offer).await;
    let (status, both) = sign(
        app,
        &offer.anna,
        &id,
        external(&offer.anna_wallet, &message),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{both}");
    id
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn only_the_employer_drafts_a_contract_and_every_bad_term_is_named(db: PgPool) {
    let app = spawn_app(db).await;
    let offer = an_offer_to_anna(&app).await;
    let path = &offer.path;

    let mut bad = terms();
    bad["rate"] = json!("12,50");
    bad["currency"] = json!("euro");
    bad["ends_on"] = json!("2026-01-01");
    bad["position"] = json!("");
    let (status, problem) = app.post(path, Some(&offer.hr.token), bad).await;
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
        app.post(path, Some(&offer.anna.token), terms()).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(path, Some(&offer.rival.token), terms()).await.0,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_draft_is_one_per_application_normalized_and_seen_only_by_the_two_sides(db: PgPool) {
    let app = spawn_app(db).await;
    let offer = an_offer_to_anna(&app).await;
    let (hr, anna, rival) = (&offer.hr, &offer.anna, &offer.rival);

    let (status, drafted) = app.post(&offer.path, Some(&hr.token), terms()).await;
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
    let (status, again) = app.post(&offer.path, Some(&hr.token), terms()).await;
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
            &format!("/v1/organizations/{}/contracts", offer.org),
            Some(&rival.token),
        )
        .await;
    assert_eq!(kind(&theirs), "forbidden", "{theirs}");
    let (_, inbox) = app.get("/v1/me/notifications", Some(&anna.token)).await;
    assert_eq!(inbox[0]["kind"], "contract");
    assert_eq!(inbox[0]["payload"]["event"], "drafted");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn only_the_employer_edits_a_draft_and_nobody_hires_from_it(db: PgPool) {
    let app = spawn_app(db).await;
    let offer = an_offer_to_anna(&app).await;
    let contract = format!("/v1/contracts/{}", drafted(&app, &offer).await);
    let (hr, anna) = (&offer.hr, &offer.anna);

    let edited = edited();
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
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_employers_custodial_signature_freezes_the_terms(db: PgPool) {
    let app = spawn_app(db).await;
    let offer = an_offer_to_anna(&app).await;
    let id = drafted(&app, &offer).await;
    let contract = format!("/v1/contracts/{id}");
    let hr = &offer.hr;
    let (status, body) = app
        .send(Method::PUT, &contract, Some(&hr.token), Some(edited()))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The employer signs with the manager's custodial wallet; that freezes the terms.
    let (status, signed) = sign(&app, hr, &id, json!({})).await;
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
    let (status, body) = sign(&app, hr, &id, json!({})).await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::CONFLICT, "already-signed")
    );
    let (status, body) = app
        .send(Method::PUT, &contract, Some(&hr.token), Some(edited()))
        .await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::CONFLICT, "contract-frozen")
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_candidate_signs_the_frozen_terms_in_their_own_external_wallet(db: PgPool) {
    let app = spawn_app(db).await;
    let offer = an_offer_to_anna(&app).await;
    let (anna, anna_wallet) = (&offer.anna, &offer.anna_wallet);
    let (id, message) = signed_by_the_employer(&app, &offer).await;
    let contract = format!("/v1/contracts/{id}");

    // The candidate signs in an external wallet: a wrong message or a foreign wallet is refused.
    let (status, body) = sign(&app, anna, &id, external(anna_wallet, "something else")).await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation")
    );
    let stranger = sr25519::Pair::generate().0;
    assert_eq!(
        sign(&app, anna, &id, external(&stranger, &message)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        sign(&app, &offer.rival, &id, json!({})).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, both) = sign(&app, anna, &id, external(anna_wallet, &message)).await;
    assert_eq!(status, StatusCode::OK, "{both}");
    assert!(verifies(&both["candidate_signature"], &message));
    assert_eq!(both["candidate_signature"]["address"], ss58(anna_wallet));
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
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_cancelled_contract_takes_no_signature_and_makes_room_for_a_new_draft(db: PgPool) {
    let app = spawn_app(db).await;
    let offer = an_offer_to_anna(&app).await;
    let anna = &offer.anna;
    let id = signed_by_both(&app, &offer).await;
    let contract = format!("/v1/contracts/{id}");

    let (status, cancelled) = app
        .post(&format!("{contract}/cancel"), Some(&anna.token), json!({}))
        .await;
    assert_eq!(
        (status, cancelled["status"].as_str()),
        (StatusCode::OK, Some("cancelled"))
    );
    let (status, body) = sign(&app, anna, &id, json!({})).await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::CONFLICT, "contract-not-open")
    );
    // Cancelled, it makes room for a new draft.
    assert_eq!(
        app.post(&offer.path, Some(&offer.hr.token), terms())
            .await
            .0,
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
