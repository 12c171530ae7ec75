//! Issues the achievement certificates owed for passed attestations (queued by `attempts::finish`):
//! through the certificates flow, with the organization's issuer key, to the person's wallet. A
//! failure (the chain unreachable, the organization not an issuer) is kept and tried again, a few
//! times.
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{issuer_for, submit_issue, Issue, IssuedCertificate};
use crate::http::error::ApiResult;
use crate::state::AppState;
use crate::wallets::custodial::holder_address;

const MAX_TRIES: i32 = 5;

/// A certificate owed for a pass.
struct Owed {
    attempt_id: Uuid,
    account_id: Uuid,
    score: Option<i32>,
    finished_at: Option<DateTime<Utc>>,
    organization_id: Uuid,
    title: String,
}

/// Issues what is owed; how many were issued.
pub async fn issue_owed(state: &AppState) -> ApiResult<usize> {
    let owed = sqlx::query_as!(
        Owed,
        "SELECT c.attempt_id, t.account_id, t.score, t.finished_at, a.organization_id, a.title
         FROM attestation_certificates c
         JOIN attempts t ON t.id = c.attempt_id
         JOIN attestations a ON a.id = t.attestation_id
         WHERE c.certificate_id IS NULL AND c.tries < $1
         ORDER BY c.created_at LIMIT 10",
        MAX_TRIES
    )
    .fetch_all(&state.db)
    .await?;
    let mut issued = 0;
    for o in owed {
        if !claim(state, &o).await? {
            continue;
        }
        match issue(state, &o).await {
            Ok(certificate) => {
                sqlx::query!(
                    "UPDATE attestation_certificates SET certificate_id = $2, last_error = NULL WHERE attempt_id = $1",
                    o.attempt_id,
                    certificate.id as i64
                )
                .execute(&state.db)
                .await?;
                issued += 1;
            }
            Err(error) => {
                tracing::warn!(attempt = %o.attempt_id, %error, "issuing an attestation certificate failed");
                sqlx::query!(
                    "UPDATE attestation_certificates SET last_error = $2 WHERE attempt_id = $1",
                    o.attempt_id,
                    error.to_string()
                )
                .execute(&state.db)
                .await?;
            }
        }
    }
    Ok(issued)
}

/// Counts a try before it is made — a crash mid-issue is a try too, so a broken one cannot loop
/// forever; whether this try is still allowed and ours.
async fn claim(state: &AppState, o: &Owed) -> ApiResult<bool> {
    let claimed = sqlx::query!(
        "UPDATE attestation_certificates SET tries = tries + 1
         WHERE attempt_id = $1 AND certificate_id IS NULL AND tries < $2",
        o.attempt_id,
        MAX_TRIES
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    Ok(claimed != 0)
}

/// Issues the achievement certificate through the certificates flow.
async fn issue(state: &AppState, o: &Owed) -> ApiResult<IssuedCertificate> {
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
        },
    )
    .await
}
