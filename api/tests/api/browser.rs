//! What a person sees: `/c/{id}` rendered by headless Chromium (Debian's `chromium`, installed
//! by `scripts/setup`; `IKTOMI_CHROMIUM` overrides the binary). The screenshot is kept in
//! `target/test-artifacts/` for people to look at.
use std::path::PathBuf;

use anyhow::Context;
use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};

/// Runs Chromium without blocking the runtime that serves the page it opens.
async fn chromium(args: &[&str]) -> anyhow::Result<std::process::Output> {
    let binary = std::env::var("IKTOMI_CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let profile = tempfile::tempdir()?;
    tokio::process::Command::new(&binary)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            // The page follows Accept-Language; the test reads it in English on any machine.
            "--lang=en-US",
            "--accept-lang=en-US",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .kill_on_drop(true)
        .output()
        .await
        .with_context(|| format!("running {binary} (install Debian's chromium: ./scripts/setup)"))
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_person_opening_a_certificate_link_sees_its_status_issuer_and_title(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let dean = app.named_user("dean").await;
        app.named_user("anna").await;
        let org = verified_organization(app, &dean, "Kazan University").await;
        let response = app
            .http
            .post(app.at(&format!("/v1/organizations/{org}/certificates")))
            .bearer_auth(&dean.token)
            .header("idempotency-key", "diploma-anna")
            .json(
                &json!({ "holder": "anna", "kind": "diploma", "title": "BSc in Computer Science" }),
            )
            .send()
            .await?;
        assert_eq!(response.status(), StatusCode::CREATED);
        let id = response.json::<serde_json::Value>().await?["id"]
            .as_u64()
            .context("id")?;
        eventually(app, &format!("/v1/verify/{id}"), |v| {
            v["status"] == "active"
        })
        .await;

        let url = app.at(&format!("/c/{id}"));
        let dom = chromium(&["--dump-dom", &url]).await?;
        assert!(
            dom.status.success(),
            "{}",
            String::from_utf8_lossy(&dom.stderr)
        );
        let dom = String::from_utf8_lossy(&dom.stdout);
        assert!(dom.contains("<h1>BSc in Computer Science</h1>"), "{dom}");
        assert!(dom.contains(r#"id="status">Valid<"#));
        assert!(dom.contains("Kazan University ✔ verified issuer"));
        assert!(dom.contains("@anna"));

        let artifacts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/test-artifacts");
        std::fs::create_dir_all(&artifacts)?;
        let shot = artifacts.join("certificate-page.png");
        let _ = std::fs::remove_file(&shot);
        let out = chromium(&[
            "--window-size=900,1100",
            &format!("--screenshot={}", shot.display()),
            &url,
        ])
        .await?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let png = std::fs::read(&shot)?;
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 2_000,
            "a real screenshot"
        );
        Ok(())
    })
    .await
}
