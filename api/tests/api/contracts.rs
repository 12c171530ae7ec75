//! Employment contracts on chain: signed by both sides, anchored, hired from into an employment
//! certificate, completed and reviewed — and every refusal on the way. Drafting and signing
//! without a chain are in `contract_drafts`.
use iktomi_chain::Chain;
use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::hiring_support::{offer_stage, post_resume, post_vacancy, sign, terms};
use crate::support::kind;

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_contract_signed_by_both_is_anchored_and_hiring_issues_the_employment_certificate(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let hr = app.named_user("hr_lead").await;
        let anna = app.named_user("anna").await;
        let org = verified_organization(app, &hr, "Acme").await;
        let offer = offer_stage(app, &hr, &anna, &org).await;
        let (_, drafted) = app
            .post(
                &format!("/v1/applications/{}/contract", offer.application),
                Some(&hr.token),
                terms(),
            )
            .await;
        let id = drafted["id"].as_str().expect("id").to_owned();
        let contract = format!("/v1/contracts/{id}");
        sign(app, &anna, &id, json!({})).await;
        let (status, signed) = sign(app, &hr, &id, json!({})).await;
        assert_eq!(
            (status, signed["status"].as_str()),
            (StatusCode::OK, Some("signed")),
            "{signed}"
        );

        // Anyone can check the anchor: the block holds the operator's remark of the hash.
        let hash = hex::decode(
            signed["content_hash"]
                .as_str()
                .expect("hash")
                .trim_start_matches("0x"),
        )?;
        let remark = [b"iktomi:contract:".as_slice(), &hash].concat();
        assert_eq!(
            signed["anchor"]["remark"].as_str(),
            Some(format!("0x{}", hex::encode(&remark)).as_str())
        );
        let block: [u8; 32] = hex::decode(
            signed["anchor"]["block"]
                .as_str()
                .expect("block")
                .trim_start_matches("0x"),
        )?
        .try_into()
        .expect("32 bytes");
        let node = Chain::connect_legacy(&chain.platform.node.url).await?;
        let remarks = node.remarks_in(block).await?;
        let digest = <sp_core::Blake2Hasher as sp_core::Hasher>::hash(&remark).0;
        assert!(
            remarks.iter().any(|(_, h)| *h == digest),
            "the block holds the remark"
        );

        let (status, body) = app
            .post(&format!("{contract}/hire"), Some(&anna.token), json!({}))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (status, hired) = app
            .post(&format!("{contract}/hire"), Some(&hr.token), json!({}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{hired}");
        assert_eq!(hired["contract"]["status"], "active");
        let certificate = hired["certificate"]["id"].as_u64().expect("certificate id");
        assert_eq!(
            hired["contract"]["certificate_id"].as_u64(),
            Some(certificate)
        );
        let (status, body) = app
            .post(&format!("{contract}/hire"), Some(&hr.token), json!({}))
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::CONFLICT, "contract-not-signed"),
            "hired once"
        );
        let verified = eventually(app, &format!("/v1/verify/{certificate}"), |v| {
            v["status"] == "active"
        })
        .await;
        assert_eq!(verified["kind"], "employment", "{verified}");
        let (_, application) = app
            .get(
                &format!("/v1/applications/{}", offer.application),
                Some(&anna.token),
            )
            .await;
        assert_eq!(application["status"], "hired");

        // Completed, each side reviews the other once; the candidate's rating feeds matching.
        let (status, body) = app
            .post(
                &format!("{contract}/reviews"),
                Some(&hr.token),
                json!({ "rating": 5 }),
            )
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::CONFLICT, "contract-not-completed")
        );
        assert_eq!(
            app.post(
                &format!("{contract}/complete"),
                Some(&anna.token),
                json!({})
            )
            .await
            .0,
            StatusCode::FORBIDDEN
        );
        let (status, done) = app
            .post(&format!("{contract}/complete"), Some(&hr.token), json!({}))
            .await;
        assert_eq!(
            (status, done["status"].as_str()),
            (StatusCode::OK, Some("completed"))
        );
        let (status, body) = app
            .post(
                &format!("{contract}/reviews"),
                Some(&hr.token),
                json!({ "rating": 6 }),
            )
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation")
        );
        let (status, reviewed) = app
            .post(
                &format!("{contract}/reviews"),
                Some(&hr.token),
                json!({ "rating": 5, "text": "Shipped the indexer early" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{reviewed}");
        let (status, body) = app
            .post(
                &format!("{contract}/reviews"),
                Some(&hr.token),
                json!({ "rating": 1 }),
            )
            .await;
        assert_eq!(
            (status, kind(&body)),
            (StatusCode::CONFLICT, "already-reviewed")
        );
        let (status, both) = app
            .post(
                &format!("{contract}/reviews"),
                Some(&anna.token),
                json!({ "rating": 4, "text": "Good team" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(both["reviews"].as_array().map(Vec::len), Some(2));

        let twin = app.named_user("twin").await;
        post_resume(app, &twin, json!([{ "name": "Rust", "level": 4 }])).await;
        let next = post_vacancy(
            app,
            &hr,
            &org,
            "Rust lead",
            json!([{ "name": "Rust", "level": 4 }]),
        )
        .await;
        let (_, ranked) = app
            .get(&format!("/v1/vacancies/{next}/matches"), Some(&hr.token))
            .await;
        assert_eq!(
            ranked[0]["owner"], "anna",
            "the reviewed candidate first: {ranked}"
        );
        assert_eq!(ranked[0]["reasons"]["review_score"], 5.0);
        assert!(ranked[1]["reasons"]["review_score"].is_null());
        assert!(ranked[0]["score"].as_f64() > ranked[1]["score"].as_f64());
        let (_, for_anna) = app
            .get(
                &format!("/v1/me/resumes/{}/matches", offer.resume),
                Some(&anna.token),
            )
            .await;
        assert_eq!(for_anna[0]["reasons"]["review_score"], 4.0, "{for_anna}");
        Ok(())
    })
    .await
}
