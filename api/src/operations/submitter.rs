//! One submitter per signer across every replica: it owns the signer's nonces. It assigns them
//! in queue order, stores the signed transaction before it sends it (a resubmission after a
//! crash sends the same bytes, which cannot land twice), resubmits what the pool lost, and puts
//! back in the queue what can no longer land: a transaction whose nonce another one took.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use iktomi_chain::{Keypair, SubmitError};
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::operations::election::{try_lead, Leadership};
use crate::operations::follow_up::FollowUps;
use crate::operations::watcher::{problem_of, settle_failed};
use crate::state::AppState;
use crate::wallets::custodial::signing_key;

const TICK: Duration = Duration::from_millis(100);
/// A signer with nothing to do for this long hands its lock back.
const IDLE_TICKS: u32 = 100;
/// How long a submitted transaction may sit outside a block before it is sent again.
const RESUBMIT_AFTER_SECS: f64 = 6.0;
/// Most transactions signed ahead of the chain per signer and round.
const BATCH: i64 = 64;
/// Longest a round may take before the submitter gives up its lead (a full batch the pool
/// holds in its future queue takes 5 s a transaction).
const ROUND_LIMIT: Duration = Duration::from_secs(600);
/// How long a send watches for its transaction's first block.
const IN_BLOCK_WAIT: Duration = Duration::from_secs(600);
/// Pool refusals of one transaction before it is given up.
const MAX_ATTEMPTS: i32 = 30;

/// The signers this replica serves; their tasks end with it.
#[derive(Default)]
struct Serving(HashMap<Vec<u8>, JoinHandle<()>>);

impl Drop for Serving {
    fn drop(&mut self) {
        for task in self.0.values() {
            task.abort();
        }
    }
}

/// Starts a submitter for every signer with work that no replica serves yet; runs forever.
pub async fn run(state: AppState, follow_ups: Arc<dyn FollowUps>) {
    let mut serving = Serving::default();
    let running = &mut serving.0;
    loop {
        running.retain(|_, task| !task.is_finished());
        match signers_with_work(&state).await {
            Ok(signers) => {
                for signer in signers {
                    if running.contains_key(&signer) {
                        continue;
                    }
                    let Ok(account) = <[u8; 32]>::try_from(&signer[..]) else {
                        continue;
                    };
                    let task = tokio::spawn(serve(state.clone(), follow_ups.clone(), account));
                    running.insert(signer, task);
                }
            }
            Err(error) => tracing::warn!(%error, "listing signers with queued operations failed"),
        }
        crate::operations::watcher::record_queue(&state).await;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn signers_with_work(state: &AppState) -> sqlx::Result<Vec<Vec<u8>>> {
    sqlx::query_scalar!(
        "SELECT DISTINCT signer FROM chain_operations WHERE status IN ('queued', 'submitted', 'in_block')"
    )
    .fetch_all(&state.db)
    .await
}

/// Serves `signer` while this replica leads it and it has work.
async fn serve(state: AppState, follow_ups: Arc<dyn FollowUps>, signer: [u8; 32]) {
    let role = format!("signer:{}", hex::encode(signer));
    let mut lead = match try_lead(&state.db, &role).await {
        Ok(Some(lead)) => lead,
        Ok(None) => return,
        Err(error) => {
            tracing::warn!(%error, "electing a submitter failed");
            return;
        }
    };
    let span = tracing::info_span!("submitter", signer = %hex::encode(&signer[..4]));
    let _ =
        tracing::Instrument::instrument(lead_signer(&state, &follow_ups, signer, &mut lead), span)
            .await;
}

async fn lead_signer(
    state: &AppState,
    follow_ups: &Arc<dyn FollowUps>,
    signer: [u8; 32],
    lead: &mut Leadership,
) {
    tracing::debug!("leading");
    let key = match signing_key(state, signer).await {
        Ok(Some(key)) => key,
        Ok(None) => {
            let problem = problem_of(&ApiError::conflict(
                "no-signing-key",
                "the platform does not hold this account's key",
            ));
            give_up_all(state, follow_ups, signer, &problem).await;
            return;
        }
        Err(error) => {
            tracing::warn!(%error, "loading the signing key failed");
            return;
        }
    };
    let mut idle = 0;
    while lead.held().await {
        let Ok(outcome) =
            tokio::time::timeout(ROUND_LIMIT, round(state, follow_ups, &key, signer)).await
        else {
            // A call to the node that never returns would hold the signer here for good, its
            // lock with it: hand the signer back, so this or another replica starts afresh.
            tracing::warn!(
                limit_secs = ROUND_LIMIT.as_secs(),
                "a round hung; handing the signer back"
            );
            return;
        };
        match outcome {
            Ok(true) => idle = 0,
            Ok(false) => idle += 1,
            Err(error) => {
                tracing::warn!(%error, "submitting failed; trying again");
                idle = 0;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        if idle > IDLE_TICKS {
            return;
        }
        tokio::time::sleep(TICK).await;
    }
    tracing::warn!("lost the submitter lock; stopping");
}

struct InFlight {
    id: Uuid,
    nonce: i64,
    signed_tx: Option<Vec<u8>>,
    submit_attempts: i32,
    stale: bool,
}

/// One round for one signer: whether it still has work.
async fn round(
    state: &AppState,
    follow_ups: &Arc<dyn FollowUps>,
    key: &Keypair,
    signer: [u8; 32],
) -> ApiResult<bool> {
    let chain = state.chain()?.chain().clone();
    let (chain_nonce, finalized_block) = chain.finalized_nonce(signer).await.map_err(upstream)?;
    let watched = sqlx::query_scalar!("SELECT block_number FROM chain_watch_cursor")
        .fetch_optional(&state.db)
        .await?
        .unwrap_or(0);
    let in_flight = sqlx::query_as!(
        InFlight,
        r#"SELECT id, nonce AS "nonce!", signed_tx, submit_attempts,
                  (status = 'submitted' AND (submitted_at IS NULL
                       OR submitted_at < now() - make_interval(secs => $2))) AS "stale!"
           FROM chain_operations
           WHERE signer = $1 AND status IN ('submitted', 'in_block') ORDER BY nonce"#,
        &signer[..],
        RESUBMIT_AFTER_SECS,
    )
    .fetch_all(&state.db)
    .await?;
    // A nonce the chain has used while the watcher, having read every block up to here, did not
    // find our transaction: another transaction took it, ours can never land. Sign it again.
    if watched >= finalized_block as i64 {
        let lost: Vec<Uuid> = in_flight
            .iter()
            .filter(|op| (op.nonce as u64) < chain_nonce)
            .map(|op| op.id)
            .collect();
        if !lost.is_empty() {
            tracing::warn!(
                count = lost.len(),
                "nonces taken by other transactions; queueing again"
            );
            requeue(state, &lost).await?;
            return Ok(true);
        }
    }
    for op in in_flight.iter().filter(|op| op.stale) {
        let Some(bytes) = op.signed_tx.clone() else {
            continue;
        };
        send(
            state,
            follow_ups,
            signer,
            op.id,
            op.nonce,
            bytes,
            op.submit_attempts,
        )
        .await?;
    }
    let next = in_flight
        .last()
        .map_or(chain_nonce, |op| (op.nonce as u64 + 1).max(chain_nonce));
    let queued = sqlx::query!(
        "SELECT id, call_data FROM chain_operations WHERE signer = $1 AND status = 'queued'
         ORDER BY created_at, id LIMIT $2",
        &signer[..],
        BATCH,
    )
    .fetch_all(&state.db)
    .await?;
    let mut nonce = next;
    for op in &queued {
        let signed = chain
            .sign(key, &op.call_data, nonce)
            .await
            .map_err(upstream)?;
        // Stored before it is sent: whatever happens next, a retry sends these very bytes.
        let claimed = sqlx::query!(
            "UPDATE chain_operations SET status = 'submitted', nonce = $2, tx_hash = $3,
                 signed_tx = $4, submitted_at = now(), updated_at = now()
             WHERE id = $1 AND status = 'queued'",
            op.id,
            nonce as i64,
            &signed.hash[..],
            signed.bytes,
        )
        .execute(&state.db)
        .await?
        .rows_affected();
        if claimed == 0 {
            continue;
        }
        state.metrics.queue.submitted.inc();
        if !send(
            state,
            follow_ups,
            signer,
            op.id,
            nonce as i64,
            signed.bytes,
            0,
        )
        .await?
        {
            break;
        }
        nonce += 1;
    }
    Ok(!in_flight.is_empty() || !queued.is_empty())
}

/// Sends signed bytes; whether later nonces may follow.
async fn send(
    state: &AppState,
    follow_ups: &Arc<dyn FollowUps>,
    signer: [u8; 32],
    id: Uuid,
    nonce: i64,
    bytes: Vec<u8>,
    attempts: i32,
) -> ApiResult<bool> {
    let chain = state.chain()?.chain().clone();
    let outcome = chain.submit_signed(bytes).await;
    sqlx::query!(
        "UPDATE chain_operations SET submit_attempts = submit_attempts + 1, submitted_at = now(),
             last_error = $2, updated_at = now()
         WHERE id = $1",
        id,
        outcome.as_ref().err().map(|e| e.to_string()),
    )
    .execute(&state.db)
    .await?;
    match outcome {
        Ok(submitted) => {
            let db = state.db.clone();
            tokio::spawn(async move {
                // Bounded: a transaction the pool keeps silent about is sent again by a later
                // round, and each send must not leave a watcher behind for good.
                let block = tokio::time::timeout(IN_BLOCK_WAIT, submitted.in_block()).await;
                if let Ok(Some(block)) = block {
                    let _ = sqlx::query!(
                        "UPDATE chain_operations SET status = 'in_block', block_hash = $2,
                             in_block_at = now(), updated_at = now()
                         WHERE id = $1 AND status = 'submitted'",
                        id,
                        &block[..],
                    )
                    .execute(&db)
                    .await;
                }
            });
            Ok(true)
        }
        // Already there, or its nonce is used: the watcher and the next round settle it.
        Err(SubmitError::Known | SubmitError::Stale) => Ok(true),
        Err(SubmitError::CannotPay(reason)) => {
            tracing::warn!(%reason, nonce, "the signer cannot pay; failing the operation");
            let problem = problem_of(&ApiError::Upstream(
                "the signing account cannot pay the transaction fees".into(),
            ));
            give_up(state, follow_ups, signer, id, nonce, &problem).await?;
            Ok(false)
        }
        Err(SubmitError::Other(reason)) if attempts + 1 >= MAX_ATTEMPTS => {
            tracing::warn!(%reason, nonce, "the pool keeps refusing; failing the operation");
            let problem = problem_of(&ApiError::Upstream(format!(
                "the node did not take the transaction: {reason}"
            )));
            give_up(state, follow_ups, signer, id, nonce, &problem).await?;
            Ok(false)
        }
        Err(SubmitError::Other(reason)) => {
            tracing::debug!(%reason, nonce, "the pool refused; sending again later");
            Ok(false)
        }
    }
}

/// Fails operation `id` (its nonce unused), and queues again every later transaction of the
/// signer: their nonces come after a gap now, and none of them can have landed before it.
async fn give_up(
    state: &AppState,
    follow_ups: &Arc<dyn FollowUps>,
    signer: [u8; 32],
    id: Uuid,
    nonce: i64,
    problem: &serde_json::Value,
) -> ApiResult<()> {
    settle_failed(state, follow_ups, id, problem, None).await?;
    let later: Vec<Uuid> = sqlx::query_scalar!(
        "SELECT id FROM chain_operations
         WHERE signer = $1 AND status IN ('submitted', 'in_block') AND nonce > $2",
        &signer[..],
        nonce
    )
    .fetch_all(&state.db)
    .await?;
    requeue(state, &later).await
}

async fn give_up_all(
    state: &AppState,
    follow_ups: &Arc<dyn FollowUps>,
    signer: [u8; 32],
    problem: &serde_json::Value,
) {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM chain_operations WHERE signer = $1 AND status = 'queued'",
        &signer[..]
    )
    .fetch_all(&state.db)
    .await
    .unwrap_or_default();
    for id in ids {
        if let Err(error) = settle_failed(state, follow_ups, id, problem, None).await {
            tracing::warn!(%error, "failing an unsignable operation failed");
        }
    }
}

async fn requeue(state: &AppState, ids: &[Uuid]) -> ApiResult<()> {
    sqlx::query!(
        "UPDATE chain_operations SET status = 'queued', nonce = NULL, tx_hash = NULL,
             signed_tx = NULL, block_hash = NULL, in_block_at = NULL, submitted_at = NULL,
             updated_at = now()
         WHERE id = ANY($1) AND status IN ('submitted', 'in_block')",
        ids
    )
    .execute(&state.db)
    .await?;
    Ok(())
}

fn upstream(error: iktomi_chain::ChainError) -> ApiError {
    ApiError::Upstream(format!("the node: {error}"))
}
