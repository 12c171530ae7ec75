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
use crate::support::{kind, spawn_app, ss58, TestApp, User};

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

/// anna, who asks; boris, a colleague with an external wallet; eve, a stranger.
struct People {
    anna: User,
    boris: User,
    boris_wallet: sr25519::Pair,
    eve: User,
}

async fn anna_boris_and_eve(app: &TestApp) -> People {
    let anna = app.named_user("anna").await;
    let (boris, boris_wallet) = app.named_wallet_user("boris").await;
    let eve = app.named_user("eve").await;
    People {
        anna,
        boris,
        boris_wallet,
        eve,
    }
}

async fn anna_asks_boris_to_endorse_rust(app: &TestApp, people: &People) -> (StatusCode, Value) {
    app.post(
        "/v1/me/recommendation-requests",
        Some(&people.anna.token),
        json!({ "author": "boris", "kind": "endorsement", "skill": "Rust", "note": "For my CV" }),
    )
    .await
}

/// Given: anna asked boris to endorse her Rust; the request's id.
async fn asked(app: &TestApp, people: &People) -> String {
    let (status, asked) = anna_asks_boris_to_endorse_rust(app, people).await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    asked["id"].as_str().expect("id").to_owned()
}

async fn write(app: &TestApp, who: &User, id: &str, text: &str) -> (StatusCode, Value) {
    let path = format!("/v1/recommendations/{id}/write");
    app.post(&path, Some(&who.token), json!({ "text": text }))
        .await
}

/// Given: asked, and boris wrote it; its id.
async fn written(app: &TestApp, people: &People) -> String {
    let id = asked(app, people).await;
    let (status, written) = write(app, &people.boris, &id, "Anna writes careful, fast Rust.").await;
    assert_eq!(status, StatusCode::OK, "{written}");
    id
}

async fn hide(app: &TestApp, who: &User, id: &str, hidden: bool) -> (StatusCode, Value) {
    let path = format!("/v1/me/recommendations/{id}/hidden");
    let body = Some(json!({ "hidden": hidden }));
    app.send(Method::PUT, &path, Some(&who.token), body).await
}

/// Given: written, hidden by anna and shown again.
async fn written_hidden_and_shown(app: &TestApp, people: &People) {
    let id = written(app, people).await;
    for hidden in [true, false] {
        let (status, body) = hide(app, &people.anna, &id, hidden).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

/// What boris posts unasked for anna, signed by `address` with `signature`.
fn unasked(signature: &str, address: &str) -> Value {
    json!({ "kind": "recommendation", "text": "I recommend Anna.",
            "signature": { "address": address, "signature": signature } })
}

/// The message the API gives boris to sign for an unasked recommendation of anna.
async fn message_to_sign(app: &TestApp, boris: &User) -> (StatusCode, Value) {
    app.post(
        "/v1/recommendations/message",
        Some(&boris.token),
        json!({ "subject": "anna", "kind": "recommendation", "text": "I recommend Anna." }),
    )
    .await
}

/// Given: the above, and boris's unasked recommendation of anna signed in his external wallet.
async fn also_recommended_unasked(app: &TestApp, people: &People) {
    written_hidden_and_shown(app, people).await;
    let (status, draft) = message_to_sign(app, &people.boris).await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    let message = draft["message"].as_str().expect("message");
    let signature = format!(
        "0x{}",
        hex::encode(people.boris_wallet.sign(message.as_bytes()).0)
    );
    let (status, external) = app
        .post(
            "/v1/people/anna/recommendations",
            Some(&people.boris.token),
            unasked(&signature, &ss58(&people.boris_wallet)),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{external}");
    // Unasked, it waits hidden until anna shows it.
    let (status, shown) = hide(
        app,
        &people.anna,
        external["id"].as_str().expect("id"),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{shown}");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_request_names_its_skill_and_reaches_only_the_colleague_asked(db: PgPool) {
    let app = spawn_app(db).await;
    let people = anna_boris_and_eve(&app).await;
    let (anna, boris, eve) = (&people.anna, &people.boris, &people.eve);

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
    let (status, asked) = anna_asks_boris_to_endorse_rust(&app, &people).await;
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
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_colleague_asked_writes_it_once_signed_in_their_custodial_wallet(db: PgPool) {
    let app = spawn_app(db).await;
    let people = anna_boris_and_eve(&app).await;
    let (boris, eve) = (&people.boris, &people.eve);
    let id = asked(&app, &people).await;

    let (status, _) = write(&app, eve, &id, "Great").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the one asked writes");
    let (status, body) = write(&app, boris, &id, "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, written) = write(&app, boris, &id, "Anna writes careful, fast Rust.").await;
    assert_eq!(status, StatusCode::OK, "{written}");
    assert_eq!(written["status"], "written");
    assert_eq!(written["signature_valid"], true);
    assert!(
        signature_checks_out(&written),
        "custodial signature: {written}"
    );
    assert_ne!(
        written["signer"],
        ss58(&people.boris_wallet),
        "signed by boris's custodial wallet"
    );
    let (status, body) = write(&app, boris, &id, "Again").await;
    assert_eq!((status, kind(&body)), (StatusCode::CONFLICT, "not-pending"));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_written_recommendation_shows_on_the_subjects_profile_with_its_author(db: PgPool) {
    let app = spawn_app(db).await;
    let people = anna_boris_and_eve(&app).await;
    let id = written(&app, &people).await;

    let (_, public) = app.get("/v1/people/anna/recommendations", None).await;
    assert_eq!(public[0]["id"], id.as_str());
    assert_eq!(public[0]["skill"], "Rust");
    assert_eq!(public[0]["author"]["handle"], "boris");
    assert_eq!(
        public[0]["author_employment"],
        json!([]),
        "boris has no verified employment"
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_subject_hides_a_recommendation_from_everyone_but_themselves(db: PgPool) {
    let app = spawn_app(db).await;
    let people = anna_boris_and_eve(&app).await;
    let (anna, boris, eve) = (&people.anna, &people.boris, &people.eve);
    let id = written(&app, &people).await;

    // The subject hides it: gone from the profile and from strangers, still theirs to see.
    let (status, _) = hide(&app, boris, &id, true).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the author cannot hide it");
    let (status, body) = hide(&app, anna, &id, true).await;
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
    hide(&app, anna, &id, false).await;
    let (status, _) = app.get(&format!("/v1/recommendations/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_unasked_recommendation_is_signed_in_the_authors_own_external_wallet(db: PgPool) {
    let app = spawn_app(db).await;
    let people = anna_boris_and_eve(&app).await;
    let (boris, boris_wallet) = (&people.boris, &people.boris_wallet);
    written_hidden_and_shown(&app, &people).await;

    // Unasked, signed in boris's external wallet: the API gives the message, the wallet signs.
    let (status, draft) = message_to_sign(&app, boris).await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    let message = draft["message"].as_str().expect("message");
    let signature = format!("0x{}", hex::encode(boris_wallet.sign(message.as_bytes()).0));
    let forged = format!("0x{}", hex::encode(boris_wallet.sign(b"something else").0));
    let (status, body) = app
        .post(
            "/v1/people/anna/recommendations",
            Some(&boris.token),
            unasked(&forged, &ss58(boris_wallet)),
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
            unasked(&signature, &ss58(boris_wallet)),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{external}");
    assert_eq!(external["signer"], ss58(boris_wallet));
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
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_declined_request_stays_declined_and_the_profile_keeps_both_written_ones(db: PgPool) {
    let app = spawn_app(db).await;
    let people = anna_boris_and_eve(&app).await;
    let (boris, eve) = (&people.boris, &people.eve);
    also_recommended_unasked(&app, &people).await;

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
    let (status, _) = write(&app, boris, second, "Hi").await;
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
        // Signed in through Telegram: the platform keeps his wallet and signs his trust.
        let boris = crate::tenure::telegram_person(app, 5151, "boris").await;
        let anna = app.named_user("anna").await;
        let outsider = app.named_user("outsider").await;
        let org = verified_organization(app, &hr, "Acme").await;
        app.join(&org, &hr, &boris, "employee").await;
        // An employment boris never accepted is Acme's claim, not his verified employment.
        let claim = json!({ "holder": "boris", "title": "Engineer", "position": "Janitor" });
        let (status, claimed) = app.submit(&hr, &format!("/v1/organizations/{org}/employments"), "claim", claim).await;
        assert_eq!(status, StatusCode::CREATED, "{claimed}");
        eventually(app, &format!("/v1/verify/{}", claimed["id"]), |v| v["placement"] == "pending").await;
        let (status, early) = app
            .post("/v1/people/outsider/recommendations", Some(&boris.token),
                  json!({ "kind": "recommendation", "text": "Reliable." }))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{early}");
        assert_eq!(early["author_employment"], json!([]), "a pending employment is not verified");
        // He trusts his employer: what Acme sends from now on is listed at once. Nobody trusts
        // anonymously, nor an organization that is not a verified issuer.
        let trust = format!("/v1/me/organizations/{org}/trust");
        let (status, _) = app.post(&trust, None, json!({ "trusted": true })).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let unverified = app.organization(&outsider, "Shell Co").await;
        let (status, body) = app
            .submit(&boris, &format!("/v1/me/organizations/{unverified}/trust"), "t0", json!({ "trusted": true }))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        let (status, trusted) = app
            .submit(&boris, &trust, "trust", json!({ "trusted": true }))
            .await;
        assert_eq!(status, StatusCode::OK, "{trusted}");
        let hire = json!({ "holder": "boris", "title": "Engineer", "position": "Team lead" });
        let (status, hired) = app.submit(&hr, &format!("/v1/organizations/{org}/employments"), "hire", hire).await;
        assert_eq!(status, StatusCode::CREATED, "{hired}");
        eventually(app, &format!("/v1/verify/{}", hired["id"]), |v| v["status"] == "active" && v["placement"] == "listed").await;

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
        // Unasked, it starts hidden: anna shows it before it can be minted.
        let (status, shown) = hide(app, &anna, id, false).await;
        assert_eq!(status, StatusCode::OK, "{shown}");

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
