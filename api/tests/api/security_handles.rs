//! Issue 15: a freed handle cannot be taken over while reserved for its last owner; expired
//! sign-in rows are swept.
use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;

use crate::support::{kind, spawn_app, user, TestApp, User};

async fn rename(app: &TestApp, who: &User, handle: &str) -> (StatusCode, serde_json::Value) {
    app.send(
        Method::PUT,
        "/v1/me/profile",
        Some(&who.token),
        Some(json!({ "handle": handle, "display_name": handle })),
    )
    .await
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_freed_handle_cannot_be_claimed_by_another_person_while_reserved(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let anna = app.named_user("anna").await;
    let mallory = app.named_user("mallory").await;
    let (status, body) = rename(&app, &anna, "anna_k").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Mallory grabs the freed handle so that links, invitations and certificates made out to
    // @anna reach her instead.
    let (status, body) = rename(&app, &mallory, "anna").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(kind(&body), "handle-reserved");
    // Nor by signing up with a Telegram username of that name.
    let init_data = iktomi_api::auth::telegram::build(
        &[
            ("auth_date", &chrono::Utc::now().timestamp().to_string()),
            ("user", r#"{"id":5150,"username":"anna"}"#),
        ],
        crate::support::BOT_TOKEN,
    );
    let (status, body) = app
        .post("/v1/auth/telegram", None, json!({ "init_data": init_data }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_ne!(user(&body).handle, "anna");

    // Old links still lead to Anna, and she may take her handle back.
    let (status, person) = app.get("/v1/people/anna", None).await;
    assert_eq!(status, StatusCode::OK, "{person}");
    assert_eq!(person["account_id"], anna.account_id);
    assert_eq!(person["handle"], "anna_k");
    let page = app.http.get(app.at("/u/anna")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("anna_k"));
    let (status, body) = rename(&app, &anna, "anna").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Once the reservation lapses, the handle is anyone's.
    let (status, _) = rename(&app, &anna, "anna_k").await;
    assert_eq!(status, StatusCode::OK);
    sqlx::query("UPDATE handle_reservations SET reserved_until = now() - interval '1 second'")
        .execute(&db)
        .await
        .unwrap();
    let (status, body) = rename(&app, &mallory, "anna").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, person) = app.get("/v1/people/anna", None).await;
    assert_eq!(person["account_id"], mallory.account_id);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn saving_a_profile_without_renaming_reserves_nothing(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let anna = app.named_user("anna").await;
    let (status, _) = rename(&app, &anna, "anna").await;
    assert_eq!(status, StatusCode::OK);
    let reserved: Vec<String> = sqlx::query_scalar("SELECT handle FROM handle_reservations")
        .fetch_all(&db)
        .await
        .unwrap();
    // Only the random handle she signed up with is reserved.
    assert_eq!(reserved.len(), 1);
    assert!(reserved[0].starts_with('u'));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn expired_challenges_and_logins_are_swept_and_live_ones_kept(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let pair = <sp_core::sr25519::Pair as sp_core::Pair>::generate().0;
    for _ in 0..2 {
        app.signed_challenge(&pair, false).await;
        app.vk_start(None).await;
        app.telegram_attempt(99, None).await;
    }
    for table in ["wallet_challenges", "vk_logins", "telegram_init_data_used"] {
        // One of the two rows of each table has expired.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET expires_at = now() - interval '1 second'
             WHERE ctid = (SELECT ctid FROM {table} LIMIT 1)"
        )))
        .execute(&db)
        .await
        .unwrap();
    }
    // The app's own sweeper may get there first; either way the expired rows go.
    iktomi_api::auth::expiry::sweep(&db).await.unwrap();
    for table in ["wallet_challenges", "vk_logins", "telegram_init_data_used"] {
        let (left, expired): (i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT count(*), count(*) FILTER (WHERE expires_at < now()) FROM {table}"
        )))
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!((left, expired), (1, 0), "{table}");
    }
}
