//! One watcher across every replica reads each finalized block once, in order, and settles the
//! operations whose transactions it holds: the follow-up runs in the transaction that marks the
//! operation final, and the cursor moves only past blocks whose operations are settled, so a
//! crash anywhere repeats nothing and skips nothing.
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::operations::election::try_lead;
use crate::operations::follow_up::{FollowUps, Landed};
use crate::state::AppState;

const TICK: Duration = Duration::from_millis(200);
/// Blocks read per round, so the cursor moves (and shows progress) while catching up.
const BLOCKS_PER_ROUND: u64 = 64;
/// How far back the very first watcher reads when transactions are already in flight.
const FIRST_LOOK_BACK: u64 = 256;

pub async fn run(state: AppState, follow_ups: Arc<dyn FollowUps>) {
    loop {
        match try_lead(&state.db, "watcher").await {
            Ok(Some(mut lead)) => {
                tracing::info!("watching finalized blocks for this deployment's operations");
                while lead.held().await {
                    match round(&state, &follow_ups).await {
                        Ok(caught_up) => {
                            state.metrics.queue.chain_up.set(1);
                            if caught_up {
                                tokio::time::sleep(TICK).await;
                            }
                        }
                        Err(error) => {
                            state.metrics.queue.chain_up.set(0);
                            tracing::warn!(%error, "watching blocks failed; trying again");
                            tokio::time::sleep(Duration::from_secs(1)).await;
                        }
                    }
                }
                tracing::warn!("lost the watcher lock");
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "electing the watcher failed"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Reads the next finalized blocks; whether it has caught up with the finalized head.
async fn round(state: &AppState, follow_ups: &Arc<dyn FollowUps>) -> ApiResult<bool> {
    let chain = state.chain()?.chain().clone();
    let head = chain
        .finalized_number()
        .await
        .map_err(|e| ApiError::Upstream(e.to_string()))?;
    let cursor = sqlx::query_scalar!("SELECT block_number FROM chain_watch_cursor")
        .fetch_optional(&state.db)
        .await?;
    let Some(cursor) = cursor else {
        // The first watcher of this database: a transaction sent before it started can only be
        // in a recent block, so it looks back a little when anything is in flight.
        let in_flight = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM chain_operations
                              WHERE status IN ('submitted', 'in_block')) AS "any!""#
        )
        .fetch_one(&state.db)
        .await?;
        let start = if in_flight {
            head.saturating_sub(FIRST_LOOK_BACK)
        } else {
            head
        };
        set_cursor(state, start).await?;
        return Ok(false);
    };
    let from = cursor as u64 + 1;
    if from > head {
        return Ok(true);
    }
    let to = head.min(cursor as u64 + BLOCKS_PER_ROUND);
    for number in from..=to {
        // Read after the head: a transaction signed after this point cannot be in these blocks.
        let in_flight: Vec<(Uuid, Vec<u8>)> = sqlx::query!(
            r#"SELECT id, tx_hash AS "tx_hash!" FROM chain_operations
               WHERE status IN ('submitted', 'in_block') AND tx_hash IS NOT NULL"#
        )
        .fetch_all(&state.db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.tx_hash))
        .collect();
        if !in_flight.is_empty() {
            let block = chain
                .block_outcomes(number)
                .await
                .map_err(|e| ApiError::Upstream(e.to_string()))?;
            for tx in &block.transactions {
                let Some((id, _)) = in_flight.iter().find(|(_, hash)| hash[..] == tx.hash) else {
                    continue;
                };
                let landed = Landed {
                    block: block.hash,
                    block_number: block.number,
                    events: tx.events.clone(),
                };
                match &tx.failure {
                    None => settle_landed(state, follow_ups, *id, &landed).await?,
                    Some(failure) => {
                        let problem = why_failed(state, *id, failure).await?;
                        settle_failed(state, follow_ups, *id, &problem, Some(&landed)).await?;
                    }
                }
            }
        }
        set_cursor(state, number).await?;
    }
    Ok(to == head)
}

async fn set_cursor(state: &AppState, number: u64) -> ApiResult<()> {
    sqlx::query!(
        "INSERT INTO chain_watch_cursor (id, block_number) VALUES (true, $1)
         ON CONFLICT (id) DO UPDATE SET block_number = $1, updated_at = now()",
        number as i64
    )
    .execute(&state.db)
    .await?;
    state.metrics.queue.watched_block.set(number as i64);
    Ok(())
}

/// Marks `id` finalized and runs its follow-up, in one transaction.
async fn settle_landed(
    state: &AppState,
    follow_ups: &Arc<dyn FollowUps>,
    id: Uuid,
    landed: &Landed,
) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    let Some(op) = sqlx::query!(
        r#"SELECT kind, payload, extract(epoch FROM now() - created_at)::float8 AS "age!"
           FROM chain_operations WHERE id = $1 AND status IN ('submitted', 'in_block') FOR UPDATE"#,
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(());
    };
    let answer = follow_ups
        .landed(state, &mut tx, &op.kind, &op.payload, landed)
        .await;
    let answer = match answer {
        Ok(answer) => answer,
        Err(ApiError::Internal(cause)) => return Err(ApiError::Internal(cause)),
        // The call landed but what it should record is refused (a rule changed meanwhile): the
        // operation is final anyway, and says so.
        Err(refusal) => {
            tracing::warn!(operation = %id, kind = %op.kind, error = %refusal, "a follow-up was refused");
            crate::operations::follow_up::Answer {
                status: axum::http::StatusCode::OK,
                body: serde_json::json!({ "note": refusal.to_string() }),
            }
        }
    };
    // What the follow-up wrote commits with its audit entry.
    let after = serde_json::json!({
        "block": iktomi_chain::hex0x(landed.block),
        "status": answer.status.as_u16(),
        "answer": answer.body.clone(),
    });
    sqlx::query!(
        "UPDATE chain_operations SET status = 'finalized', block_hash = $2, block_number = $3,
             finalized_at = now(), result_status = $4, result = $5, updated_at = now()
         WHERE id = $1",
        id,
        &landed.block[..],
        landed.block_number as i64,
        answer.status.as_u16() as i16,
        answer.body,
    )
    .execute(&mut *tx)
    .await?;
    // Last before commit: the audit lock is held to commit, so for as short as can be.
    crate::http::audit::record_worker(state, &mut tx, &worker_action(&op.kind), &target(id), after)
        .await
        .map_err(ApiError::Internal)?;
    tx.commit().await?;
    let metrics = &state.metrics.queue;
    metrics.finalized.inc();
    metrics.latency.observe(op.age);
    tracing::info!(operation = %id, kind = %op.kind, block = landed.block_number, "operation finalized");
    Ok(())
}

/// Marks `id` failed with `problem` and lets its follow-up undo the request's claims.
pub(crate) async fn settle_failed(
    state: &AppState,
    follow_ups: &Arc<dyn FollowUps>,
    id: Uuid,
    problem: &Value,
    landed: Option<&Landed>,
) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    let Some(op) = sqlx::query!(
        "SELECT kind, payload FROM chain_operations
         WHERE id = $1 AND status IN ('queued', 'submitted', 'in_block') FOR UPDATE",
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(());
    };
    follow_ups
        .failed(state, &mut tx, &op.kind, &op.payload)
        .await?;
    sqlx::query!("DELETE FROM chain_claims WHERE operation_id = $1", id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "UPDATE chain_operations SET status = 'failed', problem = $2, block_hash = $3,
             block_number = $4, finalized_at = CASE WHEN $3::bytea IS NULL THEN NULL ELSE now() END,
             updated_at = now()
         WHERE id = $1",
        id,
        problem,
        landed.map(|l| l.block.to_vec()),
        landed.map(|l| l.block_number as i64),
    )
    .execute(&mut *tx)
    .await?;
    let after = serde_json::json!({"failed": problem});
    crate::http::audit::record_worker(state, &mut tx, &worker_action(&op.kind), &target(id), after)
        .await
        .map_err(ApiError::Internal)?;
    tx.commit().await?;
    let slug = problem["type"]
        .as_str()
        .and_then(|t| t.rsplit('/').next())
        .unwrap_or("unknown")
        .to_owned();
    state.metrics.queue.failed(&slug);
    tracing::warn!(operation = %id, kind = %op.kind, reason = %slug, "operation failed");
    Ok(())
}

/// Why an included call failed: the contract's own error when a dry run of it now says so,
/// else the runtime's dispatch error.
async fn why_failed(state: &AppState, id: Uuid, failure: &str) -> ApiResult<Value> {
    let op = sqlx::query!(
        "SELECT signer, contract, contract_input FROM chain_operations WHERE id = $1",
        id
    )
    .fetch_one(&state.db)
    .await?;
    if let (Ok(signer), Some(contract), Some(input)) = (
        <[u8; 32]>::try_from(&op.signer[..]),
        op.contract
            .as_deref()
            .and_then(|c| <[u8; 32]>::try_from(c).ok()),
        op.contract_input,
    ) {
        if let Some(reason) = state.chain()?.why_reverted(signer, contract, input).await {
            return Ok(problem_of(&ApiError::from(reason)));
        }
    }
    Ok(problem_of(&ApiError::conflict(
        "chain-refused",
        format!("the chain refused the transaction: {failure}"),
    )))
}

/// An error as the problem body a client would have received.
pub fn problem_of(error: &ApiError) -> Value {
    error.problem_value()
}

/// Queue depth and the age of the oldest unfinished operation, for `/metrics` and `/health`.
pub async fn record_queue(state: &AppState) {
    let row = sqlx::query!(
        r#"SELECT count(*) AS "depth!",
                  coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS "oldest!"
           FROM chain_operations WHERE status IN ('queued', 'submitted', 'in_block')"#
    )
    .fetch_one(&state.db)
    .await;
    if let Ok(row) = row {
        state.metrics.queue.depth.set(row.depth);
        state.metrics.queue.oldest_seconds.set(row.oldest);
    }
}

/// How the audit log names what the watcher's follow-up of `kind` wrote.
pub fn worker_action(kind: &str) -> String {
    format!("WORKER {kind}")
}

fn target(id: Uuid) -> String {
    format!("/v1/operations/{id}")
}
