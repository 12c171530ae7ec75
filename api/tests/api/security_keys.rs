//! Issue 15, keys: the revocation list of an organization with two issuer accounts, funding of
//! persons' custodial wallets, the organization seed's export, and the master key's versions.
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{spawn_app, TestApp};

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
        .get(&format!("/v1/organizations/{org}/status-lists/revocation"), None)
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
