use reqwest::StatusCode;
use serde_json::json;
use sp_core::Pair;
use sqlx::PgPool;

use crate::support::{init_data, kind, spawn_app, ss58, user, BOT_TOKEN};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_wallet_signature_creates_an_account_and_signs_in_again_to_the_same_one(db: PgPool) {
    let app = spawn_app(db).await;
    let pair = sp_core::sr25519::Pair::generate().0;
    let first = app.sign_in_with_wallet(&pair, None).await;
    let second = app.sign_in_with_wallet(&pair, None).await;
    assert_eq!(first.account_id, second.account_id);
    assert_ne!(first.token, second.token);
    let (status, me) = app.get("/v1/me", Some(&second.token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["wallets"], json!([ss58(&pair)]));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_polkadot_js_bytes_wrapped_signature_is_accepted(db: PgPool) {
    let app = spawn_app(db).await;
    let pair = sp_core::sr25519::Pair::generate().0;
    let (status, body) = app.wallet_attempt(&pair, None, true).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_replayed_challenge_is_refused(db: PgPool) {
    let app = spawn_app(db).await;
    let pair = sp_core::sr25519::Pair::generate().0;
    let signed = app.signed_challenge(&pair, false).await;
    let (status, _) = app.post("/v1/auth/wallet", None, signed.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app.post("/v1/auth/wallet", None, signed).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(kind(&body), "invalid-credentials");
    assert!(body["detail"].as_str().unwrap().contains("already used"));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_expired_challenge_is_refused(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let pair = sp_core::sr25519::Pair::generate().0;
    let signed = app.signed_challenge(&pair, false).await;
    sqlx::query("UPDATE wallet_challenges SET expires_at = now() - interval '1 second'")
        .execute(&db)
        .await
        .unwrap();
    let (status, body) = app.post("/v1/auth/wallet", None, signed).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["detail"].as_str().unwrap().contains("expired"));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn another_wallets_signature_or_a_bad_signature_is_refused(db: PgPool) {
    let app = spawn_app(db).await;
    let pair = sp_core::sr25519::Pair::generate().0;
    let thief = sp_core::sr25519::Pair::generate().0;
    let mut signed = app.signed_challenge(&pair, false).await;
    let (status, challenge) = app
        .post(
            "/v1/auth/wallet/challenge",
            None,
            json!({ "address": ss58(&pair) }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let forged = thief.sign(challenge["message"].as_str().unwrap().as_bytes());
    signed["nonce"] = challenge["nonce"].clone();
    signed["signature"] = json!(hex::encode(forged.0));
    let (status, body) = app.post("/v1/auth/wallet", None, signed.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    signed["signature"] = json!("0x1234");
    let (status, body) = app.post("/v1/auth/wallet", None, signed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "signature");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_challenge_for_a_malformed_address_names_the_field(db: PgPool) {
    let app = spawn_app(db).await;
    let (status, body) = app
        .post(
            "/v1/auth/wallet/challenge",
            None,
            json!({ "address": "5Grw" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "address");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn telegram_init_data_signs_in_and_tampered_or_stale_init_data_is_refused(db: PgPool) {
    let app = spawn_app(db).await;
    let (status, body) = app.telegram_attempt(42, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["handle"], "anna42");
    assert_eq!(body["created"], true);
    // The profile starts with the name Telegram gave.
    let token = body["token"].as_str().unwrap_or_default().to_owned();
    let (_, profile) = app.get("/v1/me/profile", Some(&token)).await;
    assert_eq!(profile["display_name"], "Anna", "{profile}");

    let tampered = init_data(42, chrono::Utc::now().timestamp()).replace("Anna", "Mallory");
    let (status, body) = app
        .post("/v1/auth/telegram", None, json!({ "init_data": tampered }))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(kind(&body), "invalid-credentials");

    let stale = init_data(42, chrono::Utc::now().timestamp() - 7200);
    let (status, _) = app
        .post("/v1/auth/telegram", None, json!({ "init_data": stale }))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let other_bot = iktomi_api::auth::telegram::build(
        &[
            ("auth_date", &chrono::Utc::now().timestamp().to_string()),
            ("user", r#"{"id":42}"#),
        ],
        &format!("{BOT_TOKEN}x"),
    );
    let (status, _) = app
        .post("/v1/auth/telegram", None, json!({ "init_data": other_bot }))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn vk_id_with_pkce_signs_in_and_a_replayed_callback_is_refused(db: PgPool) {
    let app = spawn_app(db).await;
    let (status, body) = app.vk_attempt("777", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let first = user(&body);
    let (status, body) = app.vk_attempt("777", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(user(&body).account_id, first.account_id);

    // Replaying a callback: the state is consumed, VK is not even asked.
    let started = app.vk_start(None).await;
    let exchanges = app.vk.exchanges();
    let back = json!({ "code": "code-x", "state": started.body["state"], "device_id": "d" });
    let cookie = started.cookie.as_deref();
    let (status, _) = app.vk_callback(&back, None, cookie).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "VK refuses an unknown code"
    );
    let (status, body) = app.vk_callback(&back, None, cookie).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(kind(&body), "invalid-credentials");
    assert_eq!(app.vk.exchanges(), exchanges + 1);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_vk_redirect_uri_that_is_not_configured_is_refused(db: PgPool) {
    let app = spawn_app(db).await;
    let (status, body) = app
        .post(
            "/v1/auth/vk/start",
            None,
            json!({ "redirect_uri": "https://evil.example/cb" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "redirect_uri");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_second_sign_in_method_glues_onto_the_signed_in_account(db: PgPool) {
    let app = spawn_app(db).await;
    let (wallet_user, _) = app.wallet_user().await;
    let (status, body) = app.telegram_attempt(9001, Some(&wallet_user.token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(user(&body).account_id, wallet_user.account_id);
    assert_eq!(body["created"], false);
    let (status, body) = app.vk_attempt("555", Some(&wallet_user.token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(user(&body).account_id, wallet_user.account_id);

    // Telegram alone now lands on the same account.
    let (_, body) = app.telegram_attempt(9001, None).await;
    assert_eq!(user(&body).account_id, wallet_user.account_id);
    let (_, me) = app.get("/v1/me", Some(&wallet_user.token)).await;
    assert_eq!(me["identities"], json!(["telegram", "vk"]));

    // A method that belongs to another account is not silently moved.
    let (other, _) = app.wallet_user().await;
    let (status, body) = app.telegram_attempt(9001, Some(&other.token)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(kind(&body), "identity-linked-elsewhere");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn logout_revokes_the_session(db: PgPool) {
    let app = spawn_app(db).await;
    let (u, _) = app.wallet_user().await;
    let (status, _) = app.post("/v1/auth/logout", Some(&u.token), json!({})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app.get("/v1/me", Some(&u.token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(kind(&body), "unauthenticated");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_expired_session_is_refused(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let (u, _) = app.wallet_user().await;
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 second'")
        .execute(&db)
        .await
        .unwrap();
    let (status, _) = app.get("/v1/me", Some(&u.token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn sessions_are_stored_only_as_hashes(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let (u, _) = app.wallet_user().await;
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(&db)
        .await
        .unwrap();
    assert!(stored
        .iter()
        .all(|h| h.len() == 32 && h != u.token.as_bytes()));
}
