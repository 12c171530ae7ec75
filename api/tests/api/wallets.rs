use reqwest::{Method, StatusCode};
use sp_core::Pair;
use sqlx::PgPool;

use crate::support::{kind, spawn_app, spawn_app_with, ss58};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn several_wallets_bind_by_signature_and_unbind(db: PgPool) {
    let app = spawn_app(db).await;
    let (u, first) = app.wallet_user().await;
    let second = sp_core::sr25519::Pair::generate().0;
    let signed = app.bind_challenge(&second, &u.token).await;
    let (status, wallets) = app.post("/v1/me/wallets", Some(&u.token), signed).await;
    assert_eq!(status, StatusCode::CREATED, "{wallets}");
    assert_eq!(wallets.as_array().unwrap().len(), 2);
    // The second wallet now signs in to the same account.
    assert_eq!(
        app.sign_in_with_wallet(&second, None).await.account_id,
        u.account_id
    );

    // Someone else cannot bind it.
    let (other, _) = app.wallet_user().await;
    let signed = app.bind_challenge(&second, &other.token).await;
    let (status, body) = app.post("/v1/me/wallets", Some(&other.token), signed).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(kind(&body), "identity-linked-elsewhere");
    let (status, _) = app
        .send(
            Method::DELETE,
            &format!("/v1/me/wallets/{}", ss58(&second)),
            Some(&other.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _) = app
        .send(
            Method::DELETE,
            &format!("/v1/me/wallets/{}", ss58(&second)),
            Some(&u.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, wallets) = app.get("/v1/me/wallets", Some(&u.token)).await;
    assert_eq!(wallets[0]["address"], ss58(&first));
    assert_eq!(wallets.as_array().unwrap().len(), 1);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_custodial_wallet_is_sealed_and_exported_only_to_its_owner(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let (u, _) = app.wallet_user().await;
    let (status, wallets) = app.act("/v1/me/wallets/custodial", &u.token).await;
    assert_eq!(status, StatusCode::CREATED);
    let custodial = custodial_of(&wallets);
    let (status, _) = app.act("/v1/me/wallets/custodial", &u.token).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let (status, exported) = app
        .act(&format!("/v1/me/wallets/{custodial}/export"), &u.token)
        .await;
    assert_eq!(status, StatusCode::OK);
    let seed = hex::decode(exported["seed"].as_str().unwrap().trim_start_matches("0x")).unwrap();
    let pair = sp_core::sr25519::Pair::from_seed_slice(&seed).unwrap();
    assert_eq!(ss58(&pair), custodial);

    // The database holds no plaintext seed.
    let sealed: Vec<u8> =
        sqlx::query_scalar("SELECT sealed_seed FROM wallets WHERE kind = 'custodial'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(!sealed.windows(32).any(|w| w == seed.as_slice()));

    // Another person cannot export it; an old session must sign in again.
    let (other, _) = app.wallet_user().await;
    let (status, _) = app
        .act(&format!("/v1/me/wallets/{custodial}/export"), &other.token)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    sqlx::query("UPDATE sessions SET created_at = now() - interval '1 hour'")
        .execute(&db)
        .await
        .unwrap();
    let (status, body) = app
        .act(&format!("/v1/me/wallets/{custodial}/export"), &u.token)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(kind(&body), "reauthentication-required");
    let (status, body) = app
        .send(
            Method::DELETE,
            &format!("/v1/me/wallets/{custodial}"),
            Some(&u.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(kind(&body), "custodial-wallet");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_seed_sealed_under_another_master_key_does_not_open(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let (u, _) = app.wallet_user().await;
    let (_, wallets) = app.act("/v1/me/wallets/custodial", &u.token).await;
    let custodial = custodial_of(&wallets);
    let rotated = spawn_app_with(db, |s| s.master_key = "22".repeat(32).into()).await;
    let (status, body) = rotated
        .act(&format!("/v1/me/wallets/{custodial}/export"), &u.token)
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body.get("detail").is_none(), "no internals leak: {body}");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_organization_admin_creates_and_exports_its_custodial_wallet(db: PgPool) {
    let app = spawn_app(db).await;
    let olga = app.named_user("olga").await;
    let ivan = app.named_user("ivan").await;
    let org = app.organization(&olga, "Acme").await;
    app.join(&org, &olga, &ivan, "employee").await;
    let (status, _) = app
        .act(&format!("/v1/organizations/{org}/wallets"), &ivan.token)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, wallets) = app
        .act(&format!("/v1/organizations/{org}/wallets"), &olga.token)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let address = wallets[0]["address"].as_str().unwrap().to_owned();
    let (status, _) = app
        .get(
            &format!("/v1/organizations/{org}/wallets"),
            Some(&ivan.token),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .act(
            &format!("/v1/organizations/{org}/wallets/{address}/export"),
            &ivan.token,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The seed leaves only with a second person's approval: here the platform operator's.
    let export = format!("/v1/organizations/{org}/wallets/{address}/export");
    let (status, _) = app.act(&export, &olga.token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, asked) = app
        .act(
            &format!("/v1/organizations/{org}/wallets/{address}/export-requests"),
            &olga.token,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    let operator = app.operator().await;
    let id = asked["id"].as_str().expect("id");
    let (status, body) = app
        .act(
            &format!("/v1/organizations/{org}/export-requests/{id}/approve"),
            &operator.token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, exported) = app.act(&export, &olga.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(exported["address"], address.as_str());
    // An organization wallet cannot be used to sign in as a person.
    let seed = hex::decode(exported["seed"].as_str().unwrap().trim_start_matches("0x")).unwrap();
    let pair = sp_core::sr25519::Pair::from_seed_slice(&seed).unwrap();
    let (status, body) = app.wallet_attempt(&pair, None, false).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(kind(&body), "wallet-belongs-to-organization");
}

/// The address of the custodial wallet in a wallet list.
fn custodial_of(wallets: &serde_json::Value) -> String {
    let list = wallets.as_array().expect("a list of wallets");
    let custodial = list.iter().find(|w| w["kind"] == "custodial");
    custodial.expect("a custodial wallet")["address"]
        .as_str()
        .expect("address")
        .to_owned()
}
