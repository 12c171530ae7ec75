//! Issuing through the API on a real node, indexer and PostgreSQL: PRODUCT.md scenario 3's
//! hire → promote → dismiss, verified publicly at each step; idempotent retries; authorization.
use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::{answer, kind, TestApp};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn hire_promote_dismiss_through_the_api_and_verify_each_step(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let hr = app.named_user("hr_lead").await;
        // Certificates go to her custodial wallet, which the API signs her acceptance with.
        let anna = crate::tenure::telegram_person(app, 4243, "anna").await;
        let org = verified_organization(app, &hr, "Acme").await;

        let hire = json!({ "holder": "anna", "title": "Engineer", "position": "Engineer",
                           "description": "Backend engineer", "evidence": ["https://acme.example/offer"] });
        let path = format!("/v1/organizations/{org}/employments");
        let (status, hired) = app.submit(&hr, &path, "hire-anna", hire.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{hired}");
        let first = hired["id"].as_u64().expect("id");
        assert_eq!(hired["document"]["type"], json!(["VerifiableCredential", "OpenBadgeCredential"]));

        // A retry answers the same certificate and issues nothing new.
        let (status, again) = app.submit(&hr, &path, "hire-anna", hire.clone()).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(again["id"], hired["id"]);
        // The same key with another body is refused.
        let mut other = hire.clone();
        other["title"] = json!("CTO");
        let (status, body) = app.submit(&hr, &path, "hire-anna", other).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

        let verified = eventually(app, &format!("/v1/verify/{first}"), |v| v["status"] == "active").await;
        assert_eq!(verified["kind"], "employment");
        assert_eq!(verified["document_matches"], true);
        assert_eq!(verified["holder"]["handle"], "anna");
        assert_eq!(verified["issuer"]["organization_name"], "Acme");
        assert_eq!(verified["issuer"]["verified"], true);
        // Acme is a stranger to her until she accepts; her promotion then follows into her list.
        assert_eq!(verified["placement"], "pending");
        let (status, body) = app
            .submit(&anna, &format!("/v1/me/certificates/{first}/accept"), "accept", json!(null))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        eventually(app, &format!("/v1/verify/{first}"), |v| v["placement"] == "listed").await;

        // Promote: the old one is superseded in the same transaction, both link.
        let (status, promoted) = app.submit(&hr, &format!("/v1/organizations/{org}/employments/{first}/promote"), "promote-anna",
            json!({ "title": "Senior engineer", "position": "Senior engineer" }),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{promoted}");
        let second = promoted["id"].as_u64().expect("id");
        let old = eventually(app, &format!("/v1/verify/{first}"), |v| v["status"] == "superseded").await;
        assert_eq!(old["superseded_by"], json!([second]));
        let new = eventually(app, &format!("/v1/verify/{second}"), |v| v["status"] == "active").await;
        assert_eq!(new["supersedes"], json!([first]));

        // Promoting the superseded one again is refused by the registry.
        let (status, body) = app.submit(&hr, &format!("/v1/organizations/{org}/employments/{first}/promote"), "promote-again",
            json!({ "title": "CTO", "position": "CTO" }),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(kind(&body), "certificate-revoked");

        // Dismiss.
        let (status, body) = app.submit(&hr, &format!("/v1/organizations/{org}/employments/{second}/dismiss"), "dismiss-anna", json!(null),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let dismissed = eventually(app, &format!("/v1/verify/{second}"), |v| v["status"] == "revoked").await;
        assert_eq!(dismissed["revocation_reason"], "dismissed");

        let (_, held) = app.get("/v1/people/anna/certificates", None).await;
        assert_eq!(held.as_array().map(Vec::len), Some(2));

        // A presented document is recognised by its hash, and says whether it still holds.
        let (status, check) = app.post("/v1/verify", None, json!({ "document": hired["document"] })).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(check["certificates"][0]["id"], first);
        assert_eq!(check["holds"], false);
        let mut forged = hired["document"].clone();
        forged["name"] = json!("CTO");
        let (_, check) = app.post("/v1/verify", None, json!({ "document": forged })).await;
        assert_eq!(check["certificates"], json!([]));

        // The public pages show the right status, with Open Graph tags, a QR code and shares.
        let page = html(app, &format!("/c/{first}")).await;
        assert!(page.contains(r#"id="status">Superseded<"#), "{page}");
        assert!(page.contains(&format!(r#"<a href="https://iktomi.test/c/{second}">#{second}</a>"#)));
        assert!(page.contains(r#"<meta property="og:title" content="Engineer — Iktomi">"#));
        assert!(page.contains("https://vk.com/share.php?url=https%3A%2F%2Fiktomi.test%2Fc%2F"));
        assert!(page.contains("https://t.me/share/url?url="));
        assert!(page.contains("<svg"));
        let page = html(app, &format!("/c/{second}")).await;
        assert!(page.contains(r#"id="status">Revoked (dismissed)<"#), "{page}");
        let profile = html(app, "/u/anna").await;
        assert!(profile.contains(&format!(r#"href="https://iktomi.test/c/{second}">Senior engineer</a>"#)), "{profile}");
        let response = app.http.get(app.at("/c/424242")).send().await?;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        Ok(())
    })
    .await
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn only_managers_of_a_verified_issuer_issue_and_only_their_own(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let hr = app.named_user("hr_lead").await;
        let emp = app.named_user("emp").await;
        let rival = app.named_user("rival").await;
        app.named_user("anna").await;
        let org = verified_organization(app, &hr, "Acme").await;
        app.join(&org, &hr, &emp, "employee").await;
        let unverified = app.organization(&rival, "Rival").await;
        let diploma = json!({ "holder": "anna", "kind": "diploma", "title": "BSc" });

        let path = format!("/v1/organizations/{org}/certificates");
        let (status, _) = app.submit(&emp, &path, "k1", diploma.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "an employee cannot issue");
        let (status, body) = app
            .submit(
                &rival,
                &format!("/v1/organizations/{unverified}/certificates"),
                "k2",
                diploma.clone(),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(kind(&body), "not-an-issuer");
        let (status, _) = app.submit(&rival, &path, "k3", diploma.clone()).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "another organization's admin cannot issue here"
        );

        let response = app
            .http
            .post(app.at(&path))
            .bearer_auth(&hr.token)
            .json(&diploma)
            .send()
            .await?;
        let (status, body) = answer(response).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "Idempotency-Key is required: {body}"
        );

        let mut bad = diploma.clone();
        bad["title"] = json!("");
        bad["expires_at"] = json!("2001-01-01T00:00:00Z");
        let (status, body) = app.submit(&hr, &path, "k4", bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"].as_array().map(Vec::len), Some(2));

        let (status, issued) = app.submit(&hr, &path, "k5", diploma.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{issued}");
        let id = issued["id"].as_u64().expect("id");
        eventually(app, &format!("/v1/verify/{id}"), |v| {
            v["status"] == "active"
        })
        .await;

        // A cohort in one transaction, from a list and a CSV.
        let batch = format!("/v1/organizations/{org}/certificates/batch");
        let (status, body) = app
            .submit(
                &hr,
                &batch,
                "b0",
                json!({ "kind": "course", "title": "Rust 101", "holders": ["anna", "nobody"] }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "holders[1]");
        let (status, cohort) = app
            .submit(
                &hr,
                &batch,
                "b1",
                json!({ "kind": "course", "title": "Rust 101", "holders": ["anna"],
                    "holders_csv": "name,handle\nEmp,emp\nAnna again,anna\n" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{cohort}");
        let items = cohort["certificates"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(items.len(), 2, "{cohort}");
        assert_eq!(items[1]["holder"], "emp");
        for item in &items {
            let id = item["id"].as_u64().unwrap_or_default();
            let v = eventually(app, &format!("/v1/verify/{id}"), |v| {
                v["status"] == "active"
            })
            .await;
            assert_eq!(v["holder"]["handle"], item["holder"]);
            assert_eq!(v["document_matches"], true);
        }

        // A rival organization, once verified, still cannot revoke Acme's certificate.
        let rival_org = verified_organization(app, &rival, "Rival Verified").await;
        let (status, body) = app
            .submit(
                &rival,
                &format!("/v1/organizations/{rival_org}/certificates/{id}/revoke"),
                "k6",
                json!({ "reason": "fraud" }),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (_, still) = app.get(&format!("/v1/verify/{id}"), None).await;
        assert_eq!(still["status"], "active");

        let (status, _) = app.get("/v1/verify/999999", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.get("/v1/verify/abc", None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        Ok(())
    })
    .await
}

async fn html(app: &TestApp, path: &str) -> String {
    let response = app.http.get(app.at(path)).send().await.expect("page");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/html"));
    response.text().await.unwrap_or_default()
}
