//! Issues the achievement certificates owed for passed attestations (queued by `attempts::finish`):
//! through the certificates flow, with the organization's issuer key, to the person's wallet.
//! Each owed certificate is leased with `FOR UPDATE SKIP LOCKED` and bound to the operation that
//! issues it in the same transaction, so two replicas sweeping at once issue it once. A failed
//! operation frees it for another try, a few times.
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{issuer_for, submit_issue, Issue, IssuedCertificate};
use crate::http::error::{ApiError, ApiResult};
use crate::operations::Queued;
use crate::state::AppState;
use crate::wallets::custodial::holder_address;

const MAX_TRIES: i32 = 5;
pub const ISSUED: &str = "attestation.issued";

/// A certificate owed for a pass.
struct Owed {
    attempt_id: Uuid,
    account_id: Uuid,
    score: Option<i32>,
    finished_at: Option<DateTime<Utc>>,
    organization_id: Uuid,
    title: String,
}

/// Queues what is owed; how many were queued.
pub async fn issue_owed(state: &AppState) -> ApiResult<usize> {
    let mut queued = 0;
    // One at a time, each in its own lease: a slow dry run holds one row, not the batch.
    for _ in 0..10 {
        let mut tx = state.db.begin().await?;
        let owed = sqlx::query_as!(
            Owed,
            "SELECT c.attempt_id, t.account_id, t.score, t.finished_at, a.organization_id, a.title
             FROM attestation_certificates c
             JOIN attempts t ON t.id = c.attempt_id
             JOIN attestations a ON a.id = t.attestation_id
             WHERE c.certificate_id IS NULL AND c.operation_id IS NULL AND c.tries < $1
             ORDER BY c.created_at LIMIT 1
             FOR UPDATE OF c SKIP LOCKED",
            MAX_TRIES
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(o) = owed else {
            return Ok(queued);
        };
        match issue(state, &o).await {
            Ok(operation) => {
                sqlx::query!(
                    "UPDATE attestation_certificates SET operation_id = $2, tries = tries + 1,
                         last_error = NULL
                     WHERE attempt_id = $1",
                    o.attempt_id,
                    operation.0
                )
                .execute(&mut *tx)
                .await?;
                queued += 1;
            }
            Err(error) => {
                tracing::warn!(attempt = %o.attempt_id, %error, "issuing an attestation certificate failed");
                sqlx::query!(
                    "UPDATE attestation_certificates SET tries = tries + 1, last_error = $2
                     WHERE attempt_id = $1",
                    o.attempt_id,
                    error.to_string()
                )
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
    }
    Ok(queued)
}

/// Queues the achievement certificate through the certificates flow.
async fn issue(state: &AppState, o: &Owed) -> ApiResult<Queued> {
    let issuer = issuer_for(state, o.organization_id).await?;
    let holder = holder_address(state, o.account_id).await?;
    let document = Document {
        title: format!("Attestation passed: {}", o.title),
        description: format!("Passed with {}%", o.score.unwrap_or(0)),
        criteria: Some("Passing score of the organization's timed attestation".into()),
        evidence: Vec::new(),
        position: None,
        skills: Vec::new(),
        valid_from: o.finished_at.or(Some(Utc::now())),
        expires_at: None,
    };
    submit_issue(
        state,
        Issue {
            organization: o.organization_id,
            issuer: &issuer,
            holder_account: Some(o.account_id),
            holder,
            kind: CertificateKind::Achievement,
            document: &document,
            supersedes: None,
            evidence: None,
            by: None,
            then: Some(json!({ "kind": ISSUED, "attempt": o.attempt_id })),
            claim: Some(format!("attempt:{}", o.attempt_id)),
        },
    )
    .await
}

fn attempt_of(then: &Value) -> ApiResult<Uuid> {
    then["attempt"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            ApiError::Internal(anyhow::anyhow!(
                "an attestation follow-up without its attempt"
            ))
        })
}

/// The certificate is on chain: the debt is paid.
pub async fn issued(
    conn: &mut PgConnection,
    then: &Value,
    issued: &IssuedCertificate,
) -> ApiResult<()> {
    sqlx::query!(
        "UPDATE attestation_certificates SET certificate_id = $2 WHERE attempt_id = $1",
        attempt_of(then)?,
        issued.id as i64
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The operation failed: the certificate is owed again, for the next sweep.
pub async fn failed(conn: &mut PgConnection, then: &Value) -> ApiResult<()> {
    sqlx::query!(
        "UPDATE attestation_certificates SET operation_id = NULL,
             last_error = 'the chain operation failed'
         WHERE attempt_id = $1",
        attempt_of(then)?,
    )
    .execute(conn)
    .await?;
    Ok(())
}
