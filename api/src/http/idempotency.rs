//! `Idempotency-Key` for requests that submit transactions: a retried request gets the first
//! answer instead of a second transaction; another body under the same key is refused (422); a
//! retry while the first is still running gets 409. A failed request frees its key.
//!
//! A handler takes an [`IdempotencyKey`] and runs its work through it:
//! `key.once(account, route, &body).accepted(work).await`; the key is bound to the operation the
//! work queued, so a retry after any crash finds it.
use std::convert::Infallible;
use std::fmt::Display;
use std::future::Future;
use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use crate::certificates::credential::canonical_json;
use crate::http::error::{ApiError, ApiResult, FieldError};
use crate::operations::queue::{by_key, Asked, Queued, ASKED};
use crate::operations::waiting::{self, preferred_wait};
use crate::state::AppState;

pub const HEADER: &str = "idempotency-key";

/// The request's `Idempotency-Key`. A missing or malformed key is reported when the work is run
/// through [`IdempotencyKey::once`], where the old handlers checked it, so the order of problems
/// a client sees (session, then key, then body) stays the same.
pub struct IdempotencyKey {
    key: ApiResult<String>,
    db: PgPool,
    /// `Prefer: wait=N`, capped below the request timeout.
    wait: Option<Duration>,
    /// A reservation older than this whose request queued nothing died with its process: no
    /// request outlives the request timeout.
    abandoned_after: Duration,
}

impl FromRequestParts<AppState> for IdempotencyKey {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let cap = Duration::from_secs(state.settings.request_timeout_secs.saturating_sub(2));
        Ok(Self {
            key: key(&parts.headers),
            db: state.db.clone(),
            wait: preferred_wait(&parts.headers).map(|w| w.min(cap)),
            abandoned_after: Duration::from_secs(state.settings.request_timeout_secs + 5),
        })
    }
}

fn key(headers: &axum::http::HeaderMap) -> ApiResult<String> {
    let key = headers
        .get(HEADER)
        .ok_or_else(|| ApiError::Malformed("this request needs an Idempotency-Key header".into()))?
        .to_str()
        .map_err(|_| ApiError::invalid("Idempotency-Key", "must be visible ASCII"))?
        .trim()
        .to_owned();
    if key.is_empty() || key.len() > 255 {
        return Err(ApiError::invalid("Idempotency-Key", "1-255 characters"));
    }
    Ok(key)
}

impl IdempotencyKey {
    /// The request this key names: `account`'s call of `route` (the operation and its path ids)
    /// with `body`. A replay must match all three.
    pub fn once(self, account: Uuid, route: impl Display, body: &impl Serialize) -> Once {
        let request_hash = serde_json::to_value(body)
            .map(|body| Sha256::digest(format!("{route}\n{}", canonical_json(&body))).to_vec())
            .map_err(|e| ApiError::Internal(e.into()));
        Once {
            key: self.key,
            db: self.db,
            wait: self.wait,
            abandoned_after: self.abandoned_after,
            account,
            request_hash,
        }
    }
}

/// A keyed request, ready to run its work once.
pub struct Once {
    key: ApiResult<String>,
    db: PgPool,
    wait: Option<Duration>,
    abandoned_after: Duration,
    account: Uuid,
    request_hash: ApiResult<Vec<u8>>,
}

impl Once {
    /// Runs `work`, which queues a chain write, once per (account, key): answers 202 with the
    /// operation, or its final answer when `Prefer: wait` asked and it came in time. The key is
    /// bound to the operation; on error the key is freed.
    pub async fn accepted(
        self,
        work: impl Future<Output = ApiResult<Queued>>,
    ) -> ApiResult<Response> {
        let Self {
            key,
            db,
            wait,
            abandoned_after,
            account,
            request_hash,
        } = self;
        let (key, request_hash) = (key?, request_hash?);
        let reservation = Reservation {
            account,
            key: &key,
            request_hash: &request_hash,
            wait,
            abandoned_after,
        };
        if let Some(replay) = reserve(&db, &reservation).await? {
            return Ok(replay);
        }
        let asked = Asked {
            account,
            key: key.clone(),
            wait,
        };
        match ASKED.scope(asked, work).await {
            Ok(Queued(operation)) => {
                sqlx::query!(
                    "UPDATE idempotency_keys SET operation_id = $3, status = 202
                     WHERE account_id = $1 AND key = $2",
                    account,
                    key,
                    operation,
                )
                .execute(&db)
                .await?;
                waiting::answer(&db, operation, wait).await
            }
            Err(error) => {
                free(&db, account, &key).await?;
                Err(error)
            }
        }
    }
}

async fn free(db: &PgPool, account: Uuid, key: &str) -> ApiResult<()> {
    sqlx::query!(
        "DELETE FROM idempotency_keys WHERE account_id = $1 AND key = $2 AND operation_id IS NULL",
        account,
        key
    )
    .execute(db)
    .await?;
    Ok(())
}

struct Reservation<'a> {
    account: Uuid,
    key: &'a str,
    request_hash: &'a [u8],
    wait: Option<Duration>,
    abandoned_after: Duration,
}

/// Reserves the key for this request; or the answer of the request that holds it.
async fn reserve(db: &PgPool, r: &Reservation<'_>) -> ApiResult<Option<Response>> {
    let Reservation {
        account,
        key,
        request_hash,
        wait,
        abandoned_after,
    } = *r;
    // The request holding the key may free it (its work failed) between the insert and the
    // select: then the key is free again, and reserving it is tried once more.
    let mut attempts = 0;
    let earlier = loop {
        let reserved = sqlx::query!(
            "INSERT INTO idempotency_keys (account_id, key, request_hash) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            account,
            key,
            request_hash,
        )
        .execute(db)
        .await?
        .rows_affected()
            == 1;
        if reserved {
            return Ok(None);
        }
        let earlier = sqlx::query!(
            r#"SELECT request_hash, status, response, operation_id,
                  extract(epoch FROM now() - created_at)::float8 AS "age!"
           FROM idempotency_keys WHERE account_id = $1 AND key = $2"#,
            account,
            key,
        )
        .fetch_optional(db)
        .await?;
        attempts += 1;
        match earlier {
            Some(earlier) => break earlier,
            None if attempts < 3 => continue,
            None => {
                return Err(ApiError::conflict(
                    "request-in-progress",
                    "a request with this Idempotency-Key is still running",
                ))
            }
        }
    };
    if earlier.request_hash != request_hash {
        return Err(ApiError::Validation(vec![FieldError {
            field: "Idempotency-Key".into(),
            message: "was already used for another request".into(),
        }]));
    }
    // The request that reserved the key may have queued its operation and died before it
    // recorded it: the operation carries the key too.
    let operation = match earlier.operation_id {
        Some(id) => Some(id),
        None => by_key(db, account, key).await?,
    };
    if let Some(operation) = operation {
        return waiting::answer(db, operation, wait).await.map(Some);
    }
    match (earlier.status, earlier.response) {
        (Some(status), Some(response)) => Ok(Some(
            (
                StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK),
                axum::Json(response),
            )
                .into_response(),
        )),
        _ if earlier.age > abandoned_after.as_secs_f64() => {
            // Its request died before queueing anything: this retry takes the key over.
            sqlx::query!(
                "UPDATE idempotency_keys SET created_at = now() WHERE account_id = $1 AND key = $2",
                account,
                key
            )
            .execute(db)
            .await?;
            Ok(None)
        }
        _ => Err(ApiError::conflict(
            "request-in-progress",
            "a request with this Idempotency-Key is still running",
        )),
    }
}
