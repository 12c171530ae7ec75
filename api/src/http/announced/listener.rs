//! Keeps one connection listening on `iktomi_changes` and hands each announcement to the caches.
//! They serve only while this connection is up; every (re)connection starts them empty.
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::PgPool;

use super::Follower;

pub const CHANNEL: &str = "iktomi_changes";
const RECONNECT: Duration = Duration::from_secs(1);

/// Runs for as long as the API does.
pub async fn run(db: PgPool, caches: Vec<Arc<dyn Follower>>) {
    run_with(db, caches, RECONNECT).await;
}

/// `run`, waiting `reconnect` between a lost connection and the next attempt.
pub async fn run_with(db: PgPool, caches: Vec<Arc<dyn Follower>>, reconnect: Duration) {
    loop {
        match listen(&db, &caches).await {
            Ok(()) => tracing::warn!("announcements: the listening connection was lost"),
            Err(error) => tracing::warn!(%error, "announcements: cannot listen"),
        }
        for cache in &caches {
            cache.stop_serving();
        }
        tokio::time::sleep(reconnect).await;
    }
}

/// Listens until the connection is lost.
async fn listen(db: &PgPool, caches: &[Arc<dyn Follower>]) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(db).await?;
    // Reconnecting by itself would hide the gap in which announcements were lost.
    listener.eager_reconnect(false);
    listener.listen(CHANNEL).await?;
    // Only now: an answer kept before LISTEN took effect could miss its announcement.
    for cache in caches {
        cache.start_serving();
    }
    tracing::info!("announcements: caches serving");
    while let Some(notification) = listener.try_recv().await? {
        for cache in caches {
            cache.announced(notification.payload());
        }
    }
    Ok(())
}
