//! Requests that create work, sent in floods: sign-ins, challenges, uploads, and the status list
//! anyone may fetch. Floods get 429 problems with Retry-After; forwarding headers name the client
//! only behind a trusted proxy; each person's uploads have a quota.
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::support::{answer, kind, spawn_app_with, TestApp, User};
use iktomi_api::http::rate_limit::Quota;

const TIGHT: Quota = Quota::new(1, 2);

async fn challenge(app: &TestApp, forwarded_for: &str) -> (StatusCode, Option<String>, Value) {
    let pair = <sp_core::sr25519::Pair as sp_core::Pair>::generate().0;
    let response = app
        .http
        .post(app.at("/v1/auth/wallet/challenge"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({ "address": crate::support::ss58(&pair) }))
        .send()
        .await
        .expect("request");
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    let (status, body) = answer(response).await;
    (status, retry_after, body)
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_sign_in_flood_from_one_address_is_refused_with_retry_after(db: PgPool) {
    let app = spawn_app_with(db.clone(), |s| s.rate_limits.sign_in = TIGHT).await;
    for id in [1, 2] {
        assert_eq!(app.telegram_attempt(id, None).await.0, StatusCode::OK);
    }
    let response = app
        .http
        .post(app.at("/v1/auth/telegram"))
        .json(&json!({ "init_data": crate::support::init_data(3, chrono::Utc::now().timestamp()) }))
        .send()
        .await
        .expect("request");
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let (status, problem) = answer(response).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::TOO_MANY_REQUESTS, "rate-limited")
    );
    let accounts: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts")
        .fetch_one(&db)
        .await
        .expect("count");
    assert_eq!(accounts, 2, "the refused sign-in made no account");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_spoofed_x_forwarded_for_from_an_untrusted_peer_does_not_escape_the_limit(db: PgPool) {
    let app = spawn_app_with(db, |s| s.rate_limits.challenge = TIGHT).await;
    let mut answers = Vec::new();
    for fake in [
        "198.51.100.1",
        "198.51.100.2",
        "198.51.100.3",
        "198.51.100.4",
    ] {
        answers.push(challenge(&app, fake).await);
    }
    let statuses: Vec<StatusCode> = answers.iter().map(|a| a.0).collect();
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    assert!(answers[2].1.is_some(), "Retry-After");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn behind_a_trusted_proxy_each_client_has_its_own_quota(db: PgPool) {
    let app = spawn_app_with(db, |s| {
        s.rate_limits.challenge = TIGHT;
        s.rate_limits.trusted_proxies = vec!["127.0.0.1/32".parse().expect("net")];
    })
    .await;
    for client in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
        assert_eq!(challenge(&app, client).await.0, StatusCode::CREATED);
    }
    // A client that prepends an address of its own choosing is still the address the proxy saw.
    assert_eq!(challenge(&app, "203.0.113.5").await.0, StatusCode::CREATED);
    assert_eq!(
        challenge(&app, "10.9.9.9, 203.0.113.5").await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        challenge(&app, "10.9.9.8, 203.0.113.5").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn upload(
    app: &TestApp,
    who: &User,
    forwarded_for: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value) {
    let response = app
        .http
        .post(app.at("/v1/me/artifacts?title=scan"))
        .bearer_auth(&who.token)
        .header("x-forwarded-for", forwarded_for)
        .header("content-type", "application/pdf")
        .body(bytes)
        .send()
        .await
        .expect("upload");
    answer(response).await
}

fn pdf(n: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', n));
    bytes
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn one_account_cannot_spread_its_uploads_over_many_addresses(db: PgPool) {
    let app = spawn_app_with(db, |s| {
        s.rate_limits.upload = TIGHT;
        s.rate_limits.trusted_proxies = vec!["127.0.0.1/32".parse().expect("net")];
    })
    .await;
    let anna = app.named_user("anna").await;
    let statuses = [
        upload(&app, &anna, "198.51.100.1", pdf(1)).await.0,
        upload(&app, &anna, "198.51.100.2", pdf(2)).await.0,
        upload(&app, &anna, "198.51.100.3", pdf(3)).await.0,
    ];
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn uploads_past_a_persons_quota_are_refused_and_earlier_ones_kept(db: PgPool) {
    let app = spawn_app_with(db, |s| {
        s.artifacts.daily_uploads = 3;
        s.artifacts.quota_bytes = 1_000;
    })
    .await;
    let anna = app.named_user("anna").await;
    let bea = app.named_user("bea").await;
    assert_eq!(
        upload(&app, &anna, "-", pdf(600)).await.0,
        StatusCode::CREATED
    );
    // 391 bytes left: a file past them is refused, whatever the per-file limit.
    let (status, problem) = upload(&app, &anna, "-", pdf(500)).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "upload-quota-exceeded"),
        "{problem}"
    );
    assert_eq!(
        upload(&app, &anna, "-", pdf(100)).await.0,
        StatusCode::CREATED
    );
    // The third upload of the day is the last, whatever its size; refused ones do not count.
    assert_eq!(
        upload(&app, &anna, "-", pdf(1)).await.0,
        StatusCode::CREATED
    );
    let (status, problem) = upload(&app, &anna, "-", pdf(1)).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "upload-quota-exceeded")
    );
    let (_, mine) = app.get("/v1/me/artifacts", Some(&anna.token)).await;
    assert_eq!(mine.as_array().map(Vec::len), Some(3));
    // The quota is anna's: bea still uploads.
    assert_eq!(
        upload(&app, &bea, "-", pdf(600)).await.0,
        StatusCode::CREATED
    );
}

/// The revocation bit at `index` of the organization's list, as anyone fetches it.
pub async fn revoked_in_list(app: &TestApp, org: uuid::Uuid, index: usize) -> bool {
    let path = format!("/v1/organizations/{org}/status-lists/revocation");
    let (status, list) = app.get(&path, None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let encoded = list["credential"]["credentialSubject"]["encodedList"]
        .as_str()
        .expect("encodedList");
    let bits = iktomi_api::certificates::status_list::decode(encoded).expect("bitstring");
    iktomi_api::certificates::status_list::is_set(&bits, index)
}

/// The chain mirror as the indexer writes it: an issuer account of `org` with certificates 1
/// and 2.
pub async fn issuer_with_two_certificates(db: &PgPool, org: uuid::Uuid) {
    sqlx::query(
        "INSERT INTO issuers (account, organization_id, metadata_hash, registered_at, updated_block)
         VALUES ($1, $2, $3, now(), 1)",
    )
    .bind(vec![7u8; 32])
    .bind(org)
    .bind(vec![0u8; 32])
    .execute(db)
    .await
    .expect("issuer");
    for id in [1i64, 2] {
        sqlx::query(
            "INSERT INTO certificates (id, issuer, holder, kind, content_hash, issued_at,
                                       issued_block, updated_block)
             VALUES ($1, $2, $3, 'diploma', $4, now(), 1, 1)",
        )
        .bind(id)
        .bind(vec![7u8; 32])
        .bind(vec![8u8; 32])
        .bind(vec![id as u8; 32])
        .execute(db)
        .await
        .expect("certificate");
    }
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_status_list_is_built_once_yet_a_revocation_shows_at_once(db: PgPool) {
    let app = crate::support::spawn_app(db.clone()).await;
    let org = uuid::Uuid::new_v4();
    issuer_with_two_certificates(&db, org).await;
    let builds = || app.state.status_lists.builds();

    assert!(!revoked_in_list(&app, org, 1).await);
    for _ in 0..5 {
        assert!(!revoked_in_list(&app, org, 1).await);
    }
    assert_eq!(
        builds(),
        1,
        "a flood of fetches builds and signs the list once"
    );

    // The indexer applies the chain's revocation; the kept list must not hide it.
    sqlx::query("UPDATE certificates SET revoked_at = now(), revocation_reason = 'issued_in_error' WHERE id = 2")
        .execute(&db)
        .await
        .expect("revoke");
    assert!(
        revoked_in_list(&app, org, 1).await,
        "revoked, and revoked in the list"
    );
    assert!(!revoked_in_list(&app, org, 0).await);
    assert_eq!(builds(), 2);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn requests_that_message_someone_are_limited_per_account(db: PgPool) {
    let app = spawn_app_with(db, |s| s.rate_limits.ask = TIGHT).await;
    let anna = app.named_user("anna").await;
    for colleague in ["boris", "vera", "gleb"] {
        app.named_user(colleague).await;
    }
    let mut statuses = Vec::new();
    for colleague in ["boris", "vera", "gleb"] {
        let (status, _) = app
            .post(
                "/v1/me/recommendation-requests",
                Some(&anna.token),
                json!({ "author": colleague, "kind": "recommendation" }),
            )
            .await;
        statuses.push(status);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS
        ],
        "the bot is not a way to spam people"
    );
}
