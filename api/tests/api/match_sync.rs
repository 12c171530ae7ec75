//! The skill index stays as current as the database: a resume written by a transaction still
//! running when the index looked is found once it commits; a resume made private or deleted, and a
//! closed vacancy, leave it.
use std::sync::Arc;
use std::time::Duration;

use iktomi_api::marketplace::matching::sync::{keep_current, SyncedIndex};
use sqlx::PgPool;
use uuid::Uuid;

async fn resume(db: &mut sqlx::PgConnection, handle: &str, skill: &str) -> Uuid {
    let account = Uuid::new_v4();
    let id = Uuid::new_v4();
    sqlx::query("INSERT INTO accounts (id, handle) VALUES ($1, $2)")
        .bind(account)
        .bind(handle)
        .execute(&mut *db)
        .await
        .expect("account");
    sqlx::query("INSERT INTO resumes (id, account_id, title, summary, visibility) VALUES ($1, $2, 'Engineer', '', 'public')")
        .bind(id).bind(account).execute(&mut *db).await.expect("resume");
    sqlx::query("INSERT INTO resume_skills (resume_id, skill, level) VALUES ($1, $2, 3)")
        .bind(id)
        .bind(skill)
        .execute(&mut *db)
        .await
        .expect("skill");
    id
}

fn rust() -> Vec<(String, i16)> {
    vec![("rust".to_owned(), 3)]
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn writes_in_flight_are_found_after_commit_and_removals_leave(db: PgPool) {
    let index = SyncedIndex::default();
    let first = resume(
        &mut db.acquire().await.expect("connection"),
        "first",
        "rust",
    )
    .await;
    assert_eq!(
        index
            .current(&db)
            .await
            .expect("index")
            .resumes_for(&rust(), false, 10),
        [first]
    );

    // A writer that logs its change first (the smaller seq) but commits after a quicker one and
    // after the next look: a reader that only remembered the highest seq it saw would miss it.
    let mut slow = db.begin().await.expect("tx");
    sqlx::query("SELECT pg_current_xact_id()")
        .execute(&mut *slow)
        .await
        .expect("xid");
    let late = resume(&mut slow, "late", "rust").await;
    let quick = resume(
        &mut db.acquire().await.expect("connection"),
        "quick",
        "rust",
    )
    .await;
    let seen = index
        .current(&db)
        .await
        .expect("index")
        .resumes_for(&rust(), false, 10);
    assert!(
        seen.contains(&quick) && !seen.contains(&late),
        "uncommitted work is invisible"
    );
    slow.commit().await.expect("commit");
    let seen = index
        .current(&db)
        .await
        .expect("index")
        .resumes_for(&rust(), false, 10);
    assert!(
        seen.contains(&late),
        "found after commit although its row is older than the last look"
    );

    sqlx::query("UPDATE resumes SET visibility = 'private' WHERE id = $1")
        .bind(first)
        .execute(&db)
        .await
        .expect("hide");
    sqlx::query("DELETE FROM resumes WHERE id = $1")
        .bind(quick)
        .execute(&db)
        .await
        .expect("delete");
    assert_eq!(
        index
            .current(&db)
            .await
            .expect("index")
            .resumes_for(&rust(), false, 10),
        [late]
    );
    sqlx::query("UPDATE resumes SET visibility = 'employers' WHERE id = $1")
        .bind(first)
        .execute(&db)
        .await
        .expect("show");
    let current = index.current(&db).await.expect("index");
    assert_eq!(
        current.resumes_for(&rust(), false, 10),
        [late],
        "employers only"
    );
    assert_eq!(current.resumes_for(&rust(), true, 10).len(), 2);
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn the_index_is_built_as_the_api_starts_not_by_the_first_match(db: PgPool) {
    let id = resume(
        &mut db.acquire().await.expect("connection"),
        "early",
        "rust",
    )
    .await;
    let index = Arc::new(SyncedIndex::default());
    let keeper = tokio::spawn(keep_current(index.clone(), db.clone()));
    let mut waited = 0;
    while !index.is_built().await {
        assert!(waited < 300, "not built without a request");
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    keeper.abort();
    let synced = index.last_synced(&db).await.expect("index");
    assert!(synced.index().resume_levels(id).is_some());
}
