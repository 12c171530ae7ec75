//! Anchoring the chain's head outside the database. Every so often the head (entry id and hash)
//! is put on chain as the operator's remark `iktomi:audit:` + id (8 bytes, big-endian) + hash, and
//! the anchoring is itself an entry, posted to the audit group with the head it anchors. Whoever
//! can rewrite the database can cut the newest rows or empty the table and the chain still
//! links; the head is then missing (`iktomi-audit-verify --head <id>:<hash>` says so).
use std::time::Duration;

use serde_json::json;

use super::chain::{Entry, Head};
use crate::operations::enqueue;
use crate::state::AppState;

pub const KIND: &str = "audit.anchor";
pub const ACTION: &str = "ANCHOR audit head";

/// The remark that puts `head` on chain.
pub fn remark(head: &Head) -> Vec<u8> {
    let mut remark = b"iktomi:audit:".to_vec();
    remark.extend_from_slice(&head.id.to_be_bytes());
    remark.extend_from_slice(&head.hash);
    remark
}

/// Queues the remark anchoring the current head and records (and posts) that it did; none when
/// the log is empty or nothing was written since the last anchoring.
pub async fn anchor(state: &AppState) -> anyhow::Result<Option<Head>> {
    let Some(last) =
        sqlx::query!("SELECT id, action, hash FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&state.db)
            .await?
    else {
        return Ok(None);
    };
    // Its own entries are not news: an idle log is anchored once.
    if last.action == ACTION || last.action == crate::operations::watcher::worker_action(KIND) {
        return Ok(None);
    }
    let head = Head {
        id: last.id,
        hash: last.hash,
    };
    let call = state.chain()?.anchor(&remark(&head)).await?;
    let hash = hex::encode(&head.hash);
    let mut tx = state.db.begin().await?;
    let queued = enqueue(
        &mut tx,
        None,
        KIND,
        &call,
        json!({"entry": head.id, "hash": hash}),
    )
    .await?;
    let entry = Entry {
        actor: None,
        action: ACTION,
        target: "/audit/head",
        after: Some(json!({"entry": head.id, "hash": hash, "operation": queued.0})),
        request_id: None,
        post: true,
    };
    super::record_in(state, &mut tx, entry).await?;
    tx.commit().await?;
    Ok(Some(head))
}

/// The anchoring worker (with a chain deployment and `audit.anchor_every_secs` > 0).
pub async fn run(state: AppState) {
    let every = Duration::from_secs(state.settings.audit.anchor_every_secs.max(1));
    loop {
        tokio::time::sleep(every).await;
        if let Err(error) = anchor(&state).await {
            tracing::error!(%error, "anchoring the audit log's head failed");
        }
    }
}
