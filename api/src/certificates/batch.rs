//! Issuing to a cohort: one certificate to each person, in one transaction (all or none).
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::session::Session;
use crate::certificates::batch_csv::{self, FileProblem};
use crate::certificates::credential::content_hash;
use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{credential_for, issuer, store_document};
use crate::http::error::{ApiError, ApiResult, Checks, FieldError};
use crate::operations::follow_up::Landed;
use crate::operations::queue::to_payload;
use crate::operations::{enqueue, Queued};
use crate::state::AppState;
use crate::wallets::custodial::holder_address;

/// The handles in a cohort CSV's `handle` column (see [`batch_csv`]); any bad row is a
/// validation problem naming its line.
pub fn cohort_csv(csv: &str) -> ApiResult<Vec<String>> {
    let rows = batch_csv::read(csv, MAX_BATCH).map_err(file_problem)?;
    let bad: Vec<FieldError> = rows
        .iter()
        .filter_map(|row| {
            row.problem.map(|problem| FieldError {
                field: format!("holders_csv[{}]", row.line),
                message: format!("{problem:?}"),
            })
        })
        .collect();
    if !bad.is_empty() {
        return Err(ApiError::Validation(bad));
    }
    Ok(rows.into_iter().map(|row| row.handle).collect())
}

/// A file that cannot be read at all, as the validation problem of its field.
pub fn file_problem(problem: FileProblem) -> ApiError {
    match problem {
        FileProblem::NoHandleColumn => {
            ApiError::invalid("holders_csv", "needs a header row with a handle column")
        }
        FileProblem::Unreadable(why) => {
            ApiError::invalid("holders_csv", format!("is not readable as CSV: {why}"))
        }
    }
}

/// The most certificates one batch call issues (the registry's `MAX_BATCH`).
pub const MAX_BATCH: usize = 100;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewBatch {
    pub kind: CertificateKind,
    #[serde(flatten)]
    pub document: Document,
    /// The cohort's handles.
    #[serde(default)]
    pub holders: Vec<String>,
    /// Or the cohort as CSV with a `handle` column (a header row, one person per line; `,` or
    /// `;` separated, quoted cells and a byte order mark as spreadsheets write them).
    pub holders_csv: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BatchItem {
    pub holder: String,
    pub id: u64,
    pub content_hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IssuedBatch {
    pub block: String,
    pub certificates: Vec<BatchItem>,
}

/// The cohort's handles from `holders` and `holders_csv`, in order, without repeats.
fn cohort(batch: &NewBatch) -> ApiResult<Vec<String>> {
    let mut handles = batch.holders.clone();
    if let Some(csv) = &batch.holders_csv {
        handles.extend(cohort_csv(csv)?);
    }
    let mut seen = std::collections::HashSet::new();
    handles.retain(|h| seen.insert(h.clone()));
    if handles.is_empty() || handles.len() > MAX_BATCH {
        return Err(ApiError::invalid(
            "holders",
            format!("a cohort has 1 to {MAX_BATCH} people"),
        ));
    }
    Ok(handles)
}

/// Issues `body` to its cohort as `session`'s organization.
pub async fn issue(
    state: &AppState,
    session: &Session,
    organization: Uuid,
    body: &NewBatch,
) -> ApiResult<Queued> {
    let mut c = Checks::default();
    body.document
        .check(&mut c, body.kind == CertificateKind::Employment);
    c.finish()?;
    let handles = cohort(body)?;
    let issuer = issuer(state, organization, session.account_id).await?;
    let mut items = Vec::with_capacity(handles.len());
    let mut hashes = Vec::with_capacity(handles.len());
    let mut documents = Vec::with_capacity(handles.len());
    for (i, handle) in handles.iter().enumerate() {
        let account = sqlx::query_scalar!("SELECT id FROM accounts WHERE handle = $1", handle)
            .fetch_optional(&state.db)
            .await?
            .ok_or_else(|| {
                ApiError::invalid(format!("holders[{i}]"), format!("no person @{handle}"))
            })?;
        let holder = holder_address(state, account).await?;
        let credential = credential_for(
            state,
            organization,
            &issuer.info,
            &holder,
            body.kind,
            &body.document,
        );
        let hash = content_hash(&credential);
        documents.push((hash, account, credential));
        items.push(iktomi_shared::IssueItem {
            holder: holder.0.into(),
            kind: body.kind.chain(),
            content_hash: hash,
            expires_at: body
                .document
                .expires_at
                .map(|t| t.timestamp_millis().max(0) as u64),
        });
        hashes.push(hash);
    }
    let call = state.chain()?.issue_batch(issuer.key()?, items).await?;
    let payload = BatchPayload {
        holders: handles,
        content_hashes: hashes.iter().map(iktomi_chain::hex0x).collect(),
    };
    let mut tx = state.db.begin().await?;
    for (hash, account, credential) in &documents {
        store_document(&mut tx, hash, organization, Some(*account), credential).await?;
    }
    let queued = enqueue(
        &mut tx,
        Some(session.account_id),
        "certificate.batch",
        &call,
        to_payload(&payload)?,
    )
    .await?;
    tx.commit().await?;
    Ok(queued)
}

/// What a batch's follow-up needs: the cohort in the items' order.
#[derive(Debug, Serialize, Deserialize)]
pub struct BatchPayload {
    pub holders: Vec<String>,
    pub content_hashes: Vec<String>,
}

/// The batch is final: ids come from the events, in the items' order.
pub fn batch_landed(payload: BatchPayload, landed: &Landed) -> IssuedBatch {
    let ids = landed
        .events
        .iter()
        .filter_map(|e| e.decode::<iktomi_shared::events::CertificateIssued>())
        .map(|e| e.id);
    IssuedBatch {
        block: iktomi_chain::hex0x(landed.block),
        certificates: payload
            .holders
            .into_iter()
            .zip(ids)
            .zip(payload.content_hashes)
            .map(|((holder, id), content_hash)| BatchItem {
                holder,
                id,
                content_hash,
            })
            .collect(),
    }
}
