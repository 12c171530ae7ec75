//! Issue 15, the audit log: secrets never reach it (and old ones are redacted, the chain
//! re-chained with a recorded epoch); its HMAC chain resists someone holding the database alone;
//! the API's role cannot truncate, edit, delete or unguard it.
use iktomi_api::http::audit::{key, verify, AuditKey, Head};
use reqwest::StatusCode;
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Executor, PgPool};

use crate::support::{spawn_app, TestApp};

/// Rows of `audit_log` whose before or after contain `needle`.
async fn rows_holding(db: &PgPool, needle: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM audit_log
         WHERE strpos(coalesce(before::text, '') || coalesce(after::text, ''), $1) > 0",
    )
    .bind(needle)
    .fetch_one(db)
    .await
    .expect("count")
}

/// Signs in, creates a custodial wallet and exports its seed: the token and the seed.
async fn sign_in_and_export(app: &TestApp) -> (String, String) {
    let (user, _) = app.wallet_user().await;
    let (status, wallets) = app.act("/v1/me/wallets/custodial", &user.token).await;
    assert_eq!(status, StatusCode::CREATED, "{wallets}");
    let address = wallets
        .as_array()
        .and_then(|l| l.iter().find(|w| w["kind"] == "custodial"))
        .and_then(|w| w["address"].as_str())
        .expect("custodial")
        .to_owned();
    let (status, exported) = app
        .act(&format!("/v1/me/wallets/{address}/export"), &user.token)
        .await;
    assert_eq!(status, StatusCode::OK, "{exported}");
    let seed = exported["seed"].as_str().expect("seed");
    (user.token, seed.trim_start_matches("0x").to_owned())
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn session_tokens_and_exported_seeds_never_reach_the_audit_log(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let (token, seed) = sign_in_and_export(&app).await;

    assert_eq!(rows_holding(&db, &token).await, 0, "the session token");
    assert_eq!(rows_holding(&db, &seed).await, 0, "the seed");
    // What the routes declare is still there: whose session, which wallet was exported.
    let recorded: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action IN
           ('POST /v1/auth/wallet', 'POST /v1/me/wallets/{address}/export') AND after IS NOT NULL",
    )
    .fetch_all(&db)
    .await
    .expect("actions");
    assert_eq!(recorded.len(), 2, "{recorded:?}");

    // Refused without a session, or a read by POST: nothing recorded.
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(&db)
        .await
        .expect("count");
    let (status, _) = app
        .post("/v1/auth/wallet", None, json!({"address": "nope"}))
        .await;
    assert!(status.is_client_error());
    let _ = app.post("/v1/verify", None, json!({})).await;
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(&db)
        .await
        .expect("count");
    assert_eq!(after, before, "unauthenticated non-writes are not audited");
}

#[sqlx::test(migrations = false)]
async fn secrets_written_before_the_fix_are_redacted_and_the_chain_rechained(db: PgPool) {
    let migrator = &iktomi_api::MIGRATOR;
    migrator
        .run_to(20261201000009, &db)
        .await
        .expect("old schema");
    for (action, after) in [
        (
            "POST /v1/auth/wallet",
            json!({"token": "LEAKED-TOKEN", "account_id": "a"}),
        ),
        (
            "POST /v1/me/wallets/{address}/export",
            json!({"address": "5Abc", "seed": "0xLEAKEDSEED"}),
        ),
        ("PUT /v1/me/profile", json!({"headline": "Engineer"})),
    ] {
        sqlx::query("SELECT iktomi_audit(NULL, $1, '/t', NULL, $2, 'r', NULL, NULL)")
            .bind(action)
            .bind(after)
            .execute(&db)
            .await
            .expect("legacy row");
    }
    let old_head: Vec<u8> =
        sqlx::query_scalar("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_one(&db)
            .await
            .expect("head");
    migrator.run(&db).await.expect("migrate");

    for leaked in ["LEAKED-TOKEN", "LEAKEDSEED"] {
        assert_eq!(rows_holding(&db, leaked).await, 0, "{leaked}");
    }
    assert_eq!(rows_holding(&db, "Engineer").await, 1, "the rest stays");
    let epoch: (String, Option<Vec<u8>>) =
        sqlx::query_as("SELECT scheme, replaced_head FROM audit_epochs WHERE epoch = 1")
            .fetch_one(&db)
            .await
            .expect("epoch");
    assert_eq!(epoch, ("sha256".into(), Some(old_head)));

    // The re-chained legacy rows verify, and so do keyed rows appended after them.
    // Legacy rows are unkeyed: any key verifies them.
    let any_key = AuditKey::from_hex(&"22".repeat(32)).expect("key");
    let verdict = verify(&db, &any_key, None).await.expect("verify");
    assert_eq!((verdict.entries, verdict.first_tampered), (3, None));
    let app = spawn_app(db.clone()).await;
    app.named_user("anna").await;
    let verdict = verify(&db, &key(&app.state).expect("key"), None)
        .await
        .expect("verify");
    assert!(verdict.entries > 3);
    assert_eq!(verdict.first_tampered, None);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_attacker_with_the_database_cannot_forge_truncate_or_cut_the_chain(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    app.named_user("anna").await;
    app.named_user("boris").await;
    let key = key(&app.state).expect("key");
    let intact = verify(&db, &key, None).await.expect("verify");
    assert_eq!(intact.first_tampered, None);
    // The head as posted to the audit group, or put on chain.
    let anchor: Head = intact.head.expect("head");
    let verdict = verify(&db, &key, Some(&anchor)).await.expect("verify");
    assert_eq!(verdict.anchor_found, Some(true));

    // Without the key, the attacker's hash is the old unkeyed one: found.
    let mut owner = db.acquire().await.expect("conn");
    sqlx::query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        .execute(&mut *owner)
        .await
        .expect("off");
    sqlx::query(
        "UPDATE audit_log SET after = '{\"handle\": \"mallory\"}',
             hash = sha256(prev_hash || convert_to(iktomi_audit_text(id, at, actor, action, target,
                           before, '{\"handle\": \"mallory\"}', request_id), 'UTF8'))
         WHERE id = $1",
    )
    .bind(anchor.id)
    .execute(&mut *owner)
    .await
    .expect("forge");
    let verdict = verify(&db, &key, None).await.expect("verify");
    assert_eq!(
        verdict.first_tampered,
        Some(anchor.id),
        "recomputed unkeyed"
    );
    let wrong = AuditKey::from_hex(&"33".repeat(32)).expect("key");
    assert!(verify(&db, &wrong, None)
        .await
        .expect("verify")
        .first_tampered
        .is_some());

    // Cutting the newest rows leaves a chain that links, but without the anchored head.
    sqlx::query("DELETE FROM audit_log WHERE id >= $1")
        .bind(anchor.id - 1)
        .execute(&mut *owner)
        .await
        .expect("cut");
    let verdict = verify(&db, &key, Some(&anchor)).await.expect("verify");
    assert_eq!(verdict.first_tampered, None);
    assert_eq!(verdict.anchor_found, Some(false), "cut rows are found");

    // TRUNCATE fires no row trigger; the anchor is gone with everything else.
    sqlx::query("TRUNCATE audit_log CASCADE")
        .execute(&mut *owner)
        .await
        .expect("truncate");
    let verdict = verify(&db, &key, Some(&anchor)).await.expect("verify");
    assert_eq!(
        (verdict.entries, verdict.anchor_found),
        (0, Some(false)),
        "an emptied log is found"
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_api_role_cannot_truncate_unguard_edit_or_delete_the_audit_log(db: PgPool) {
    let name: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&db)
        .await
        .expect("name");
    let base = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let url = format!("{}/{name}", base.rsplit_once('/').expect("url").0);
    let options: PgConnectOptions = url.parse().expect("url");
    // As a deployment's login role that is a member of `iktomi_app`.
    let api_pool = PgPoolOptions::new()
        .max_connections(5)
        .after_connect(|conn, _| {
            Box::pin(async move { conn.execute("SET ROLE iktomi_app").await.map(|_| ()) })
        })
        .connect_with(options)
        .await
        .expect("pool");
    // The API works as that role, the audit log included.
    let app = spawn_app(api_pool.clone()).await;
    let (token, seed) = sign_in_and_export(&app).await;
    assert_eq!(
        rows_holding(&db, &token).await + rows_holding(&db, &seed).await,
        0
    );
    let verdict = verify(&db, &key(&app.state).expect("key"), None)
        .await
        .expect("verify");
    assert!(verdict.entries >= 3);
    assert_eq!(verdict.first_tampered, None);

    for attack in [
        "TRUNCATE audit_log CASCADE",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_log_append_only ON audit_log",
        "UPDATE audit_log SET after = NULL",
        "DELETE FROM audit_log",
        "UPDATE audit_epochs SET scheme = 'sha256'",
        "DELETE FROM audit_epochs",
        // The capture of every business-table change in its own transaction.
        "ALTER TABLE profiles DISABLE TRIGGER audit_change",
        "DROP TRIGGER audit_change ON profiles",
        "UPDATE audit_changes SET scope = NULL",
        "DELETE FROM audit_changes",
        "TRUNCATE audit_changes",
        "INSERT INTO audit_changes (table_name, operation, row_key) VALUES ('x', 'INSERT', '{}')",
        "SELECT setval('audit_changes_id_seq', 1)",
        "UPDATE audit_sweep SET last_change_id = 1000000",
        "DELETE FROM audit_sweep",
    ] {
        let refused = api_pool.execute(attack).await.expect_err(attack);
        let code = refused
            .as_database_error()
            .and_then(|e| e.code())
            .map(|c| c.into_owned());
        // 42501 insufficient privilege; ownership checks answer the same.
        assert_eq!(code.as_deref(), Some("42501"), "{attack}: {refused}");
    }
    // Its connections would keep the test's database from being dropped.
    api_pool.close().await;
}
