//! Issue 15, item 6 through the HTTP API on a real node and indexer: an organization the person
//! has no relationship with sends them certificates. They wait pending, off the public profile;
//! the holder hides one and accepts another, and nobody else can do either for them.
use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::{kind, TestApp, User};
use crate::tenure::telegram_person;

/// Issues a diploma titled `title` from `org` to `holder`; its id.
async fn send(app: &TestApp, dean: &User, org: &str, holder: &str, title: &str) -> u64 {
    let (status, issued) = app
        .submit(
            dean,
            &format!("/v1/organizations/{org}/certificates"),
            &title.replace(' ', "-"),
            json!({ "holder": holder, "kind": "diploma", "title": title }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    issued["id"].as_u64().unwrap_or_default()
}

/// `id` once the mirror shows it with `placement`.
async fn placed(app: &TestApp, id: u64, placement: &str) -> Value {
    eventually(app, &format!("/v1/verify/{id}"), |v| {
        v["placement"] == placement
    })
    .await
}

fn ids(list: &Value) -> Vec<u64> {
    list.as_array()
        .map(|all| all.iter().filter_map(|c| c["id"].as_u64()).collect())
        .unwrap_or_default()
}

async fn page(app: &TestApp, path: &str) -> String {
    let response = app.http.get(app.at(path)).send().await.expect("page");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap_or_default()
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn unsolicited_certificates_wait_pending_and_only_their_holder_places_them(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let dean = app.named_user("dean").await;
        let org = verified_organization(app, &dean, "Diploma Mill").await;
        let lena = telegram_person(app, 7001, "lena").await;
        let mallory = telegram_person(app, 7002, "mallory").await;

        let unwanted = send(app, &dean, &org, "lena", "Astrology MSc").await;
        let wanted = send(app, &dean, &org, "lena", "Rust course").await;
        let ignored = send(app, &dean, &org, "lena", "Flat Earth BSc").await;
        for id in [unwanted, wanted, ignored] {
            let verified = placed(app, id, "pending").await;
            assert_eq!(verified["status"], "active", "genuine, only not accepted");
        }

        // Nothing of it is on her public profile; she sees all three, marked pending.
        let (_, public) = app.get("/v1/people/lena/certificates", None).await;
        assert_eq!(ids(&public), Vec::<u64>::new(), "{public}");
        let profile = page(app, "/u/lena").await;
        assert!(!profile.contains("Astrology"), "{profile}");
        let (status, mine) = app.get("/v1/me/certificates", Some(&lena.token)).await;
        assert_eq!(status, StatusCode::OK, "{mine}");
        assert_eq!(ids(&mine), vec![ignored, wanted, unwanted], "{mine}");
        assert!(mine
            .as_array()
            .is_some_and(|all| all.iter().all(|c| c["placement"] == "pending")));
        let certificate = page(app, &format!("/c/{unwanted}")).await;
        assert!(
            certificate.contains("not yet accepted by the holder"),
            "{certificate}"
        );

        // Another person, or the issuer itself, cannot accept or hide them for her.
        for (who, tag) in [(&mallory, "m"), (&dean, "d")] {
            for action in ["accept", "hide"] {
                let (status, body) = app
                    .submit(
                        who,
                        &format!("/v1/me/certificates/{wanted}/{action}"),
                        &format!("{tag}-{action}"),
                        json!(null),
                    )
                    .await;
                assert_eq!(status, StatusCode::NOT_FOUND, "{action}: {body}");
            }
        }
        placed(app, wanted, "pending").await;

        // She hides one and accepts another.
        let (status, body) = app
            .submit(
                &lena,
                &format!("/v1/me/certificates/{unwanted}/hide"),
                "hide",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = app
            .submit(
                &lena,
                &format!("/v1/me/certificates/{wanted}/accept"),
                "accept",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let hidden = placed(app, unwanted, "hidden").await;
        assert_eq!(hidden["status"], "active", "hidden, still genuine");
        placed(app, wanted, "listed").await;

        // Only the accepted one is public; the ignored one still waits for her.
        let (_, public) = app.get("/v1/people/lena/certificates", None).await;
        assert_eq!(ids(&public), vec![wanted], "{public}");
        let profile = page(app, "/u/lena").await;
        assert!(profile.contains("Rust course"), "{profile}");
        assert!(!profile.contains("Astrology"), "{profile}");
        assert!(!profile.contains("Flat Earth"), "{profile}");
        let (_, mine) = app.get("/v1/me/certificates", Some(&lena.token)).await;
        let placement = |id: u64| {
            mine.as_array()
                .and_then(|all| all.iter().find(|c| c["id"] == id))
                .map(|c| c["placement"].clone())
        };
        assert_eq!(placement(unwanted), Some(json!("hidden")), "{mine}");
        assert_eq!(placement(wanted), Some(json!("listed")), "{mine}");
        assert_eq!(placement(ignored), Some(json!("pending")), "{mine}");

        // A hidden certificate cannot be accepted afterwards, nor hidden twice.
        let (status, body) = app
            .submit(
                &lena,
                &format!("/v1/me/certificates/{unwanted}/accept"),
                "accept-hidden",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(kind(&body), "certificate-not-pending", "{body}");
        let (status, body) = app
            .submit(
                &lena,
                &format!("/v1/me/certificates/{unwanted}/hide"),
                "hide-again",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(kind(&body), "certificate-hidden", "{body}");
        Ok(())
    })
    .await
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_certificate_in_an_external_wallet_is_placed_from_that_wallet(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let dean = app.named_user("dean").await;
        let org = verified_organization(app, &dean, "Diploma Mill").await;
        let oleg = app.named_user("oleg").await;
        let sent = send(app, &dean, &org, "oleg", "Astrology MSc").await;
        placed(app, sent, "pending").await;
        let (status, body) = app
            .submit(
                &oleg,
                &format!("/v1/me/certificates/{sent}/accept"),
                "accept",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(kind(&body), "external-wallet", "{body}");
        Ok(())
    })
    .await
}
