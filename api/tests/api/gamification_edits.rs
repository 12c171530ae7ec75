//! Admins edit points, raise levels, set level thresholds and grant or revoke badges only through
//! the ledger, and the leaderboards per period read it. Each test re-does the edits before its
//! own through the `given` steps below.
use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::support::{kind, spawn_app, TestApp, User};

/// Acme (run by hr_admin) with employees dana and eli and manager max; rival runs Rival.
struct Acme {
    admin: User,
    dana: User,
    eli: User,
    max: User,
    rival: User,
    org: String,
    rival_org: String,
}

impl Acme {
    fn path(&self, tail: &str) -> String {
        format!("/v1/organizations/{}/{tail}", self.org)
    }
}

async fn acme_with_two_employees_and_a_manager(app: &TestApp) -> Acme {
    let admin = app.named_user("hr_admin").await;
    let dana = app.named_user("dana").await;
    let eli = app.named_user("eli").await;
    let max = app.named_user("max").await;
    let rival = app.named_user("rival").await;
    let org = app.organization(&admin, "Acme").await;
    let rival_org = app.organization(&rival, "Rival").await;
    app.join(&org, &admin, &dana, "employee").await;
    app.join(&org, &admin, &eli, "employee").await;
    app.join(&org, &admin, &max, "manager").await;
    Acme {
        admin,
        dana,
        eli,
        max,
        rival,
        org,
        rival_org,
    }
}

/// A successful admin edit; its answer.
async fn admin_posts(app: &TestApp, acme: &Acme, path: &str, body: Value) -> Value {
    let (status, answer) = app.post(path, Some(&acme.admin.token), body).await;
    assert_eq!(status, StatusCode::CREATED, "{path}: {answer}");
    answer
}

async fn give_points(app: &TestApp, acme: &Acme, handle: &str, amount: i64, reason: &str) -> Value {
    let body = json!({ "handle": handle, "amount": amount, "reason": reason });
    admin_posts(app, acme, &acme.path("points"), body).await
}

/// Given: dana's hackathon win (+120) and its correction (−20): 100 points.
async fn dana_edited_to_100_points(app: &TestApp, acme: &Acme) {
    give_points(app, acme, "dana", 120, "Hackathon winner").await;
    give_points(app, acme, "dana", -20, "Correction").await;
}

async fn raise(app: &TestApp, acme: &Acme, handle: &str, level: i64) -> (StatusCode, Value) {
    let body = json!({ "handle": handle, "level": level });
    let path = acme.path("levels/raise");
    app.post(&path, Some(&acme.admin.token), body).await
}

/// Given: dana at 100 points and eli raised to level 3 (250 points).
async fn dana_edited_and_eli_raised(app: &TestApp, acme: &Acme) {
    dana_edited_to_100_points(app, acme).await;
    let (status, raised) = raise(app, acme, "eli", 3).await;
    assert_eq!(status, StatusCode::CREATED, "{raised}");
}

async fn set_thresholds(app: &TestApp, acme: &Acme, thresholds: Value) -> StatusCode {
    let body = Some(json!({ "thresholds": thresholds }));
    let levels = acme.path("levels");
    app.send(Method::PUT, &levels, Some(&acme.admin.token), body)
        .await
        .0
}

/// Given: the edits above and the level thresholds set to 50, 90 and 300.
async fn points_and_levels_edited(app: &TestApp, acme: &Acme) {
    dana_edited_and_eli_raised(app, acme).await;
    assert_eq!(
        set_thresholds(app, acme, json!([50, 90, 300])).await,
        StatusCode::OK
    );
}

/// Given: the edits above and a "mentor" badge created.
async fn mentor_badge_created(app: &TestApp, acme: &Acme) {
    points_and_levels_edited(app, acme).await;
    let body = json!({ "code": "mentor", "name": "Mentor" });
    admin_posts(app, acme, &acme.path("badges"), body).await;
}

async fn grant_mentor(app: &TestApp, acme: &Acme, body: Value) -> (StatusCode, Value) {
    let grants = acme.path("badges/mentor/grants");
    app.post(&grants, Some(&acme.admin.token), body).await
}

async fn revoke_mentor_from_dana(app: &TestApp, acme: &Acme) -> (StatusCode, Value) {
    let grant = acme.path("badges/mentor/grants/dana");
    app.send(Method::DELETE, &grant, Some(&acme.admin.token), None)
        .await
}

/// Given: every edit above, and the mentor badge granted to dana and revoked again.
async fn every_edit_made(app: &TestApp, acme: &Acme) {
    mentor_badge_created(app, acme).await;
    let reason = json!({ "handle": "dana", "reason": "Onboarded three people" });
    let (status, granted) = grant_mentor(app, acme, reason).await;
    assert_eq!(status, StatusCode::CREATED, "{granted}");
    let (status, revoked) = revoke_mentor_from_dana(app, acme).await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn only_an_admin_edits_points_of_an_employee_with_a_reason(db: PgPool) {
    let app = spawn_app(db).await;
    let acme = acme_with_two_employees_and_a_manager(&app).await;
    let points = acme.path("points");

    let (status, problem) = app
        .post(
            &points,
            Some(&acme.admin.token),
            json!({ "handle": "dana", "amount": 0, "reason": "" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        app.post(
            &points,
            Some(&acme.max.token),
            json!({ "handle": "dana", "amount": 5, "reason": "x" })
        )
        .await
        .0,
        StatusCode::FORBIDDEN,
        "managers do not edit points"
    );
    let (status, problem) = app
        .post(
            &points,
            Some(&acme.admin.token),
            json!({ "handle": "max", "amount": 5, "reason": "x" }),
        )
        .await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "not-an-employee")
    );
    let (status, standing) = app
        .post(
            &points,
            Some(&acme.admin.token),
            json!({ "handle": "dana", "amount": 120, "reason": "Hackathon winner" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{standing}");
    assert_eq!(
        (standing["points"].as_i64(), standing["level"].as_i64()),
        (Some(120), Some(2))
    );
    assert_eq!(standing["ledger"][0]["reason"], "Hackathon winner");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_level_is_raised_only_upward_within_the_ladder_and_the_employee_is_told(db: PgPool) {
    let app = spawn_app(db).await;
    let acme = acme_with_two_employees_and_a_manager(&app).await;
    dana_edited_to_100_points(&app, &acme).await;

    let (status, raised) = raise(&app, &acme, "eli", 3).await;
    assert_eq!(status, StatusCode::CREATED, "{raised}");
    assert_eq!(
        (raised["points"].as_i64(), raised["level"].as_i64()),
        (Some(250), Some(3))
    );
    assert_eq!(raised["ledger"][0]["action"], "level_raise");
    let (status, problem) = raise(&app, &acme, "eli", 2).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "level-reached")
    );
    let (status, _) = raise(&app, &acme, "eli", 99).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, inbox) = app.get("/v1/me/notifications", Some(&acme.eli.token)).await;
    assert_eq!(inbox[0]["kind"], "level_reached");
    assert_eq!(inbox[0]["payload"]["level"], 3);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn level_thresholds_must_rise_and_new_ones_regrade_every_standing(db: PgPool) {
    let app = spawn_app(db).await;
    let acme = acme_with_two_employees_and_a_manager(&app).await;
    dana_edited_and_eli_raised(&app, &acme).await;

    let status = set_thresholds(&app, &acme, json!([50, 40])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let status = set_thresholds(&app, &acme, json!([50, 90, 300])).await;
    assert_eq!(status, StatusCode::OK);
    let (_, standing) = app
        .get(&acme.path("members/dana/standing"), Some(&acme.eli.token))
        .await;
    assert_eq!(
        (standing["points"].as_i64(), standing["level"].as_i64()),
        (Some(100), Some(3))
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_badge_needs_a_well_formed_code_of_its_own(db: PgPool) {
    let app = spawn_app(db).await;
    let acme = acme_with_two_employees_and_a_manager(&app).await;
    points_and_levels_edited(&app, &acme).await;

    let badges = acme.path("badges");
    assert_eq!(
        app.post(
            &badges,
            Some(&acme.admin.token),
            json!({ "code": "Bad Code", "name": "x" })
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.post(
            &badges,
            Some(&acme.admin.token),
            json!({ "code": "mentor", "name": "Mentor" })
        )
        .await
        .0,
        StatusCode::CREATED
    );
    let (status, problem) = app
        .post(
            &badges,
            Some(&acme.admin.token),
            json!({ "code": "first-certificate", "name": "x" }),
        )
        .await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "badge-exists")
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_badge_is_granted_once_to_an_employee_of_the_organization_and_revoked(db: PgPool) {
    let app = spawn_app(db).await;
    let acme = acme_with_two_employees_and_a_manager(&app).await;
    mentor_badge_created(&app, &acme).await;

    let (status, granted) = grant_mentor(
        &app,
        &acme,
        json!({ "handle": "dana", "reason": "Onboarded three people" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{granted}");
    assert_eq!(granted["badges"][0]["granted_by"], "hr_admin");
    let (status, problem) = grant_mentor(&app, &acme, json!({ "handle": "dana" })).await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "badge-held")
    );
    assert_eq!(
        grant_mentor(&app, &acme, json!({ "handle": "max" }))
            .await
            .0,
        StatusCode::CONFLICT,
        "a manager holds no badges"
    );
    let (status, revoked) = revoke_mentor_from_dana(&app, &acme).await;
    assert_eq!(status, StatusCode::OK);
    assert!(revoked["badges"].as_array().is_some_and(Vec::is_empty));
    let (status, _) = app
        .post(
            &format!("/v1/organizations/{}/badges/mentor/grants", acme.rival_org),
            Some(&acme.rival.token),
            json!({ "handle": "dana" }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "dana is not rival's member");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn leaderboards_rank_all_time_by_week_or_by_month_for_members_only(db: PgPool) {
    let app = spawn_app(db).await;
    let acme = acme_with_two_employees_and_a_manager(&app).await;
    every_edit_made(&app, &acme).await;
    let dana = &acme.dana;

    let board = acme.path("leaderboard");
    let (_, all) = app.get(&board, Some(&dana.token)).await;
    assert_eq!(
        all,
        json!([{ "rank": 1, "handle": "eli", "points": 250 }, { "rank": 2, "handle": "dana", "points": 100 }])
    );
    app.clock.advance(Duration::days(8));
    give_points(&app, &acme, "dana", 5, "Kudos").await;
    let (_, week) = app
        .get(&format!("{board}?period=week"), Some(&dana.token))
        .await;
    assert_eq!(week, json!([{ "rank": 1, "handle": "dana", "points": 5 }]));
    let (_, month) = app
        .get(&format!("{board}?period=month"), Some(&dana.token))
        .await;
    assert_eq!(month[0]["handle"], "eli");
    assert_eq!(
        app.get(&board, Some(&acme.rival.token)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("{board}?period=year"), Some(&dana.token))
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
}
