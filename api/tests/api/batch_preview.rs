//! A manager checks a cohort file before issuing: every row comes back with what is wrong with
//! it, read from the `;`-separated, BOM-prefixed file Excel writes in the Russian locale; people
//! outside the organization's management cannot use it to probe who has a handle.
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::support::{kind, spawn_app};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn every_bad_row_is_shown_before_anything_is_sent(db: PgPool) {
    let app = spawn_app(db).await;
    let dean = app.named_user("dean").await;
    app.named_user("anna").await;
    app.named_user("boris").await;
    let stranger = app.named_user("stranger").await;
    let org = app.organization(&dean, "University").await;
    let path = format!("/v1/organizations/{org}/certificates/batch/preview");
    let file = "\u{feff}ФИО;handle;Оценка\r\n\"Иванова; Анна\";@anna;5\r\n\"Борис\";Boris;4\r\n\
                Кто-то;nobody_here;3\r\nПовтор;anna;5\r\nПусто;;2\r\n";

    let (status, preview) = app
        .post(&path, Some(&dean.token), json!({ "holders_csv": file }))
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let rows: Vec<(u64, String, String)> = preview["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap_or_default(),
                r["handle"].as_str().unwrap_or_default().to_owned(),
                r["problem"].as_str().unwrap_or("ok").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (2, "anna".into(), "ok".into()),
            (3, "boris".into(), "ok".into()),
            (4, "nobody_here".into(), "unknown-person".into()),
            (5, "anna".into(), "duplicate".into()),
            (6, String::new(), "no-handle".into()),
        ]
    );
    assert_eq!(preview["ready"], 2);
    assert_eq!(preview["problems"], 3);

    let (status, body) = app
        .post(
            &path,
            Some(&dean.token),
            json!({ "holders_csv": "name;email\nanna;a@x\n" }),
        )
        .await;
    assert_eq!(kind(&body), "validation", "{status} {body}");

    // Only the organization's managers may check files against the people on the platform.
    let (status, _) = app
        .post(&path, Some(&stranger.token), json!({ "holders_csv": file }))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.post(&path, None, json!({ "holders_csv": file })).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
