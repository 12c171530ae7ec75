//! The API's background work: the chain operations' submitter and watcher, the outbox sender,
//! the audit log's head anchoring and the chaining of changes no entry covers,
//! and the attestation sweeper that finishes
//! attempts at their deadlines (so results and notices do not wait for their owner to come back)
//! announces attestations as they open, issues the certificates passed attestations owe, and
//! forgets expired sign-in rows; and the match index, built at start and kept current.
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::operations::follow_up::FollowUps;
use crate::state::AppState;

pub fn spawn(state: &AppState) -> Vec<JoinHandle<()>> {
    let outbox = tokio::spawn(crate::notifications::outbox::run(state.clone()));
    let sweeper = tokio::spawn(sweep(state.clone()));
    let audit = tokio::spawn(crate::http::audit::sweep::run(state.clone()));
    let bot = tokio::spawn(crate::bot::run(state.clone()));
    let email = tokio::spawn(crate::notifications::email::run(state.clone()));
    let announced = tokio::spawn(crate::http::announced::listener::run(
        state.db.clone(),
        state.announced_caches(),
    ));
    let matching = tokio::spawn(crate::marketplace::matching::sync::keep_current(
        state.match_index.clone(),
        state.db.clone(),
    ));
    let mut workers = vec![outbox, sweeper, audit, bot, email, announced, matching];
    if state.registry.is_some() {
        let follow_ups: Arc<dyn FollowUps> = Arc::new(crate::follow_ups::Table);
        workers.push(tokio::spawn(crate::operations::submitter::run(
            state.clone(),
            follow_ups.clone(),
        )));
        workers.push(tokio::spawn(crate::operations::watcher::run(
            state.clone(),
            follow_ups,
        )));
        if state.settings.audit.anchor_every_secs > 0 {
            workers.push(tokio::spawn(crate::http::audit::anchor::run(state.clone())));
        }
    }
    workers
}

async fn sweep(state: AppState) {
    loop {
        let now = state.clock.now();
        if let Err(error) = crate::attestations::attempts::finish_overdue(
            &state,
            now,
            crate::attestations::attempts::Scope::All,
        )
        .await
        {
            tracing::error!(%error, "finishing overdue attempts failed");
        }
        if let Err(error) =
            crate::attestations::announcements::announce_opened(&state.db, now).await
        {
            tracing::error!(%error, "announcing opened attestations failed");
        }
        if let Err(error) = crate::attestations::owed_certificates::issue_owed(&state).await {
            tracing::error!(%error, "issuing attestation certificates failed");
        }
        if let Err(error) = crate::auth::expiry::sweep(&state.db).await {
            tracing::error!(%error, "removing expired sign-in rows failed");
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
