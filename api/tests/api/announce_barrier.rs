//! Waits for the database's announcements to reach a replica's caches, instead of guessing how
//! long their trip takes on a loaded machine.
//!
//! PostgreSQL delivers the notifications of one channel to a listening connection in commit
//! order, and the listener hands each to every cache in turn. So once a marker announced after
//! a write has reached this follower, every cache of that listener has seen the write's
//! announcement too.
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use iktomi_api::http::announced::{listener, Follower};
use iktomi_api::state::AppState;
use sqlx::PgPool;

/// A follower that only remembers the markers it was handed.
#[derive(Default)]
pub struct Barrier {
    seen: Mutex<HashSet<String>>,
}

impl Follower for Barrier {
    fn announced(&self, payload: &str) {
        if payload.starts_with(MARKER) {
            self.seen
                .lock()
                .expect("barrier lock")
                .insert(payload.to_owned());
        }
    }

    fn start_serving(&self) {}

    fn stop_serving(&self) {}
}

/// Not a token any cache keeps answers under.
const MARKER: &str = "~barrier-";

impl Barrier {
    /// Returns once everything committed before this call has been announced to the caches.
    pub async fn pass(&self, db: &PgPool) {
        let marker = format!("{MARKER}{}", uuid::Uuid::new_v4());
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(listener::CHANNEL)
            .bind(&marker)
            .execute(db)
            .await
            .expect("notify");
        for _ in 0..1_000 {
            if self.seen.lock().expect("barrier lock").contains(&marker) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the announcement {marker} never arrived");
    }
}

/// The replica's listener as the API runs it, with a barrier among its followers.
pub fn listen(state: &AppState) -> (Arc<Barrier>, tokio::task::JoinHandle<()>) {
    listen_with(state, listener::run)
}

/// `listen`, with the listener `run` chooses.
pub fn listen_with<F, Fut>(state: &AppState, run: F) -> (Arc<Barrier>, tokio::task::JoinHandle<()>)
where
    F: FnOnce(PgPool, Vec<Arc<dyn Follower>>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let barrier = Arc::new(Barrier::default());
    let mut followers = state.announced_caches();
    followers.push(barrier.clone());
    let handle = tokio::spawn(run(state.db.clone(), followers));
    (barrier, handle)
}
