//! Checking a cohort file before anything is sent: every row with what is wrong with it, so a
//! manager fixes the file once instead of learning of one bad row per attempt.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::certificates::batch::{file_problem, MAX_BATCH};
use crate::certificates::batch_csv::{self, RowProblem};
use crate::http::error::ApiResult;
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CohortFile {
    /// The file's text: a header row with a `handle` column, one person per row.
    #[schema(max_length = 60000)]
    pub holders_csv: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewRow {
    /// The row's line in the file; the header is line 1.
    pub line: u64,
    pub handle: String,
    /// Absent when the row is fine.
    pub problem: Option<RowProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchPreview {
    pub rows: Vec<PreviewRow>,
    /// Rows that would get a certificate.
    pub ready: usize,
    /// Rows with a problem; the batch is refused while there is any.
    pub problems: usize,
}

/// The rows of `file` as the batch would see them (the organization's managers).
pub async fn preview(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    file: &CohortFile,
) -> ApiResult<BatchPreview> {
    membership::require(&state.db, organization, account, Role::Manager).await?;
    let mut rows = batch_csv::read(&file.holders_csv, MAX_BATCH).map_err(file_problem)?;
    let asked: Vec<String> = rows
        .iter()
        .filter(|r| r.problem.is_none())
        .map(|r| r.handle.clone())
        .collect();
    let known: std::collections::HashSet<String> =
        sqlx::query_scalar!("SELECT handle FROM accounts WHERE handle = ANY($1)", &asked)
            .fetch_all(&state.db)
            .await?
            .into_iter()
            .collect();
    for row in rows.iter_mut().filter(|r| r.problem.is_none()) {
        if !known.contains(&row.handle) {
            row.problem = Some(RowProblem::UnknownPerson);
        }
    }
    let problems = rows.iter().filter(|r| r.problem.is_some()).count();
    Ok(BatchPreview {
        ready: rows.len() - problems,
        problems,
        rows: rows
            .into_iter()
            .map(|r| PreviewRow {
                line: r.line,
                handle: r.handle,
                problem: r.problem,
            })
            .collect(),
    })
}
