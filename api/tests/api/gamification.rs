//! Gamification: only employees earn (managers and admins never do); repeated actions within the
//! cool-down and bursts beyond the per-minute limit earn nothing, counted in PostgreSQL; admins
//! edit points, raise levels and grant or revoke badges only through the ledger; leaderboards per
//! period; one organization never sees another's.
use chrono::Duration;
use iktomi_api::gamification::rules::{record, Action, GamificationSettings, Outcome};
use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{kind, spawn_app};

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn cool_downs_and_bursts_earn_nothing_and_only_employees_earn(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let admin = app.named_user("hr_admin").await;
    let dana = app.named_user("dana").await;
    let org = app.organization(&admin, "Acme").await;
    app.join(&org, &admin, &dana, "employee").await;
    let org: Uuid = org.parse().expect("uuid");
    let dana_id: Uuid = dana.account_id.parse().expect("uuid");
    let admin_id: Uuid = admin.account_id.parse().expect("uuid");
    let settings = GamificationSettings {
        max_actions_per_minute: 3,
        cooldown_secs: 3600,
        ..Default::default()
    };
    let t0 = chrono::Utc::now();
    let act = |who: Uuid, source: &'static str, at: chrono::DateTime<chrono::Utc>| {
        let (db, settings) = (db.clone(), settings.clone());
        async move {
            let mut tx = db.begin().await.expect("tx");
            let outcome = record(
                &mut tx,
                &settings,
                org,
                who,
                Action::EndorsementReceived,
                source,
                at,
            )
            .await
            .expect("record");
            tx.commit().await.expect("commit");
            outcome
        }
    };
    assert_eq!(act(dana_id, "author:a", t0).await, Outcome::Earned);
    assert_eq!(
        act(dana_id, "author:a", t0 + Duration::minutes(30)).await,
        Outcome::CoolingDown
    );
    assert_eq!(
        act(dana_id, "author:a", t0 + Duration::minutes(61)).await,
        Outcome::Earned,
        "after the cool-down"
    );
    // A burst: beyond three actions within a minute nothing is earned, whatever the source.
    let burst = t0 + Duration::hours(3);
    assert_eq!(act(dana_id, "author:b", burst).await, Outcome::Earned);
    assert_eq!(
        act(dana_id, "author:c", burst + Duration::seconds(1)).await,
        Outcome::Earned
    );
    assert_eq!(
        act(dana_id, "author:d", burst + Duration::seconds(2)).await,
        Outcome::Earned
    );
    assert_eq!(
        act(dana_id, "author:e", burst + Duration::seconds(3)).await,
        Outcome::RateLimited
    );
    assert_eq!(
        act(dana_id, "author:f", burst + Duration::seconds(61)).await,
        Outcome::Earned,
        "a minute later"
    );
    assert_eq!(
        act(admin_id, "author:z", burst).await,
        Outcome::NotEligible,
        "admins earn nothing"
    );
    let (_, standing) = app
        .get(
            &format!("/v1/organizations/{org}/members/dana/standing"),
            Some(&dana.token),
        )
        .await;
    assert_eq!(
        standing["points"], 60,
        "six earning actions of 10: {standing}"
    );
    let earned: i64 =
        sqlx::query_scalar("SELECT count(*) FROM point_activity WHERE account_id = $1 AND earned")
            .bind(dana_id)
            .fetch_one(&db)
            .await
            .expect("count");
    assert_eq!(earned, 6);
    // The ledger is append-only, even in SQL.
    let edited = sqlx::query("UPDATE point_entries SET amount = 1000")
        .execute(&db)
        .await;
    assert!(edited.is_err(), "the ledger refuses updates");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn admins_edit_points_levels_and_badges_through_the_ledger(db: PgPool) {
    let app = spawn_app(db).await;
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
    let points = format!("/v1/organizations/{org}/points");

    let (status, problem) = app
        .post(
            &points,
            Some(&admin.token),
            json!({ "handle": "dana", "amount": 0, "reason": "" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        app.post(
            &points,
            Some(&max.token),
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
            Some(&admin.token),
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
            Some(&admin.token),
            json!({ "handle": "dana", "amount": 120, "reason": "Hackathon winner" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{standing}");
    assert_eq!(
        (standing["points"].as_i64(), standing["level"].as_i64()),
        (Some(120), Some(2))
    );
    assert_eq!(standing["ledger"][0]["reason"], "Hackathon winner");
    app.post(
        &points,
        Some(&admin.token),
        json!({ "handle": "dana", "amount": -20, "reason": "Correction" }),
    )
    .await;

    let (status, raised) = app
        .post(
            &format!("/v1/organizations/{org}/levels/raise"),
            Some(&admin.token),
            json!({ "handle": "eli", "level": 3 }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{raised}");
    assert_eq!(
        (raised["points"].as_i64(), raised["level"].as_i64()),
        (Some(250), Some(3))
    );
    assert_eq!(raised["ledger"][0]["action"], "level_raise");
    let (status, problem) = app
        .post(
            &format!("/v1/organizations/{org}/levels/raise"),
            Some(&admin.token),
            json!({ "handle": "eli", "level": 2 }),
        )
        .await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "level-reached")
    );
    let (status, _) = app
        .post(
            &format!("/v1/organizations/{org}/levels/raise"),
            Some(&admin.token),
            json!({ "handle": "eli", "level": 99 }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, inbox) = app.get("/v1/me/notifications", Some(&eli.token)).await;
    assert_eq!(inbox[0]["kind"], "level_reached");
    assert_eq!(inbox[0]["payload"]["level"], 3);

    let levels = format!("/v1/organizations/{org}/levels");
    let (status, _) = app
        .send(
            Method::PUT,
            &levels,
            Some(&admin.token),
            Some(json!({ "thresholds": [50, 40] })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .send(
            Method::PUT,
            &levels,
            Some(&admin.token),
            Some(json!({ "thresholds": [50, 90, 300] })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, standing) = app
        .get(
            &format!("/v1/organizations/{org}/members/dana/standing"),
            Some(&eli.token),
        )
        .await;
    assert_eq!(
        (standing["points"].as_i64(), standing["level"].as_i64()),
        (Some(100), Some(3))
    );

    let badges = format!("/v1/organizations/{org}/badges");
    assert_eq!(
        app.post(
            &badges,
            Some(&admin.token),
            json!({ "code": "Bad Code", "name": "x" })
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.post(
            &badges,
            Some(&admin.token),
            json!({ "code": "mentor", "name": "Mentor" })
        )
        .await
        .0,
        StatusCode::CREATED
    );
    let (status, problem) = app
        .post(
            &badges,
            Some(&admin.token),
            json!({ "code": "first-certificate", "name": "x" }),
        )
        .await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "badge-exists")
    );
    let (status, granted) = app
        .post(
            &format!("{badges}/mentor/grants"),
            Some(&admin.token),
            json!({ "handle": "dana", "reason": "Onboarded three people" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{granted}");
    assert_eq!(granted["badges"][0]["granted_by"], "hr_admin");
    let (status, problem) = app
        .post(
            &format!("{badges}/mentor/grants"),
            Some(&admin.token),
            json!({ "handle": "dana" }),
        )
        .await;
    assert_eq!(
        (status, kind(&problem)),
        (StatusCode::CONFLICT, "badge-held")
    );
    assert_eq!(
        app.post(
            &format!("{badges}/mentor/grants"),
            Some(&admin.token),
            json!({ "handle": "max" })
        )
        .await
        .0,
        StatusCode::CONFLICT,
        "a manager holds no badges"
    );
    let (status, revoked) = app
        .send(
            Method::DELETE,
            &format!("{badges}/mentor/grants/dana"),
            Some(&admin.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(revoked["badges"].as_array().is_some_and(Vec::is_empty));
    let (status, _) = app
        .post(
            &format!("/v1/organizations/{rival_org}/badges/mentor/grants"),
            Some(&rival.token),
            json!({ "handle": "dana" }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "dana is not rival's member");

    let board = format!("/v1/organizations/{org}/leaderboard");
    let (_, all) = app.get(&board, Some(&dana.token)).await;
    assert_eq!(
        all,
        json!([{ "rank": 1, "handle": "eli", "points": 250 }, { "rank": 2, "handle": "dana", "points": 100 }])
    );
    app.clock.advance(Duration::days(8));
    app.post(
        &points,
        Some(&admin.token),
        json!({ "handle": "dana", "amount": 5, "reason": "Kudos" }),
    )
    .await;
    let (_, week) = app
        .get(&format!("{board}?period=week"), Some(&dana.token))
        .await;
    assert_eq!(week, json!([{ "rank": 1, "handle": "dana", "points": 5 }]));
    let (_, month) = app
        .get(&format!("{board}?period=month"), Some(&dana.token))
        .await;
    assert_eq!(month[0]["handle"], "eli");
    assert_eq!(
        app.get(&board, Some(&rival.token)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("{board}?period=year"), Some(&dana.token))
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
}
