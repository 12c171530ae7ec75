//! Public pages speak the reader's language by `Accept-Language`: Russian first (also for
//! languages the platform does not speak), English when asked, cached per language.
use sqlx::PgPool;

use crate::support::{spawn_app, TestApp};

async fn page(app: &TestApp, path: &str, accept: &str) -> (u16, String, String) {
    let response = app
        .http
        .get(app.at(path))
        .header("accept-language", accept)
        .send()
        .await
        .expect("page");
    let status = response.status().as_u16();
    let vary = response
        .headers()
        .get("vary")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, vary, response.text().await.expect("body"))
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_profile_page_follows_accept_language_with_russian_first(db: PgPool) {
    let app = spawn_app(db).await;
    app.named_user("anna").await;

    let (status, vary, russian) = page(&app, "/u/anna", "ru-RU,ru;q=0.9,en;q=0.8").await;
    assert_eq!(status, 200);
    assert!(vary.to_lowercase().contains("accept-language"), "{vary}");
    assert!(russian.contains(r#"<html lang="ru">"#));
    assert!(russian.contains("<h2>Навыки</h2>") && russian.contains("Поделиться в Telegram"));

    let (_, _, english) = page(&app, "/u/anna", "en-GB,en;q=0.9").await;
    assert!(english.contains(r#"<html lang="en">"#));
    assert!(english.contains("<h2>Skills</h2>") && english.contains("Share on Telegram"));

    let (_, _, other) = page(&app, "/u/anna", "de-DE,fr;q=0.5").await;
    assert!(
        other.contains("<h2>Навыки</h2>"),
        "Russian when no spoken language is asked"
    );

    let (status, _, missing) = page(&app, "/u/nobody_here", "ru").await;
    assert_eq!(status, 404);
    assert!(missing.contains("Такого человека нет"));
    let (_, _, missing) = page(&app, "/c/424242", "en").await;
    assert!(missing.contains("No such certificate"));
}
