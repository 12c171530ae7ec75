//! The caches of public answers never answer from before a change the database announced: a
//! verification across replicas, with the real indexer committing a revocation from the chain; a
//! public profile its person edits; and a replica whose listening connection was cut (it serves
//! nothing while cut and starts empty when back).
use std::sync::Arc;
use std::time::Duration;

use iktomi_api::certificates::verify_cache::VerifyCache;
use iktomi_api::http::announced::listener;
use iktomi_devnet::platform::within;
use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;

use crate::announce_barrier;
use crate::chain_support::{eventually, spawn_chain_app, verified_organization};
use crate::support::{spawn_app, TestApp};

async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{what} never happened");
}

async fn status(app: &TestApp, id: u64) -> String {
    let (code, body) = app.get(&format!("/v1/verify/{id}"), None).await;
    assert_eq!(code, StatusCode::OK, "{body}");
    body["status"].as_str().unwrap_or_default().to_owned()
}

fn hits(cache: &VerifyCache) -> u64 {
    cache.metrics.hits.get()
}

/// Cuts the connection `LISTEN`ing on the channel in this database, as a network fault would.
async fn cut_listeners(db: &PgPool) -> i64 {
    sqlx::query_scalar::<_, i64>(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
         WHERE datname = current_database() AND query ILIKE 'LISTEN%iktomi_changes%'",
    )
    .fetch_one(db)
    .await
    .expect("terminate")
}

async fn seed(db: &PgPool, ids: &[i64]) {
    for id in ids {
        sqlx::query(
            "INSERT INTO certificates (id, issuer, holder, kind, content_hash, issued_at,
                                       issued_block, updated_block, placement)
             VALUES ($1, '\\x01', '\\x02', 'course', sha256($1::text::bytea), now(), 1, 1, 'listed')",
        )
        .bind(id)
        .execute(db)
        .await
        .expect("seed");
    }
}

/// Revokes certificate `id` straight in the mirror, as the indexer would.
async fn revoke(db: &PgPool, id: i64) {
    sqlx::query(
        "UPDATE certificates SET revoked_at = now(), revocation_reason = 'fraud' WHERE id = $1",
    )
    .bind(id)
    .execute(db)
    .await
    .expect("revoke");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_replica_that_lost_its_listener_serves_nothing_kept_and_starts_empty(db: PgPool) {
    seed(&db, &[1, 2]).await;
    let app = spawn_app(db.clone()).await;
    let cache: Arc<VerifyCache> = app.state.verify_cache.clone();
    // A long pause before reconnecting leaves room to write while it is cut.
    let (_, _listening) = announce_barrier::listen_with(&app.state, |db, caches| {
        listener::run_with(db, caches, Duration::from_secs(2))
    });
    until("listening", || cache.is_live()).await;
    assert_eq!(status(&app, 1).await, "active");
    assert_eq!(status(&app, 2).await, "active");
    let before = hits(&cache);
    assert_eq!(status(&app, 2).await, "active");
    assert_eq!(
        hits(&cache),
        before + 1,
        "the second read is served from memory"
    );

    assert_eq!(cut_listeners(&db).await, 1);
    until("the cut is noticed", || !cache.is_live()).await;
    // Announced to nobody: the replica is not listening.
    revoke(&db, 2).await;
    assert_eq!(status(&app, 1).await, "active");
    until("listening again", || cache.is_live()).await;
    assert_eq!(status(&app, 2).await, "revoked");
    let before = hits(&cache);
    assert_eq!(status(&app, 2).await, "revoked");
    assert_eq!(hits(&cache), before + 1, "it keeps answers again once back");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_replica_reads_the_newest_answers_in_as_it_starts_serving_and_still_drops_changes(
    db: PgPool,
) {
    seed(&db, &[1, 2, 3]).await;
    let app = spawn_app(db.clone()).await;
    let cache: Arc<VerifyCache> = app.state.verify_cache.clone();
    let (announced, _listening) = announce_barrier::listen(&app.state);
    until("read in", || cache.metrics.warmed.get() == 1).await;
    assert_eq!(cache.metrics.entries.get(), 3);
    let before = (hits(&cache), cache.metrics.misses.get());
    for id in [1, 2, 3] {
        assert_eq!(status(&app, id).await, "active");
    }
    assert_eq!(
        (hits(&cache), cache.metrics.misses.get()),
        (before.0 + 3, before.1),
        "a first request finds its answer already read in"
    );

    revoke(&db, 2).await;
    announced.pass(&db).await;
    assert_eq!(status(&app, 2).await, "revoked");
    assert_eq!(status(&app, 3).await, "active");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_revocation_on_chain_shows_on_every_replica_once_the_indexer_commits(
    db: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        // The first replica runs its listener among the chain workers; the second has its own.
        let chain = spawn_chain_app(db.clone()).await?;
        let app = &chain.app;
        let other = spawn_app(db.clone()).await;
        let other_cache = other.state.verify_cache.clone();
        let (other_announced, _listening) = announce_barrier::listen(&other.state);

        let hr = app.named_user("hr_lead").await;
        let _anna = crate::tenure::telegram_person(app, 4343, "anna").await;
        let org = verified_organization(app, &hr, "Acme").await;
        let hire = json!({ "holder": "anna", "title": "Engineer", "position": "Engineer",
                           "description": "Backend engineer", "evidence": ["https://acme.example/offer"] });
        let (code, hired) = app
            .submit(&hr, &format!("/v1/organizations/{org}/employments"), "hire", hire)
            .await;
        assert_eq!(code, StatusCode::CREATED, "{hired}");
        let id = hired["id"].as_u64().expect("id");
        eventually(app, &format!("/v1/verify/{id}"), |v| v["status"] == "active").await;
        until("both listening", || {
            app.state.verify_cache.is_live() && other_cache.is_live()
        })
        .await;
        for (replica, announced) in [(app, &chain.announced), (&other, &other_announced)] {
            // The hire's own announcements must not drop the answer between the two reads.
            announced.pass(&db).await;
            assert_eq!(status(replica, id).await, "active");
            let before = hits(&replica.state.verify_cache);
            assert_eq!(status(replica, id).await, "active");
            assert_eq!(hits(&replica.state.verify_cache), before + 1, "kept");
        }

        let (code, body) = app
            .submit(&hr, &format!("/v1/organizations/{org}/employments/{id}/dismiss"), "dismiss", json!(null))
            .await;
        assert_eq!(code, StatusCode::OK, "{body}");
        // The moment the indexer's commit is visible...
        loop {
            let revoked: bool = sqlx::query_scalar(
                "SELECT revoked_at IS NOT NULL FROM certificates WHERE id = $1",
            )
            .bind(i64::try_from(id)?)
            .fetch_one(&db)
            .await?;
            if revoked {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // ...and its announcement has reached each replica, the first answer is the new one.
        for (replica, announced) in [(app, &chain.announced), (&other, &other_announced)] {
            announced.pass(&db).await;
            assert_eq!(status(replica, id).await, "revoked");
        }
        Ok(())
    })
    .await
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_public_profile_is_kept_until_its_person_edits_it(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let cache = app.state.profile_cache.clone();
    let (announced, _listening) = announce_barrier::listen(&app.state);
    until("listening", || cache.is_live()).await;
    let (anna, _) = app.wallet_user().await;
    let mut profile = crate::profiles::full_profile("anna");
    let (code, body) = app
        .send(
            Method::PUT,
            "/v1/me/profile",
            Some(&anna.token),
            Some(profile.clone()),
        )
        .await;
    assert_eq!(code, StatusCode::OK, "{body}");
    let (_, first) = app.get("/v1/people/anna", None).await;
    let before = cache.metrics.hits.get();
    let (_, again) = app.get("/v1/people/anna", None).await;
    assert_eq!(cache.metrics.hits.get(), before + 1, "kept");
    assert_eq!(first, again);

    profile["headline"] = json!("Now a team lead");
    let (code, body) = app
        .send(
            Method::PUT,
            "/v1/me/profile",
            Some(&anna.token),
            Some(profile),
        )
        .await;
    assert_eq!(code, StatusCode::OK, "{body}");
    announced.pass(&db).await;
    let (_, edited) = app.get("/v1/people/anna", None).await;
    assert_eq!(edited["headline"], "Now a team lead");
    // Signed-in viewers see per-viewer answers, never kept ones.
    let (_, own) = app.get("/v1/people/anna", Some(&anna.token)).await;
    assert_eq!(own["headline"], "Now a team lead");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_issuers_revocation_list_and_keys_are_kept_until_what_they_show_changes(db: PgPool) {
    let app = spawn_app(db.clone()).await;
    let (announced, _listening) = announce_barrier::listen(&app.state);
    let lists = app.state.announced_lists.clone();
    until("listening", || lists.is_live()).await;
    let org = uuid::Uuid::new_v4();
    sqlx::query(
        "INSERT INTO organizations (id, name, kind, created_by)
         VALUES ($1, 'Acme', 'university', $2::uuid)",
    )
    .bind(org)
    .bind(app.named_user("owner").await.account_id)
    .execute(&db)
    .await
    .expect("organization");
    crate::security_rate_limits::issuer_with_two_certificates(&db, org).await;
    // Otherwise the seeding's own announcements could drop the list between the two reads.
    announced.pass(&db).await;
    let revoked = |index| crate::security_rate_limits::revoked_in_list(&app, org, index);
    assert!(!revoked(1).await);
    let before = lists.metrics.hits.get();
    assert!(!revoked(1).await);
    assert_eq!(lists.metrics.hits.get(), before + 1, "kept");

    revoke(&db, 2).await;
    announced.pass(&db).await;
    assert!(revoked(1).await, "the revocation is in the next list");

    assert_eq!(keys(&app, org).await, Some(1));
    let before = app.state.key_sets.metrics.hits.get();
    assert_eq!(keys(&app, org).await, Some(1));
    assert_eq!(app.state.key_sets.metrics.hits.get(), before + 1, "kept");
    // A signing key rotation publishes the new key beside the old one at once.
    sqlx::query("UPDATE organizations SET credential_key_version = 2 WHERE id = $1")
        .bind(org)
        .execute(&db)
        .await
        .expect("rotate");
    announced.pass(&db).await;
    assert_eq!(keys(&app, org).await, Some(2));
}

async fn keys(app: &TestApp, org: uuid::Uuid) -> Option<usize> {
    let (_, set) = app
        .get(&format!("/v1/organizations/{org}/jwks"), None)
        .await;
    set["keys"].as_array().map(Vec::len)
}
