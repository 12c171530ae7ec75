//! PRODUCT.md scenario 8 through the HTTP API on a real node: a holder requests a certificate,
//! the organization approves one request and rejects another.
use iktomi_devnet::platform::within;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::{kind, user};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_requested_certificate_is_approved_or_rejected_by_the_organization(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let dean = app.named_user("dean").await;
        let clerk = app.named_user("clerk").await;
        let (_, body) = app.telegram_attempt(777, None).await;
        let student = user(&body);
        let org = verified_organization(app, &dean, "Kazan University").await;
        app.join(&org, &dean, &clerk, "employee").await;

        let ask = |title: &str| {
            json!({ "organization_id": org, "kind": "course", "title": title,
                                        "description": "Completed the course" })
        };
        let (status, first) = app
            .submit(
                &student,
                "/v1/me/certificate-requests",
                "r1",
                ask("Rust 101"),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        let (status, second) = app
            .submit(&student, "/v1/me/certificate-requests", "r2", ask("Go 101"))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{second}");
        let (r1, r2) = (
            first["request_id"].as_u64().unwrap_or(0),
            second["request_id"].as_u64().unwrap_or(0),
        );

        // The organization's deciders are told of each request, in the follow-up that records it;
        // an employee and the student are not.
        let kinds_of = |who| async move {
            let notices = app.notices_of(who, "certificate_requested").await;
            notices
                .iter()
                .map(|n| {
                    n["payload"]["title"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect::<Vec<_>>()
        };
        let mut told = kinds_of(&dean).await;
        told.sort();
        assert_eq!(told, ["Go 101", "Rust 101"]);
        assert!(kinds_of(&clerk).await.is_empty(), "employees do not decide");
        assert!(kinds_of(&student).await.is_empty());

        let list = format!("/v1/organizations/{org}/certificate-requests");
        let (status, _) = app.get(&list, Some(&clerk.token)).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "employees do not decide requests"
        );
        let mut pending = Value::Null;
        for _ in 0..100 {
            let (_, body) = app.get(&list, Some(&dean.token)).await;
            if body.as_array().map(Vec::len) == Some(2) {
                pending = body;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        assert_eq!(pending[1]["title"], "Rust 101", "{pending}");
        assert_eq!(pending[1]["state"], "pending");
        assert_eq!(pending[1]["holder_handle"], student.handle.as_str());

        let (status, _) = app
            .submit(&clerk, &format!("{list}/{r1}/approve"), "a0", json!(null))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, approved) = app
            .submit(&dean, &format!("{list}/{r1}/approve"), "a1", json!(null))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{approved}");
        let certificate = approved["certificate_id"].as_u64().unwrap_or(0);
        let v = eventually(app, &format!("/v1/verify/{certificate}"), |v| {
            v["status"] == "active"
        })
        .await;
        assert_eq!(v["kind"], "course");
        assert_eq!(v["document_matches"], true);
        assert_eq!(v["document"]["name"], "Rust 101");
        // The holder is told, with the title, as after any other issue.
        let (_, inbox) = app.get("/v1/me/notifications", Some(&student.token)).await;
        let told: Vec<&Value> = inbox
            .as_array()
            .into_iter()
            .flatten()
            .filter(|n| n["kind"] == "certificate_issued")
            .collect();
        assert_eq!(told.len(), 1, "{inbox}");
        assert_eq!(told[0]["payload"]["certificate_id"], certificate);
        assert_eq!(told[0]["payload"]["title"], "Rust 101");
        assert_eq!(told[0]["payload"]["kind"], "course");

        let (status, body) = app
            .submit(&dean, &format!("{list}/{r1}/approve"), "a2", json!(null))
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(kind(&body), "not-pending");
        let (status, body) = app
            .submit(
                &dean,
                &format!("{list}/{r2}/reject"),
                "j1",
                json!({ "reason_code": 3 }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");

        let mine = {
            let mut last = Value::Null;
            for _ in 0..100 {
                let (_, body) = app
                    .get("/v1/me/certificate-requests", Some(&student.token))
                    .await;
                if body[0]["state"] == "rejected" {
                    last = body;
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            last
        };
        assert_eq!(mine[0]["reject_code"], 3, "{mine}");
        assert_eq!(mine[1]["state"], "approved");
        assert_eq!(mine[1]["certificate_id"], certificate);
        Ok(())
    })
    .await
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_holder_moves_a_certificate_to_a_new_wallet_once_the_issuer_approves(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        let chain = spawn_chain_app(db).await?;
        let app = &chain.app;
        let dean = app.named_user("dean").await;
        let (_, body) = app.telegram_attempt(778, None).await;
        let student = user(&body);
        let org = verified_organization(app, &dean, "Kazan University").await;
        let (status, issued) = app
            .submit(
                &dean,
                &format!("/v1/organizations/{org}/certificates"),
                "d1",
                json!({ "holder": student.handle, "kind": "diploma", "title": "BSc" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{issued}");
        let id = issued["id"].as_u64().unwrap_or(0);
        let before = eventually(app, &format!("/v1/verify/{id}"), |v| {
            v["status"] == "active"
        })
        .await;

        // The student binds a wallet of their own (a funded dev account, so it can sign its
        // acceptance) and asks to move the diploma there.
        let wallet = <sp_core::sr25519::Pair as sp_core::Pair>::from_string("//Ferdie", None)?;
        let signed = app.bind_challenge(&wallet, &student.token).await;
        let (status, _) = app
            .post("/v1/me/wallets", Some(&student.token), signed)
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let to = crate::support::ss58(&wallet);
        let (status, body) = app
            .submit(
                &student,
                "/v1/me/migrations",
                "m0",
                json!({ "organization_id": org, "certificate_id": id, "to": "5Grw" }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, requested) = app
            .submit(
                &student,
                "/v1/me/migrations",
                "m1",
                json!({ "organization_id": org, "certificate_id": id, "to": to }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{requested}");
        let migration = requested["migration_id"].as_u64().unwrap_or(0);
        // The issuer's deciders are told who asks to move what; the student is not.
        let moves = |who| app.notices_of(who, "migration_requested");
        let told = moves(&dean).await;
        assert_eq!(told.len(), 1, "{told:?}");
        assert_eq!(told[0]["payload"]["organization"], "Kazan University");
        assert_eq!(
            told[0]["payload"]["from"],
            format!("Anna (@{})", student.handle)
        );
        assert!(moves(&student).await.is_empty());
        mirrored(app, &student, migration).await;
        let (status, body) = app
            .submit(
                &dean,
                &format!("/v1/organizations/{org}/migrations/{migration}/approve"),
                "a0",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(kind(&body), "migration-not-accepted", "{body}");
        let (status, body) = app
            .submit(
                &student,
                &format!("/v1/me/migrations/{migration}/accept"),
                "c0",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(
            kind(&body),
            "external-wallet",
            "an external wallet signs its acceptance itself"
        );
        let accepted = chain
            .platform
            .registry_call::<()>(&iktomi_chain::dev::ferdie(), "accept_migration", migration)
            .await?;
        assert_eq!(accepted.value, Ok(()));

        let (status, _) = app
            .submit(
                &student,
                &format!("/v1/organizations/{org}/migrations/{migration}/approve"),
                "x",
                json!(null),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "the holder cannot approve their own migration"
        );
        let (status, body) = app
            .submit(
                &dean,
                &format!("/v1/organizations/{org}/migrations/{migration}/approve"),
                "a1",
                json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let after = eventually(app, &format!("/v1/verify/{id}"), |v| {
            v["holder"]["address"] == to.as_str()
        })
        .await;
        assert_ne!(after["holder"]["address"], before["holder"]["address"]);
        assert_eq!(after["holder"]["handle"], student.handle.as_str());
        assert_eq!(after["status"], "active");
        let (_, mine) = app.get("/v1/me/migrations", Some(&student.token)).await;
        assert_eq!(mine[0]["id"], migration, "{mine}");
        Ok(())
    })
    .await
}

/// Waits until the indexer mirrored `migration` into the holder's list.
pub async fn mirrored(
    app: &crate::support::TestApp,
    holder: &crate::support::User,
    migration: u64,
) -> Value {
    for _ in 0..150 {
        let (_, mine) = app.get("/v1/me/migrations", Some(&holder.token)).await;
        if let Some(m) = mine
            .as_array()
            .and_then(|all| all.iter().find(|m| m["id"] == migration))
        {
            return m.clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("migration {migration} was not mirrored");
}
