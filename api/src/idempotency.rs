//! `Idempotency-Key` for requests that submit transactions: a retried request gets the first
//! answer instead of a second transaction; another body under the same key is refused (422); a
//! retry while the first is still running gets 409. A failed request frees its key.
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::credential::canonical_json;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

pub const HEADER: &str = "idempotency-key";

fn key(headers: &HeaderMap) -> ApiResult<String> {
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

/// Runs `work` once per (account, key): stores its answer for replays; on error frees the key.
pub async fn once<T, F>(
    state: &AppState,
    account: Uuid,
    headers: &HeaderMap,
    route: &str,
    body: &impl Serialize,
    success: StatusCode,
    work: F,
) -> ApiResult<Response>
where
    T: Serialize,
    F: std::future::Future<Output = ApiResult<T>>,
{
    let key = key(headers)?;
    let body = serde_json::to_value(body).map_err(anyhow::Error::from)?;
    let request_hash = Sha256::digest(format!("{route}\n{}", canonical_json(&body))).to_vec();
    let reserved = sqlx::query!(
        "INSERT INTO idempotency_keys (account_id, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        account,
        key,
        request_hash,
    )
    .execute(&state.db)
    .await?
    .rows_affected()
        == 1;
    if !reserved {
        let earlier = sqlx::query!(
            "SELECT request_hash, status, response FROM idempotency_keys
             WHERE account_id = $1 AND key = $2",
            account,
            key,
        )
        .fetch_one(&state.db)
        .await?;
        if earlier.request_hash != request_hash {
            return Err(ApiError::Validation(vec![crate::error::FieldError {
                field: "Idempotency-Key".into(),
                message: "was already used for another request".into(),
            }]));
        }
        return match (earlier.status, earlier.response) {
            (Some(status), Some(response)) => Ok((
                StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK),
                axum::Json(response),
            )
                .into_response()),
            _ => Err(ApiError::conflict(
                "request-in-progress",
                "a request with this Idempotency-Key is still running",
            )),
        };
    }
    match work.await {
        Ok(answer) => {
            let answer: Value = serde_json::to_value(&answer).map_err(anyhow::Error::from)?;
            sqlx::query!(
                "UPDATE idempotency_keys SET status = $3, response = $4
                 WHERE account_id = $1 AND key = $2",
                account,
                key,
                success.as_u16() as i16,
                answer,
            )
            .execute(&state.db)
            .await?;
            Ok((success, axum::Json(answer)).into_response())
        }
        Err(error) => {
            sqlx::query!(
                "DELETE FROM idempotency_keys WHERE account_id = $1 AND key = $2",
                account,
                key
            )
            .execute(&state.db)
            .await?;
            Err(error)
        }
    }
}
