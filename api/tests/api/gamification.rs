//! Gamification: only employees earn (managers and admins never do); repeated actions within the
//! cool-down and bursts beyond the per-minute limit earn nothing, counted in PostgreSQL; the
//! ledger is append-only. Admins' edits and the leaderboards are in `gamification_edits`.
use chrono::Duration;
use iktomi_api::gamification::rules::{record, Action, GamificationSettings, Outcome};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::spawn_app;

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
