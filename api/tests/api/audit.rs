//! The audit log: every write is recorded with actor, action, target, before and after and request
//! id; the HMAC chain verifies with the API's key; a row altered in SQL is found by the verify command; each entry is
//! posted to the configured Telegram group topic with a `url` button (groups refuse `web_app`).
use std::time::Duration;

use iktomi_api::http::audit::{key, verify};
use iktomi_api::notifications::outbox::deliver_due;
use iktomi_api::notifications::telegram_bot::BotApi;
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::support::spawn_app_with;
use iktomi_telegram_fake::FakeBot;

/// id, actor, action, target, before, after, request id
type AuditRow = (
    i64,
    Option<uuid::Uuid>,
    String,
    String,
    Option<Value>,
    Option<Value>,
    Option<String>,
);

const GROUP: i64 = -1_009_876_543_210;
const TOPIC: i64 = 42;

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn writes_are_chained_posted_to_the_group_topic_and_tampering_is_found(db: PgPool) {
    let fake = FakeBot::start(crate::support::BOT_TOKEN).await;
    let base = fake.url.clone();
    let app = spawn_app_with(db.clone(), move |s| {
        s.telegram.api_base = base;
        s.telegram.audit_chat_id = Some(GROUP);
        s.telegram.audit_thread_id = Some(TOPIC);
    })
    .await;
    let anna = app.named_user("anna").await;
    for headline in ["Engineer", "Senior engineer"] {
        let (status, _) = app
            .send(
                Method::PUT,
                "/v1/me/profile",
                Some(&anna.token),
                Some(json!({ "handle": "anna", "display_name": "Anna", "headline": headline })),
            )
            .await;
        assert_eq!(status, reqwest::StatusCode::OK);
    }
    let org = app.organization(&anna, "Acme").await;
    let (_, _) = app.get("/v1/me", Some(&anna.token)).await;

    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT id, actor, action, target, before, after, request_id FROM audit_log ORDER BY id",
    )
    .fetch_all(&db)
    .await
    .expect("rows");
    let actions: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    assert!(actions.contains(&"POST /v1/organizations"), "{actions:?}");
    assert!(
        !actions.iter().any(|a| a.starts_with("GET")),
        "reads are not audited"
    );
    let profile: Vec<_> = rows
        .iter()
        .filter(|r| r.2 == "PUT /v1/me/profile")
        .collect();
    let last = profile.last().expect("a profile write");
    assert_eq!(
        last.1.map(|a| a.to_string()),
        Some(anna.account_id.clone()),
        "the actor"
    );
    assert_eq!(
        last.4.as_ref().map(|b| b["headline"].clone()),
        Some(json!("Engineer")),
        "before"
    );
    assert_eq!(
        last.5.as_ref().map(|a| a["headline"].clone()),
        Some(json!("Senior engineer")),
        "after"
    );
    assert!(
        last.6.as_deref().is_some_and(|id| !id.is_empty()),
        "the request id"
    );
    let created = rows
        .iter()
        .find(|r| r.2 == "POST /v1/organizations")
        .expect("org");
    assert_eq!(
        created.5.as_ref().map(|a| a["id"].clone()),
        Some(json!(org))
    );

    let key = key(&app.state).expect("key");
    let verdict = verify(&db, &key, None).await.expect("verify");
    assert_eq!(
        (verdict.entries, verdict.first_tampered),
        (rows.len() as i64, None)
    );
    let head = verdict.head.expect("head");

    // Posted to the group's topic, with a url button (groups refuse web_app buttons).
    let bot = BotApi::of(&app.state).expect("bot");
    for _ in 0..20 {
        deliver_due(&app.state, &bot).await.expect("round");
        if fake.delivered().len() >= rows.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let posted = fake.delivered();
    assert_eq!(posted.len(), rows.len(), "one post per entry");
    for message in &posted {
        assert_eq!(
            (
                message["chat_id"].as_i64(),
                message["message_thread_id"].as_i64()
            ),
            (Some(GROUP), Some(TOPIC))
        );
        assert_eq!(
            message["reply_markup"]["inline_keyboard"][0][0]["url"],
            "https://t.me/iktomi_test_bot/app?startapp=audit"
        );
    }
    assert!(posted.iter().any(|m| m["text"]
        .as_str()
        .is_some_and(|t| t.contains("POST /v1/organizations"))));
    // Each post carries the chain's head then: a copy outside the database.
    let head_line = format!("head {}:{}", head.id, hex::encode(&head.hash));
    assert!(
        posted
            .iter()
            .any(|m| m["text"].as_str().is_some_and(|t| t.contains(&head_line))),
        "{head_line}"
    );

    // Appending only: the table refuses edits; an edit with the guard switched off is found.
    assert!(sqlx::query("DELETE FROM audit_log")
        .execute(&db)
        .await
        .is_err());
    let victim = created.0;
    sqlx::query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        .execute(&db)
        .await
        .expect("off");
    sqlx::query("UPDATE audit_log SET after = '{\"id\": \"forged\"}' WHERE id = $1")
        .bind(victim)
        .execute(&db)
        .await
        .expect("forge");
    sqlx::query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
        .execute(&db)
        .await
        .expect("on");
    assert_eq!(
        verify(&db, &key, None)
            .await
            .expect("verify")
            .first_tampered,
        Some(victim)
    );

    // The command reports it too, and fails.
    let name: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&db)
        .await
        .expect("name");
    let base_url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let url = format!("{}/{name}", base_url.rsplit_once('/').expect("url").0);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iktomi-audit-verify"))
        .env("DATABASE_URL", url)
        .env("IKTOMI_API__MASTER_KEY", "11".repeat(32))
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(
        stdout.contains(&format!("breaks at entry {victim}")),
        "{stdout}"
    );
}
