use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;

use crate::support::{kind, spawn_app};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_created_organization_is_public_and_its_creator_is_admin(db: PgPool) {
    let app = spawn_app(db).await;
    let admin = app.named_user("olga").await;
    let org = app.organization(&admin, "Acme Robotics").await;
    let (status, body) = app.get(&format!("/v1/organizations/{org}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["name"], "Acme Robotics");
    assert_eq!(body["verified"], false);
    let (_, members) = app
        .get(
            &format!("/v1/organizations/{org}/members"),
            Some(&admin.token),
        )
        .await;
    assert_eq!(members["items"][0]["role"], "admin");
    let (_, mine) = app.get("/v1/me/organizations", Some(&admin.token)).await;
    assert_eq!(mine[0]["organization"]["id"], org.as_str());
    let (_, listed) = app.get("/v1/organizations?q=robot", None).await;
    assert_eq!(listed["items"][0]["id"], org.as_str());
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn invite_accept_change_role_and_remove(db: PgPool) {
    let app = spawn_app(db).await;
    let admin = app.named_user("olga").await;
    let ivan = app.named_user("ivan").await;
    let org = app.organization(&admin, "Acme").await;
    let members = format!("/v1/organizations/{org}/members");

    let (status, _) = app
        .post(
            &members,
            Some(&admin.token),
            json!({ "handle": "ivan", "role": "employee" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = app
        .post(
            &members,
            Some(&admin.token),
            json!({ "handle": "ivan", "role": "manager" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(kind(&body), "already-member");
    // Not yet accepted: no access to the member list.
    let (status, _) = app.get(&members, Some(&ivan.token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .act(
            &format!("/v1/organizations/{org}/invitation/accept"),
            &ivan.token,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get(&members, Some(&ivan.token)).await;
    assert_eq!(status, StatusCode::OK);

    let (_, first) = app
        .get(&format!("{members}?limit=1"), Some(&ivan.token))
        .await;
    assert_eq!(first["items"][0]["handle"], "ivan");
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, second) = app
        .get(
            &format!("{members}?limit=1&cursor={cursor}"),
            Some(&ivan.token),
        )
        .await;
    assert_eq!(second["items"][0]["handle"], "olga");
    assert!(second["next_cursor"].is_null());

    // An employee cannot invite or change roles.
    let (status, body) = app
        .post(
            &members,
            Some(&ivan.token),
            json!({ "handle": "olga", "role": "admin" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(kind(&body), "forbidden");
    let me_ivan = format!("{members}/{}", ivan.account_id);
    let (status, _) = app
        .send(
            Method::PUT,
            &me_ivan,
            Some(&ivan.token),
            Some(json!({ "role": "admin" })),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, _) = app
        .send(
            Method::PUT,
            &me_ivan,
            Some(&admin.token),
            Some(json!({ "role": "manager" })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app
        .send(
            Method::PUT,
            &me_ivan,
            Some(&admin.token),
            Some(json!({ "role": "boss" })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // The last admin can neither leave nor be demoted.
    let me_admin = format!("{members}/{}", admin.account_id);
    let (status, body) = app
        .send(Method::DELETE, &me_admin, Some(&admin.token), None)
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(kind(&body), "last-admin");
    let (status, _) = app
        .send(
            Method::PUT,
            &me_admin,
            Some(&admin.token),
            Some(json!({ "role": "employee" })),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let (status, _) = app
        .send(Method::DELETE, &me_ivan, Some(&admin.token), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get(&members, Some(&ivan.token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn another_organizations_admin_has_no_power_here(db: PgPool) {
    let app = spawn_app(db).await;
    let olga = app.named_user("olga").await;
    let petr = app.named_user("petr").await;
    let acme = app.organization(&olga, "Acme").await;
    let _globex = app.organization(&petr, "Globex").await;
    let (status, _) = app
        .post(
            &format!("/v1/organizations/{acme}/members"),
            Some(&petr.token),
            json!({ "handle": "petr", "role": "admin" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            &format!("/v1/organizations/{acme}/verification"),
            Some(&petr.token),
            json!({ "web_domain": "acme.com" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .get(
            &format!("/v1/organizations/{acme}/wallets"),
            Some(&petr.token),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn bad_organization_input_is_refused(db: PgPool) {
    let app = spawn_app(db).await;
    let olga = app.named_user("olga").await;
    let (status, body) = app
        .post(
            "/v1/organizations",
            Some(&olga.token),
            json!({ "name": "", "kind": "employer", "website": "ftp://x" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"].as_array().unwrap().len(), 2);
    let (status, _) = app
        .post(
            "/v1/organizations",
            Some(&olga.token),
            json!({ "name": "Acme", "kind": "guild" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app.get("/v1/organizations/not-a-uuid", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app
        .get(&format!("/v1/organizations/{}", uuid::Uuid::new_v4()), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn verification_requests_are_decided_by_operators_only(db: PgPool) {
    let app = spawn_app(db).await;
    let olga = app.named_user("olga").await;
    let org = app.organization(&olga, "Acme").await;
    let request = json!({ "web_domain": "acme.com",
        "documents": [{ "url": "https://acme.com/registry.pdf", "sha256": "ab".repeat(32) }] });
    let (status, created) = app
        .post(
            &format!("/v1/organizations/{org}/verification"),
            Some(&olga.token),
            request.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (status, body) = app
        .post(
            &format!("/v1/organizations/{org}/verification"),
            Some(&olga.token),
            request,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(kind(&body), "verification-pending");

    let id = created["id"].as_str().unwrap();
    let (status, _) = app
        .get("/v1/verification-requests", Some(&olga.token))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .act(
            &format!("/v1/verification-requests/{id}/approve"),
            &olga.token,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let operator = app.operator().await;
    let (_, me) = app.get("/v1/me", Some(&operator.token)).await;
    assert_eq!(me["is_operator"], true);
    let (status, queue) = app
        .get("/v1/verification-requests", Some(&operator.token))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(queue["items"][0]["id"], id);
    // Without a chain deployment an approval cannot happen, and nothing changes.
    let (status, body) = app
        .act(
            &format!("/v1/verification-requests/{id}/approve"),
            &operator.token,
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(kind(&body), "unavailable");
    let (status, body) = app
        .post(
            &format!("/v1/verification-requests/{id}/reject"),
            Some(&operator.token),
            json!({ "reason": "" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = app
        .post(
            &format!("/v1/verification-requests/{id}/reject"),
            Some(&operator.token),
            json!({ "reason": "the registry extract is unreadable" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "rejected");
    let (status, _) = app
        .post(
            &format!("/v1/verification-requests/{id}/reject"),
            Some(&operator.token),
            json!({ "reason": "again" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, history) = app
        .get(
            &format!("/v1/organizations/{org}/verification"),
            Some(&olga.token),
        )
        .await;
    assert_eq!(history[0]["reason"], "the registry extract is unreadable");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn verification_evidence_is_validated(db: PgPool) {
    let app = spawn_app(db).await;
    let olga = app.named_user("olga").await;
    let org = app.organization(&olga, "Acme").await;
    let (status, body) = app
        .post(
            &format!("/v1/organizations/{org}/verification"),
            Some(&olga.token),
            json!({ "web_domain": "not a domain", "documents": [{ "url": "x", "sha256": "zz" }] }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["web_domain", "documents[0].url", "documents[0].sha256"]
    );
}
