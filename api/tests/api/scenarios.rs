//! PRODUCT.md scenarios 2, 4, 5 and 6 through HTTP on a real node, indexer and PostgreSQL:
//! a diploma an employer checks from its link, a course shared to VK, a project's achievement on a
//! public link, and conference attendance minted for a cohort and shared. (Scenario 3 is in
//! `tenure.rs`, 7 in `recommendations.rs`, 8 in `requests.rs`; 1 in `sign_in.rs` and `wallets.rs`.)
use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::TestApp;

async fn page(app: &TestApp, path: &str) -> String {
    let response = app.http.get(app.at(path)).send().await.expect("page");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.expect("html")
}

/// The URL-encoded public link of a certificate, as share links carry it.
fn encoded_link(id: u64) -> String {
    format!("https%3A%2F%2Fiktomi.test%2Fc%2F{id}")
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn diplomas_courses_achievements_and_conferences_are_issued_verified_and_shared(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let rector = app.named_user("rector").await;
        let hr = app.named_user("hr_lead").await;
        let chair = app.named_user("chair").await;
        // Custodial wallets, so the API signs each one's acceptance of the conference's badge.
        let mut people = Vec::new();
        for (telegram, person) in [(5101, "anna"), (5102, "boris"), (5103, "chen")] {
            people.push(crate::tenure::telegram_person(app, telegram, person).await);
        }
        let university = verified_organization(app, &rector, "University").await;
        let employer = verified_organization(app, &hr, "Robotics").await;
        let conference = verified_organization(app, &chair, "RustConf").await;

        // 2: a diploma; an employer (anyone, no session) verifies it from its link.
        let issue = format!("/v1/organizations/{university}/certificates");
        let (status, diploma) = app
            .submit(&rector, &issue, "d", json!({ "holder": "anna", "kind": "diploma", "title": "BSc Physics" }))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{diploma}");
        let diploma = diploma["id"].as_u64().expect("id");
        let checked = eventually(app, &format!("/v1/verify/{diploma}"), |v| v["status"] == "active").await;
        assert_eq!(checked["issuer"]["organization_name"], "University");
        assert_eq!(checked["issuer"]["verified"], true);
        assert_eq!(checked["document_matches"], true);
        let html = page(app, &format!("/c/{diploma}")).await;
        assert!(html.contains(r#"id="status">Valid<"#) && html.contains("✔ verified issuer"), "{html}");

        // 4: a course, shared to VK from its page.
        let (_, course) = app
            .submit(&rector, &issue, "c", json!({ "holder": "anna", "kind": "course", "title": "Rust for Scientists" }))
            .await;
        let course = course["id"].as_u64().expect("id");
        eventually(app, &format!("/v1/verify/{course}"), |v| v["status"] == "active").await;
        let html = page(app, &format!("/c/{course}")).await;
        assert!(html.contains(&format!("https://vk.com/share.php?url={}", encoded_link(course))), "{html}");
        assert!(html.contains(r#"<meta property="og:title" content="Rust for Scientists — Iktomi">"#));

        // 5: a project's achievement on a public link anyone can open.
        let (_, achievement) = app
            .submit(&hr, &format!("/v1/organizations/{employer}/certificates"), "a",
                json!({ "holder": "boris", "kind": "achievement", "title": "Project Atlas shipped",
                        "evidence": ["https://robotics.example/atlas"] }))
            .await;
        let achievement = achievement["id"].as_u64().expect("id");
        let v = eventually(app, &format!("/v1/verify/{achievement}"), |v| v["status"] == "active").await;
        assert_eq!(v["kind"], "achievement");
        assert_eq!(v["document"]["evidence"][0]["id"], "https://robotics.example/atlas");
        let html = page(app, &format!("/c/{achievement}")).await;
        assert!(html.contains("Project Atlas shipped") && html.contains("Robotics"), "{html}");

        // 6: conference attendance for the whole cohort in one transaction, on each profile.
        let (status, batch) = app
            .submit(&chair, &format!("/v1/organizations/{conference}/certificates/batch"), "e",
                json!({ "kind": "event", "title": "Attended RustConf 2026", "holders_csv": "handle\nanna\nboris\nchen\n" }))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{batch}");
        for item in batch["certificates"].as_array().expect("items") {
            let id = item["id"].as_u64().expect("id");
            let holder = item["holder"].as_str().expect("holder");
            let v = eventually(app, &format!("/v1/verify/{id}"), |v| v["status"] == "active").await;
            assert_eq!((v["kind"].as_str(), v["holder"]["handle"].as_str()), (Some("event"), Some(holder)));
            // A conference they never dealt with: the badge waits until each accepts it.
            assert_eq!(v["placement"], "pending");
            let person = people.iter().find(|p| p.handle == holder).expect("holder");
            let (status, body) =
                app.submit(person, &format!("/v1/me/certificates/{id}/accept"), "accept", json!(null)).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            eventually(app, &format!("/v1/verify/{id}"), |v| v["placement"] == "listed").await;
            let profile = page(app, &format!("/u/{holder}")).await;
            assert!(profile.contains(&format!(r#"href="https://iktomi.test/c/{id}">Attended RustConf 2026</a>"#)), "{profile}");
            let html = page(app, &format!("/c/{id}")).await;
            assert!(html.contains(&format!("https://vk.com/share.php?url={}", encoded_link(id))));
        }
        Ok(())
    })
    .await
}
