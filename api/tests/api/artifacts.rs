//! Uploads on a real node, indexer and PostgreSQL: type and size limits, private files stored
//! by hash, an organization confirming one with a certificate bound to the file's hash, or
//! rejecting another with a reason.
use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::{answer, kind, TestApp, User};

async fn upload(
    app: &TestApp,
    who: &User,
    title: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> (StatusCode, serde_json::Value) {
    let response = app
        .http
        .post(app.at(&format!("/v1/me/artifacts?title={title}")))
        .bearer_auth(&who.token)
        .header("content-type", content_type)
        .body(bytes)
        .send()
        .await
        .expect("upload");
    answer(response).await
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_upload_is_verified_by_a_certificate_bound_to_its_hash_or_rejected_with_a_reason(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let dean = app.named_user("dean").await;
        let anna = app.named_user("anna").await;
        let eve = app.named_user("eve").await;
        let university = verified_organization(app, &dean, "University").await;
        let unverified = app.organization(&eve, "Diploma mill").await;

        let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF".to_vec();
        let (status, body) = upload(app, &anna, "Diploma", "text/html", pdf.clone()).await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation")
        );
        let (status, body) = upload(app, &anna, "Diploma", "image/png", pdf.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a PDF is not a PNG: {body}"
        );
        let (status, body) = upload(
            app,
            &anna,
            "Huge",
            "application/pdf",
            [b"%PDF-".to_vec(), vec![b'x'; 300 * 1024]].concat(),
        )
        .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large")
        );
        let (status, body) = upload(app, &anna, "", "application/pdf", pdf.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

        let (status, artifact) =
            upload(app, &anna, "BSc%20diploma", "application/pdf", pdf.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{artifact}");
        assert_eq!(artifact["label"], "unverified");
        assert_eq!(artifact["title"], "BSc diploma");
        let hash: [u8; 32] = Sha256::digest(&pdf).into();
        assert_eq!(artifact["content_hash"], format!("0x{}", hex::encode(hash)));
        let hex = hex::encode(hash);
        let stored = app.artifacts.path().join(&hex[..2]).join(&hex);
        assert_eq!(
            std::fs::read(&stored)?,
            pdf,
            "stored under the data directory by its hash"
        );
        let id = artifact["id"].as_str().expect("id").to_owned();

        let file = format!("/v1/artifacts/{id}/file");
        let response = app
            .http
            .get(app.at(&file))
            .bearer_auth(&anna.token)
            .send()
            .await?;
        assert_eq!(response.headers()["content-type"], "application/pdf");
        assert_eq!(response.bytes().await?.to_vec(), pdf);
        let (status, _) = app.get(&file, Some(&dean.token)).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "private until the university is asked"
        );

        let ask = format!("/v1/me/artifacts/{id}/reviews");
        let (status, body) = app
            .post(
                &ask,
                Some(&anna.token),
                json!({ "organization_id": unverified }),
            )
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::CONFLICT, "not-an-issuer")
        );
        let (status, _) = app
            .post(
                &ask,
                Some(&eve.token),
                json!({ "organization_id": university }),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "not eve's upload");
        let (status, asked) = app
            .post(
                &ask,
                Some(&anna.token),
                json!({ "organization_id": university, "note": "Class of 2024" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{asked}");
        let (status, body) = app
            .post(
                &ask,
                Some(&anna.token),
                json!({ "organization_id": university }),
            )
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::CONFLICT, "already-asked")
        );
        let response = app
            .http
            .get(app.at(&file))
            .bearer_auth(&dean.token)
            .send()
            .await?;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "the university reads what it was asked to verify"
        );

        let reviews = format!("/v1/organizations/{university}/artifact-reviews");
        let (status, _) = app.get(&reviews, Some(&anna.token)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, pending) = app.get(&reviews, Some(&dean.token)).await;
        assert_eq!(pending[0]["artifact"]["id"], id.as_str());
        assert_eq!(pending[0]["artifact"]["owner"], "anna");
        assert_eq!(pending[0]["review"]["note"], "Class of 2024");
        let review = pending[0]["review"]["id"]
            .as_str()
            .expect("review")
            .to_owned();

        let confirm = format!("{reviews}/{review}/confirm");
        let diploma = json!({ "kind": "diploma", "title": "BSc Physics" });
        let (status, _) = app.submit(&anna, &confirm, "c0", diploma.clone()).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "the owner cannot confirm their own upload"
        );
        let (status, issued) = app.submit(&dean, &confirm, "c1", diploma.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{issued}");
        let evidence = issued["document"]["evidence"].as_array().expect("evidence");
        let bound = evidence
            .iter()
            .find(|e| e["genre"] == "application/pdf")
            .expect("the artifact");
        assert_eq!(bound["description"], format!("SHA-256 {hex}"));
        assert!(bound["id"]
            .as_str()
            .is_some_and(|i| i.starts_with("ni:///sha-256;")));
        let certificate = issued["id"].as_u64().expect("id");
        let verified = eventually(app, &format!("/v1/verify/{certificate}"), |v| {
            v["status"] == "active"
        })
        .await;
        assert_eq!(
            verified["document_matches"], true,
            "the hash on chain covers the file's hash"
        );
        let (status, body) = app.submit(&dean, &confirm, "c2", diploma).await;
        assert_eq!((status, kind(&body)), (StatusCode::CONFLICT, "not-pending"));

        let (_, mine) = app.get("/v1/me/artifacts", Some(&anna.token)).await;
        assert_eq!(mine[0]["label"], "verified");
        assert_eq!(
            mine[0]["reviews"][0]["certificate_id"].as_u64(),
            Some(certificate)
        );

        // A second upload is rejected with a reason and stays unverified.
        let (_, scan) = upload(
            app,
            &anna,
            "Transcript",
            "image/png",
            b"\x89PNG\r\n\x1a\n....".to_vec(),
        )
        .await;
        let scan_id = scan["id"].as_str().expect("id");
        app.post(
            &format!("/v1/me/artifacts/{scan_id}/reviews"),
            Some(&anna.token),
            json!({ "organization_id": university }),
        )
        .await;
        let (_, pending) = app.get(&reviews, Some(&dean.token)).await;
        let second = pending[0]["review"]["id"].as_str().expect("review");
        let reject = format!("{reviews}/{second}/reject");
        let (status, _) = app
            .post(&reject, Some(&dean.token), json!({ "reason": "" }))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, rejected) = app
            .post(
                &reject,
                Some(&dean.token),
                json!({ "reason": "Not our transcript format" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{rejected}");
        let (_, mine) = app.get("/v1/me/artifacts", Some(&anna.token)).await;
        let scan = mine
            .as_array()
            .expect("list")
            .iter()
            .find(|a| a["id"] == scan_id)
            .expect("scan");
        assert_eq!(scan["label"], "unverified");
        assert_eq!(scan["reviews"][0]["reason"], "Not our transcript format");
        Ok(())
    })
    .await
}
