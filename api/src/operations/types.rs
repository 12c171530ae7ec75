//! The operation resource: one chain write and where it stands.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::wallet::Address;

/// queued → submitted → in_block → finalized, or failed with a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, sqlx::Type)]
#[sqlx(type_name = "operation_status", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum OperationStatus {
    /// Stored; waiting for its signer's submitter.
    Queued,
    /// Signed with `nonce` and handed to the node (`tx_hash`).
    Submitted,
    /// In a block that is not final yet.
    InBlock,
    /// In a finalized block; its follow-up is done and `result` is the answer.
    Finalized,
    /// Will not land; `problem` says why.
    Failed,
}

impl OperationStatus {
    pub fn is_final(self) -> bool {
        matches!(self, Self::Finalized | Self::Failed)
    }
}

/// A chain write accepted by the API. Poll `GET /v1/operations/{id}` until `status` is
/// `finalized` or `failed`, or send `Prefer: wait=N` with the request to wait up to N seconds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Operation {
    pub id: Uuid,
    /// What it does, e.g. `certificate.issue`.
    pub kind: String,
    pub status: OperationStatus,
    /// The signing account (SS58).
    pub signer: String,
    pub nonce: Option<i64>,
    /// The extrinsic hash, hex, once signed.
    pub tx_hash: Option<String>,
    /// The block that includes it, hex.
    pub block: Option<String>,
    pub block_number: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub in_block_at: Option<DateTime<Utc>>,
    pub finalized_at: Option<DateTime<Utc>>,
    /// Once finalized: the HTTP status the request answers with when it waits.
    pub result_status: Option<u16>,
    /// Once finalized: the request's answer (the issued certificate, the created program, …).
    #[schema(value_type = Option<Object>)]
    pub result: Option<Value>,
    /// Once failed: why, as an RFC 9457 problem.
    #[schema(value_type = Option<Object>)]
    pub problem: Option<Value>,
}

/// A row of `chain_operations` as the API reads it.
pub(crate) struct OperationRow {
    pub id: Uuid,
    pub kind: String,
    pub status: OperationStatus,
    pub signer: Vec<u8>,
    pub account_id: Option<Uuid>,
    pub nonce: Option<i64>,
    pub tx_hash: Option<Vec<u8>>,
    pub block_hash: Option<Vec<u8>>,
    pub block_number: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub in_block_at: Option<DateTime<Utc>>,
    pub finalized_at: Option<DateTime<Utc>>,
    pub result_status: Option<i16>,
    pub result: Option<Value>,
    pub problem: Option<Value>,
}

impl From<OperationRow> for Operation {
    fn from(row: OperationRow) -> Self {
        Self {
            id: row.id,
            kind: row.kind,
            status: row.status,
            signer: Address::from_bytes(&row.signer)
                .map(|a| a.ss58())
                .unwrap_or_default(),
            nonce: row.nonce,
            tx_hash: row.tx_hash.map(iktomi_chain::hex0x),
            block: row.block_hash.map(iktomi_chain::hex0x),
            block_number: row.block_number,
            created_at: row.created_at,
            submitted_at: row.submitted_at,
            in_block_at: row.in_block_at,
            finalized_at: row.finalized_at,
            result_status: row.result_status.map(|s| s as u16),
            result: row.result,
            problem: row.problem,
        }
    }
}
