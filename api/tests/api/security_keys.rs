//! Issue 15, keys: the revocation list of an organization with two issuer accounts, funding of
//! persons' custodial wallets, the organization seed's export, and the master key's versions.
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use iktomi_api::wallets::rotation::reseal_all;
use iktomi_api::wallets::seal::MasterKey;
use secrecy::SecretString;

use crate::chain_support::{count, spawn_chain_app_with, verified_organization};
use crate::support::{kind, spawn_app, spawn_app_with, user, TestApp};

/// Mirrors, as the indexer would, issuer account `account` registered for `org`.
async fn mirror_issuer(db: &PgPool, org: Uuid, account: [u8; 32], minutes_ago: i32) {
    sqlx::query(
        "INSERT INTO issuers (account, organization_id, metadata_hash, registered_at, updated_block)
         VALUES ($1, $2, $3, now() - make_interval(mins => $4), 1)",
    )
    .bind(&account[..])
    .bind(org)
    .bind(&[0u8; 32][..])
    .bind(minutes_ago)
    .execute(db)
    .await
    .expect("issuer");
}

/// Mirrors certificate `id` by `issuer` with a stored document, revoked when `revoked`.
async fn mirror_certificate(db: &PgPool, org: Uuid, id: i64, issuer: [u8; 32], revoked: bool) {
    let hash = [id as u8; 32];
    sqlx::query(
        "INSERT INTO certificate_documents (content_hash, organization_id, document)
         VALUES ($1, $2, $3)",
    )
    .bind(&hash[..])
    .bind(org)
    .bind(json!({ "type": ["VerifiableCredential"], "name": format!("certificate {id}") }))
    .execute(db)
    .await
    .expect("document");
    sqlx::query(
        "INSERT INTO certificates (id, issuer, holder, kind, content_hash, issued_at, revoked_at,
                                   issued_block, updated_block)
         VALUES ($1, $2, $3, 'diploma', $4, now(), CASE WHEN $5 THEN now() END, 1, 1)",
    )
    .bind(id)
    .bind(&issuer[..])
    .bind(&[7u8; 32][..])
    .bind(&hash[..])
    .bind(revoked)
    .execute(db)
    .await
    .expect("certificate");
}

/// The status list bit of every certificate in `ids`, as a verifier reads it from the export.
async fn revoked_bits(app: &TestApp, ids: &[i64]) -> Vec<bool> {
    let mut bits = Vec::new();
    for id in ids {
        let (status, export) = app
            .get(&format!("/v1/certificates/{id}/credential"), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{export}");
        let entry = &export["credential"]["credentialStatus"];
        let list_url = entry["statusListCredential"].as_str().expect("list url");
        let index: usize = entry["statusListIndex"]
            .as_str()
            .and_then(|i| i.parse().ok())
            .expect("index");
        let path = list_url.strip_prefix("https://iktomi.test").expect("ours");
        let (status, list) = app.get(path, None).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let encoded = list["credential"]["credentialSubject"]["encodedList"]
            .as_str()
            .expect("encodedList");
        let decoded = iktomi_api::certificates::status_list::decode(encoded).expect("bitstring");
        bits.push(iktomi_api::certificates::status_list::is_set(
            &decoded, index,
        ));
    }
    bits
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_revocation_by_the_second_issuer_account_shows_on_exactly_that_certificate(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let dean = app.named_user("dean").await;
    let org: Uuid = app.organization(&dean, "University").await.parse().unwrap();
    let (first, second) = ([1u8; 32], [2u8; 32]);
    mirror_issuer(&db, org, first, 60).await;
    mirror_issuer(&db, org, second, 10).await;
    // Interleaved ids, as when both accounts issue; only #4, issued by the second, is revoked.
    mirror_certificate(&db, org, 1, first, false).await;
    mirror_certificate(&db, org, 2, second, false).await;
    mirror_certificate(&db, org, 3, first, false).await;
    mirror_certificate(&db, org, 4, second, true).await;
    mirror_certificate(&db, org, 5, first, false).await;

    assert_eq!(
        revoked_bits(&app, &[1, 2, 3, 4, 5]).await,
        [false, false, false, true, false]
    );
    let (_, list) = app
        .get(
            &format!("/v1/organizations/{org}/status-lists/revocation"),
            None,
        )
        .await;
    let bits = iktomi_api::certificates::status_list::decode(
        list["credential"]["credentialSubject"]["encodedList"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    let set: Vec<usize> = (0..bits.len() * 8)
        .filter(|i| iktomi_api::certificates::status_list::is_set(&bits, *i))
        .collect();
    assert_eq!(set.len(), 1, "exactly one bit is set: {set:?}");
}

/// A custodial wallet of `who`'s, created now; its SS58 address.
async fn my_custodial(app: &TestApp, token: &str) -> String {
    let (status, wallets) = app.act("/v1/me/wallets/custodial", token).await;
    assert_eq!(status, StatusCode::CREATED, "{wallets}");
    wallets
        .as_array()
        .and_then(|w| w.iter().find(|w| w["kind"] == "custodial"))
        .and_then(|w| w["address"].as_str())
        .expect("custodial")
        .to_owned()
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn mass_sign_ups_fund_nothing_and_mass_requests_stop_at_the_hourly_cap(
    db: PgPool,
) -> anyhow::Result<()> {
    iktomi_devnet::platform::within(300, async {
        let platform = iktomi_devnet::platform::Platform::start().await?;
        let chain = spawn_chain_app_with(db.clone(), platform, |s| {
            s.chain.holder_fundings_per_hour = 2;
        })
        .await?;
        let app = &chain.app;
        let dean = app.named_user("dean").await;
        let org = verified_organization(app, &dean, "University").await;
        let funded = || {
            count(
                &db,
                "SELECT count(*) FROM wallets WHERE funded_at IS NOT NULL AND account_id IS NOT NULL",
            )
        };
        // Sybils sign up and get wallets: nobody vouches for them, nothing is sent.
        for n in 0..4 {
            let (_, body) = app.telegram_attempt(9000 + n, None).await;
            my_custodial(app, &user(&body).token).await;
        }
        assert_eq!(funded().await, 0);
        assert_eq!(
            count(&db, "SELECT count(*) FROM chain_operations WHERE kind = 'wallet.fund'").await,
            0
        );
        // Asking a verified organization is a relationship anyone can claim: capped per hour.
        let mut refused = 0;
        for n in 0..4 {
            let (_, body) = app.telegram_attempt(9100 + n, None).await;
            let sybil = user(&body);
            let (status, body) = app
                .submit(
                    &sybil,
                    "/v1/me/certificate-requests",
                    &format!("ask{n}"),
                    json!({ "organization_id": org, "kind": "course", "title": "Rust 101",
                            "description": "Completed the course" }),
                )
                .await;
            if status == StatusCode::CONFLICT {
                assert_eq!(kind(&body), "funding-rate-limited", "{body}");
                refused += 1;
            } else {
                assert_eq!(status, StatusCode::CREATED, "{body}");
            }
        }
        assert_eq!((funded().await, refused), (2, 2));
        Ok(())
    })
    .await
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn one_admin_alone_cannot_export_the_organization_seed(db: PgPool) {
    let app = spawn_app(db).await;
    let alice = app.named_user("alice").await;
    let bob = app.named_user("bob").await;
    let org = app.organization(&alice, "Acme").await;
    app.join(&org, &alice, &bob, "admin").await;
    let (status, wallets) = app
        .act(&format!("/v1/organizations/{org}/wallets"), &alice.token)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{wallets}");
    let address = wallets[0]["address"].as_str().expect("address").to_owned();
    let export = format!("/v1/organizations/{org}/wallets/{address}/export");

    // Alone, as before the fix, the admin is refused.
    let (status, body) = app.act(&export, &alice.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.get("seed").is_none());

    let ask = format!("/v1/organizations/{org}/wallets/{address}/export-requests");
    let (status, asked) = app.act(&ask, &alice.token).await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    let approve = |id: &str| format!("/v1/organizations/{org}/export-requests/{id}/approve");
    let id = asked["id"].as_str().expect("id").to_owned();
    let (status, body) = app.act(&approve(&id), &alice.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "self-approval: {body}");
    let (status, body) = app.act(&export, &alice.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    let (status, body) = app.act(&approve(&id), &bob.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The approver cannot use the approval, the asker can, once.
    let (status, body) = app.act(&export, &bob.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = app.act(&export, &alice.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["seed"].as_str().is_some_and(|s| s.len() == 66));
    let (status, body) = app.act(&export, &alice.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "used once: {body}");

    // A platform operator may approve too; a stranger may not.
    let (_, asked) = app.act(&ask, &bob.token).await;
    let id = asked["id"].as_str().expect("id").to_owned();
    let stranger = app.named_user("mallory").await;
    let (status, _) = app.act(&approve(&id), &stranger.token).await;
    assert!(status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND);
    let operator = app.operator().await;
    let (status, body) = app.act(&approve(&id), &operator.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app.act(&export, &bob.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_master_key_rotation_reseals_every_seed_and_a_broken_seal_changes_nothing(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let mut seeds = Vec::new();
    for name in ["anna", "boris"] {
        let user = app.named_user(name).await;
        let address = my_custodial(&app, &user.token).await;
        let (status, body) = app
            .act(&format!("/v1/me/wallets/{address}/export"), &user.token)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        seeds.push((user, address, body["seed"].clone()));
    }
    let v1 = "11".repeat(32);
    let v2 = "22".repeat(32);
    let rotated = MasterKey::with_versions(
        &SecretString::from(v2.clone()),
        2,
        &[SecretString::from(format!("1:{v1}"))],
    )
    .unwrap();

    // A seal that does not open under any configured key: the rotation stops, nothing changes.
    let user = app.named_user("carol").await;
    my_custodial(&app, &user.token).await;
    sqlx::query("UPDATE wallets SET seal_version = 7 WHERE account_id = $1")
        .bind(user.account_id.parse::<Uuid>().unwrap())
        .execute(&db)
        .await
        .unwrap();
    assert!(reseal_all(&db, &rotated).await.is_err());
    assert_eq!(
        count(&db, "SELECT count(*) FROM wallets WHERE seal_version = 2").await,
        0
    );
    sqlx::query("DELETE FROM wallets WHERE seal_version = 7")
        .execute(&db)
        .await
        .unwrap();

    let done = reseal_all(&db, &rotated).await.unwrap();
    assert_eq!((done.resealed, done.current), (2, 0));
    assert_eq!(reseal_all(&db, &rotated).await.unwrap().resealed, 0);

    // An API on the new key alone opens every seed as before.
    let app = spawn_app_with(db, |s| {
        s.master_key = SecretString::from(v2.clone());
        s.master_key_version = 2;
    })
    .await;
    for (user, address, seed) in seeds {
        let (status, body) = app
            .act(&format!("/v1/me/wallets/{address}/export"), &user.token)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["seed"], seed);
    }
}
