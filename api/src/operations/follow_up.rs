//! What happens once a chain write is final. The queue knows nothing of certificates or
//! programs: a follow-up named by the operation's `kind` does, inside the transaction that marks
//! the operation finalized (or failed), so it happens exactly once.
use axum::http::StatusCode;
use futures::future::BoxFuture;
use serde::Serialize;
use serde_json::Value;
use sqlx::PgConnection;

use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Where the call landed and what the contracts emitted there.
#[derive(Debug, Clone)]
pub struct Landed {
    pub block: [u8; 32],
    pub block_number: u64,
    pub events: Vec<iktomi_chain::ContractEvent>,
}

/// The answer the request gets once its operation is final (and replays get after).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
}

impl Answer {
    pub fn created(body: impl Serialize) -> ApiResult<Self> {
        Self::with(StatusCode::CREATED, body)
    }

    pub fn ok(body: impl Serialize) -> ApiResult<Self> {
        Self::with(StatusCode::OK, body)
    }

    fn with(status: StatusCode, body: impl Serialize) -> ApiResult<Self> {
        Ok(Self {
            status,
            body: serde_json::to_value(body).map_err(|e| ApiError::Internal(e.into()))?,
        })
    }
}

/// The follow-ups of every kind of operation; `api::follow_ups` holds the table.
pub trait FollowUps: Send + Sync + 'static {
    /// The call succeeded in a finalized block: record what it did, tell whom it concerns.
    fn landed<'a>(
        &'a self,
        state: &'a AppState,
        conn: &'a mut PgConnection,
        kind: &'a str,
        payload: &'a Value,
        landed: &'a Landed,
    ) -> BoxFuture<'a, ApiResult<Answer>>;

    /// The call will not land (refused in the pool, or reverted in a block): undo the claims
    /// the request made so the action can be tried again.
    fn failed<'a>(
        &'a self,
        state: &'a AppState,
        conn: &'a mut PgConnection,
        kind: &'a str,
        payload: &'a Value,
    ) -> BoxFuture<'a, ApiResult<()>>;
}
