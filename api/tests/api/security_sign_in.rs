//! Issue 15, sign-in: the attacks on VK ID state, wallet challenges, operator sessions and
//! Telegram initData, replayed over HTTP against the API.
use reqwest::StatusCode;
use serde_json::json;
use sp_core::Pair;
use sqlx::PgPool;

use crate::support::{init_data, kind, sign_challenge, spawn_app, ss58, user};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn vk_state_started_by_another_session_is_refused(db: PgPool) {
    let app = spawn_app(db).await;
    let (attacker, _) = app.wallet_user().await;
    let (victim, _) = app.wallet_user().await;
    // The attacker starts linking VK to their account and sends the authorize URL to the victim,
    // who signs in to VK as herself; her browser comes back to the web app with code and state.
    let started = app.vk_start(Some(&attacker.token)).await;
    let back = app.vk_authorize(&started, "4242").await;
    let exchanges = app.vk.exchanges();
    for token in [None, Some(victim.token.as_str())] {
        let (status, body) = app.vk_callback(&back, token, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(kind(&body), "forbidden");
        assert!(body["detail"].as_str().unwrap().contains("another session"));
    }
    assert_eq!(app.vk.exchanges(), exchanges, "VK is not even asked");
    let (_, me) = app.get("/v1/me", Some(&attacker.token)).await;
    assert_eq!(me["identities"], json!([]));
    // The victim's VK identity is still free: signing in with it makes her own account.
    let (status, body) = app.vk_attempt("4242", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_ne!(user(&body).account_id, attacker.account_id);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn vk_login_started_in_another_browser_is_refused(db: PgPool) {
    let app = spawn_app(db).await;
    // Login CSRF: the attacker starts an anonymous flow, authorizes as their own VK user and
    // makes the victim's browser post the callback, to sign her in as the attacker.
    let started = app.vk_start(None).await;
    assert!(started
        .cookie
        .as_deref()
        .is_some_and(|c| c.starts_with("iktomi_vk_nonce=")));
    let back = app.vk_authorize(&started, "6666").await;
    let victims_own = app.vk_start(None).await;
    for cookie in [None, victims_own.cookie.as_deref()] {
        let (status, body) = app.vk_callback(&back, None, cookie).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body["detail"].as_str().unwrap().contains("another"));
    }
    // The refused attempts did not spend the state: the browser that started it finishes.
    let (status, body) = app
        .vk_callback(&back, None, started.cookie.as_deref())
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_vk_nonce_cookie_is_http_only(db: PgPool) {
    let app = spawn_app(db).await;
    let response = app
        .http
        .post(app.at("/v1/auth/vk/start"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/v1/auth/vk"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_sign_in_signature_cannot_bind_the_wallet_to_another_account(db: PgPool) {
    let app = spawn_app(db).await;
    let (attacker, _) = app.wallet_user().await;
    // A phishing page asks for a sign-in challenge for the operator's wallet and has the
    // operator sign it, then tries to bind that wallet to the attacker's account both ways.
    let operator = app.operator.clone();
    let signed = app.signed_challenge(&operator, false).await;
    for path in ["/v1/me/wallets", "/v1/auth/wallet"] {
        let (status, body) = app.post(path, Some(&attacker.token), signed.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
        assert!(body["detail"].as_str().unwrap().contains("cannot bind"));
    }
    let (_, me) = app.get("/v1/me", Some(&attacker.token)).await;
    assert_eq!(me["is_operator"], false);
    assert_eq!(me["wallets"].as_array().unwrap().len(), 1);
    // A bind challenge asked for by the attacker names the attacker's account, and another
    // account cannot use it either.
    let (status, challenge) = app
        .post(
            "/v1/auth/wallet/challenge",
            Some(&attacker.token),
            json!({ "address": ss58(&operator), "purpose": "bind" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{challenge}");
    let message = challenge["message"].as_str().unwrap();
    assert!(message.contains(&format!(
        "Bind this wallet to the Iktomi account @{} ({})",
        attacker.handle, attacker.account_id
    )));
    let (bystander, _) = app.wallet_user().await;
    let signed = sign_challenge(&operator, &challenge, false);
    let (status, body) = app
        .post("/v1/me/wallets", Some(&bystander.token), signed.clone())
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = app.post("/v1/auth/wallet", None, signed).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_challenge_says_what_it_is_for_in_the_sign_in_with_substrate_shape(db: PgPool) {
    let app = spawn_app(db).await;
    let pair = sp_core::sr25519::Pair::generate().0;
    let (status, challenge) = app
        .post(
            "/v1/auth/wallet/challenge",
            None,
            json!({ "address": ss58(&pair) }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let message = challenge["message"].as_str().unwrap();
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(
        lines[0],
        "iktomi.test wants you to sign in with your Substrate account:"
    );
    assert_eq!(lines[1], ss58(&pair));
    assert!(lines[3].starts_with("Sign in to Iktomi."));
    for field in [
        "URI: https://iktomi.test",
        "Version: 1",
        "Chain ID: iktomi-test",
        "Request ID: sign-in",
    ] {
        assert!(lines.contains(&field), "{field} in {message}");
    }
    assert!(lines.iter().any(|l| l.starts_with("Issued At: ")));
    assert!(lines.iter().any(|l| l.starts_with("Expiration Time: ")));
    // A bind challenge needs a session to name.
    let (status, body) = app
        .post(
            "/v1/auth/wallet/challenge",
            None,
            json!({ "address": ss58(&pair), "purpose": "bind" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn operator_actions_without_a_fresh_operator_wallet_signature_are_refused(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let queue = "/v1/verification-requests";
    let operator = app.operator().await;
    let (status, body) = app.get(queue, Some(&operator.token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The same account signed in with Telegram (say, a stolen phone) is not enough.
    let (status, body) = app.telegram_attempt(31337, Some(&operator.token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = app.telegram_attempt(31337, None).await;
    let by_telegram = user(&body);
    assert_eq!(by_telegram.account_id, operator.account_id);
    let (status, body) = app.get(queue, Some(&by_telegram.token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(kind(&body), "reauthentication-required");

    // Nor another wallet of the operator's account.
    let second = sp_core::sr25519::Pair::generate().0;
    let signed = app.bind_challenge(&second, &operator.token).await;
    let (status, body) = app
        .post("/v1/me/wallets", Some(&operator.token), signed)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let by_second = app.sign_in_with_wallet(&second, None).await;
    let (status, _) = app.get(queue, Some(&by_second.token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Nor an operator-wallet session whose signature is older than the re-auth window.
    sqlx::query("UPDATE sessions SET wallet_signed_at = now() - interval '301 seconds'")
        .execute(&db)
        .await
        .unwrap();
    let (status, body) = app.get(queue, Some(&operator.token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(kind(&body), "reauthentication-required");
    // A new signature with the operator wallet is.
    let again = app.operator().await;
    let (status, _) = app.get(queue, Some(&again.token)).await;
    assert_eq!(status, StatusCode::OK);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn replayed_telegram_init_data_is_refused(db: PgPool) {
    let app = spawn_app(db).await;
    let captured = init_data(77, chrono::Utc::now().timestamp() - 60);
    let (status, body) = app
        .post("/v1/auth/telegram", None, json!({ "init_data": captured }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .post("/v1/auth/telegram", None, json!({ "init_data": captured }))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(kind(&body), "invalid-credentials");
    assert!(body["detail"].as_str().unwrap().contains("already used"));
    // A new launch of the Mini App (new initData) signs in again.
    let (status, _) = app.telegram_attempt(77, None).await;
    assert_eq!(status, StatusCode::OK);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn telegram_init_data_is_accepted_for_about_an_hour_by_default(db: PgPool) {
    let env = [
        ("DATABASE_URL", "postgres://localhost/iktomi"),
        ("IKTOMI_API__MASTER_KEY", "00"),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .into();
    let defaults = iktomi_api::config::Settings::load_from(None, env).unwrap();
    assert_eq!(defaults.telegram.max_age_secs, 3600);
    let app = spawn_app(db).await;
    let two_hours_old = init_data(78, chrono::Utc::now().timestamp() - 7200);
    let (status, _) = app
        .post(
            "/v1/auth/telegram",
            None,
            json!({ "init_data": two_hours_old }),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
