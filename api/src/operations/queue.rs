//! Queueing a chain write: the operation row goes in the caller's transaction, with its domain
//! rows, so either both exist or neither does.
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::chain::PreparedCall;
use crate::http::error::{ApiError, ApiResult};
use crate::operations::types::{Operation, OperationRow};

/// The request being served, as the idempotency layer knows it.
pub(crate) struct Asked {
    pub account: Uuid,
    /// Its `Idempotency-Key`: the operation remembers it, so a retry after a crash finds the
    /// operation instead of queueing a second one.
    pub key: String,
    /// `Prefer: wait`, for services that must wait on an earlier operation (a wallet's funds).
    pub wait: Option<std::time::Duration>,
}

tokio::task_local! {
    pub(crate) static ASKED: Asked;
}

/// How long the request being served may wait, per its `Prefer: wait`.
pub fn preferred_wait() -> Option<std::time::Duration> {
    ASKED.try_with(|asked| asked.wait).ok().flatten()
}

/// An accepted chain write: the id of its operation (the first, when a request queued several).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Queued(pub Uuid);

/// Queues `call` as `kind`, asked by `account`; `payload` is what the follow-up reads once it is
/// final. Calls of one signer are submitted in the order they were queued.
pub async fn enqueue(
    conn: &mut PgConnection,
    account: Option<Uuid>,
    kind: &str,
    call: &PreparedCall,
    payload: Value,
) -> ApiResult<Queued> {
    let key = ASKED
        .try_with(|asked| (Some(asked.account) == account).then(|| asked.key.clone()))
        .ok()
        .flatten();
    let id = Uuid::now_v7();
    let inserted = sqlx::query!(
        "INSERT INTO chain_operations (id, kind, signer, call_data, payload, account_id, idempotency_key,
                                       contract, contract_input)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (account_id, idempotency_key) DO NOTHING",
        id,
        kind,
        &call.signer[..],
        call.call_data,
        payload,
        account,
        key,
        call.contract.as_ref().map(|(c, _)| c.to_vec()),
        call.contract.as_ref().map(|(_, input)| input.clone()),
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 0 {
        // Only a retry of a request whose answer was lost gets here; its transaction is undone.
        return Err(ApiError::conflict(
            "request-in-progress",
            "a request with this Idempotency-Key already queued its operation",
        ));
    }
    Ok(Queued(id))
}

/// Queues `call` in a transaction of its own, for a request that stores nothing else.
pub async fn enqueue_alone(
    db: &sqlx::PgPool,
    account: Option<Uuid>,
    kind: &str,
    call: &PreparedCall,
    payload: Value,
) -> ApiResult<Queued> {
    let mut tx = db.begin().await?;
    let queued = enqueue(&mut tx, account, kind, call, payload).await?;
    tx.commit().await?;
    Ok(queued)
}

/// Claims `subject` (e.g. `request:7`) for operation `queued` until it ends: a second
/// concurrent call on the same subject gets 409 instead of a second transaction. A failed
/// operation frees its claims; a finalized one keeps them.
pub async fn claim(conn: &mut PgConnection, subject: &str, queued: Queued) -> ApiResult<()> {
    let claimed = sqlx::query!(
        "INSERT INTO chain_claims (subject, operation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        subject,
        queued.0
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Err(ApiError::conflict(
            "already-in-progress",
            "this action was already taken and is being written to the chain",
        ));
    }
    Ok(())
}

/// Queues several calls under one follow-up: every call but the last is plain (`kind`
/// `chain.step`), the last carries `kind` and `payload` and is the one the client follows.
pub async fn enqueue_all(
    conn: &mut PgConnection,
    account: Option<Uuid>,
    kind: &str,
    calls: &[PreparedCall],
    payload: Value,
) -> ApiResult<Queued> {
    let Some((last, steps)) = calls.split_last() else {
        return Err(ApiError::Internal(anyhow::anyhow!("no call to queue")));
    };
    for step in steps {
        // A step carries no idempotency key: the operation the client follows is the last one.
        enqueue(conn, None, "chain.step", step, Value::Null).await?;
    }
    enqueue(conn, account, kind, last, payload).await
}

pub(crate) async fn load(db: impl sqlx::PgExecutor<'_>, id: Uuid) -> ApiResult<OperationRow> {
    sqlx::query_as!(
        OperationRow,
        r#"SELECT id, kind, status AS "status: _", signer, account_id, nonce, tx_hash, block_hash,
                  block_number, created_at, submitted_at, in_block_at, finalized_at,
                  result_status, result, problem
           FROM chain_operations WHERE id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("operation"))
}

/// The operation a request with this key queued, if it got that far.
pub(crate) async fn by_key(
    db: impl sqlx::PgExecutor<'_>,
    account: Uuid,
    key: &str,
) -> ApiResult<Option<Uuid>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM chain_operations WHERE account_id = $1 AND idempotency_key = $2",
        account,
        key
    )
    .fetch_optional(db)
    .await?)
}

pub async fn view(db: impl sqlx::PgExecutor<'_>, id: Uuid) -> ApiResult<Operation> {
    Ok(load(db, id).await?.into())
}

/// A follow-up's payload as stored with its operation.
pub fn to_payload(payload: &impl serde::Serialize) -> ApiResult<Value> {
    serde_json::to_value(payload).map_err(|e| ApiError::Internal(e.into()))
}

/// A follow-up's payload as its domain reads it back.
pub fn from_payload<T: serde::de::DeserializeOwned>(payload: &Value) -> ApiResult<T> {
    serde_json::from_value(payload.clone()).map_err(|e| ApiError::Internal(e.into()))
}
