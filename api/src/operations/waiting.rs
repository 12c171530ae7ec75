//! The answer to a request that queued a chain write: `202 Accepted` with the operation, or,
//! when the client sent `Prefer: wait=N` (RFC 7240) and the operation ended within N seconds,
//! the final answer itself.
use std::time::Duration;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;
use uuid::Uuid;

use crate::http::error::{ApiResult, PROBLEM_JSON};
use crate::operations::queue::load;
use crate::operations::types::{Operation, OperationStatus};

const POLL: Duration = Duration::from_millis(100);

/// The `wait` preference in seconds, if any (`Prefer: respond-async, wait=10`).
pub fn preferred_wait(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split([',', ';']))
        .filter_map(|p| p.trim().strip_prefix("wait="))
        .filter_map(|s| s.trim_matches('"').parse::<u64>().ok())
        .map(Duration::from_secs)
        .next()
}

/// The operation's answer now, or after waiting up to `wait` for it to end.
pub async fn answer(db: &PgPool, id: Uuid, wait: Option<Duration>) -> ApiResult<Response> {
    let deadline = wait.map(|w| tokio::time::Instant::now() + w);
    loop {
        let row = load(db, id).await?;
        let waiting = deadline.is_some_and(|d| tokio::time::Instant::now() < d);
        match row.status {
            OperationStatus::Finalized => {
                let status = row
                    .result_status
                    .and_then(|s| StatusCode::from_u16(s as u16).ok())
                    .unwrap_or(StatusCode::OK);
                let body = row.result.clone().unwrap_or_default();
                return Ok(with_monitor((status, axum::Json(body)).into_response(), id));
            }
            OperationStatus::Failed => {
                let problem = row.problem.clone().unwrap_or_default();
                let status = problem["status"]
                    .as_u64()
                    .and_then(|s| StatusCode::from_u16(s as u16).ok())
                    .unwrap_or(StatusCode::BAD_GATEWAY);
                let response = (
                    status,
                    [(header::CONTENT_TYPE, PROBLEM_JSON)],
                    problem.to_string(),
                )
                    .into_response();
                return Ok(with_monitor(response, id));
            }
            _ if waiting => tokio::time::sleep(POLL).await,
            _ => return Ok(accepted(Operation::from(row))),
        }
    }
}

fn accepted(operation: Operation) -> Response {
    let location = format!("/v1/operations/{}", operation.id);
    let mut response = (StatusCode::ACCEPTED, axum::Json(operation)).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&location) {
        headers.insert(header::LOCATION, value);
    }
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// Names the operation behind a final answer (RFC 5989 `monitor`), for clients that log it.
fn with_monitor(mut response: Response, id: Uuid) -> Response {
    if let Ok(value) = HeaderValue::from_str(&format!("</v1/operations/{id}>; rel=\"monitor\"")) {
        response.headers_mut().insert(header::LINK, value);
    }
    response
}

/// `Prefer: wait=N` for handlers that queue a chain write without an `Idempotency-Key`, capped
/// below the request timeout.
pub struct PreferWait(pub Option<Duration>);

impl axum::extract::FromRequestParts<crate::state::AppState> for PreferWait {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &crate::state::AppState,
    ) -> Result<Self, Self::Rejection> {
        let cap = Duration::from_secs(state.settings.request_timeout_secs.saturating_sub(2));
        Ok(Self(preferred_wait(&parts.headers).map(|w| w.min(cap))))
    }
}
