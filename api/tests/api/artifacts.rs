//! Uploads: type and size limits and private files stored by hash (PostgreSQL alone); on a real
//! node, indexer and PostgreSQL, a verified organization asked to read one, confirming it with a
//! certificate bound to the file's hash, or rejecting another with a reason.
use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::{answer, kind, spawn_app, TestApp, User};

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

/// A small but well-formed PDF.
fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF".to_vec()
}

/// dean runs a verified University, eve an unverified diploma mill; anna uploaded her diploma.
struct Diploma {
    dean: User,
    anna: User,
    eve: User,
    university: String,
    unverified: String,
    /// The uploaded diploma's id.
    id: String,
}

impl Diploma {
    fn file(&self) -> String {
        format!("/v1/artifacts/{}/file", self.id)
    }

    fn ask(&self) -> String {
        format!("/v1/me/artifacts/{}/reviews", self.id)
    }

    fn reviews(&self) -> String {
        format!("/v1/organizations/{}/artifact-reviews", self.university)
    }
}

async fn upload_diploma(app: &TestApp, anna: &User) -> (StatusCode, serde_json::Value) {
    upload(app, anna, "BSc%20diploma", "application/pdf", pdf()).await
}

async fn an_uploaded_diploma_and_a_verified_university(app: &TestApp) -> Diploma {
    let dean = app.named_user("dean").await;
    let anna = app.named_user("anna").await;
    let eve = app.named_user("eve").await;
    let university = verified_organization(app, &dean, "University").await;
    let unverified = app.organization(&eve, "Diploma mill").await;
    let (status, artifact) = upload_diploma(app, &anna).await;
    assert_eq!(status, StatusCode::CREATED, "{artifact}");
    let id = artifact["id"].as_str().expect("id").to_owned();
    Diploma {
        dean,
        anna,
        eve,
        university,
        unverified,
        id,
    }
}

/// Given: the diploma asked of the university; the review's id.
async fn asked_of_the_university(app: &TestApp, d: &Diploma) -> String {
    let body = json!({ "organization_id": d.university, "note": "Class of 2024" });
    let (status, asked) = app.post(&d.ask(), Some(&d.anna.token), body).await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    // The university's deciders are told, with who asks and what; nobody else is.
    let told = |who| app.notices_of(who, "artifact_review_requested");
    let notices = told(&d.dean).await;
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0]["payload"]["title"], "BSc diploma");
    assert_eq!(notices[0]["payload"]["from"], "@anna");
    assert!(
        told(&d.eve).await.is_empty(),
        "another organization's admin"
    );
    assert!(told(&d.anna).await.is_empty(), "the asker");
    let (_, pending) = app.get(&d.reviews(), Some(&d.dean.token)).await;
    pending[0]["review"]["id"]
        .as_str()
        .expect("review")
        .to_owned()
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_upload_of_the_wrong_type_or_size_or_without_a_title_is_refused(db: PgPool) {
    let app = spawn_app(db).await;
    let anna = app.named_user("anna").await;
    let pdf = pdf();

    let (status, body) = upload(&app, &anna, "Diploma", "text/html", pdf.clone()).await;
    assert_eq!(
        (status, kind(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation")
    );
    let (status, body) = upload(&app, &anna, "Diploma", "image/png", pdf.clone()).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a PDF is not a PNG: {body}"
    );
    let (status, body) = upload(
        &app,
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
    let (status, body) = upload(&app, &anna, "", "application/pdf", pdf).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_upload_is_stored_by_its_hash_unverified_and_served_to_its_owner(
    db: PgPool,
) -> anyhow::Result<()> {
    let app = spawn_app(db).await;
    let anna = app.named_user("anna").await;
    let pdf = pdf();

    let (status, artifact) = upload_diploma(&app, &anna).await;
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
    Ok(())
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_upload_is_read_by_a_verified_organization_only_once_its_owner_asks(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let d = an_uploaded_diploma_and_a_verified_university(app).await;
        let (dean, anna, university) = (&d.dean, &d.anna, &d.university);
        let (file, ask) = (d.file(), d.ask());

        let (status, _) = app.get(&file, Some(&dean.token)).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "private until the university is asked"
        );
        let (status, body) = app
            .post(
                &ask,
                Some(&anna.token),
                json!({ "organization_id": d.unverified }),
            )
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::CONFLICT, "not-an-issuer")
        );
        let (status, _) = app
            .post(
                &ask,
                Some(&d.eve.token),
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

        let reviews = d.reviews();
        let (status, _) = app.get(&reviews, Some(&anna.token)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, pending) = app.get(&reviews, Some(&dean.token)).await;
        assert_eq!(pending[0]["artifact"]["id"], d.id.as_str());
        assert_eq!(pending[0]["artifact"]["owner"], "anna");
        assert_eq!(pending[0]["review"]["note"], "Class of 2024");
        Ok(())
    })
    .await
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_upload_is_confirmed_by_a_certificate_bound_to_its_hash_or_rejected_with_a_reason(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let d = an_uploaded_diploma_and_a_verified_university(app).await;
        let (dean, anna, university) = (&d.dean, &d.anna, &d.university);
        let review = asked_of_the_university(app, &d).await;
        let reviews = d.reviews();
        let hex = hex::encode(Sha256::digest(pdf()));

        let confirm = format!("{reviews}/{review}/confirm");
        let diploma = json!({ "kind": "diploma", "title": "BSc Physics" });
        let (status, _) = app.submit(anna, &confirm, "c0", diploma.clone()).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "the owner cannot confirm their own upload"
        );
        let (status, issued) = app.submit(dean, &confirm, "c1", diploma.clone()).await;
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
        let (status, body) = app.submit(dean, &confirm, "c2", diploma).await;
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
            anna,
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
