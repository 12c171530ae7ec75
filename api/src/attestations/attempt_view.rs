//! An attempt as its taker sees it: the questions in the attempt's own order with the choices
//! made, the time left by the server's clock, and once finished the result (and the certificate a
//! pass issued).
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::attestations::attempts::Attempt;
use crate::attestations::attestation::QuestionKind;
use crate::http::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionView {
    pub id: Uuid,
    pub text: String,
    pub kind: QuestionKind,
    /// In this attempt's order.
    pub options: Vec<String>,
    /// Your choices, as indexes into `options`.
    pub chosen: Vec<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Result {
    pub correct: i32,
    pub total: i32,
    /// Percent of questions answered right.
    pub score: i32,
    pub passed: bool,
    /// Finished by the deadline rather than by you.
    pub timed_out: bool,
    pub finished_at: DateTime<Utc>,
    /// The achievement certificate passing issued, once it is on chain.
    pub certificate_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptView {
    pub id: Uuid,
    pub attestation_id: Uuid,
    pub number: i32,
    pub started_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    /// Seconds left by the server's clock; 0 once finished.
    pub remaining_secs: i64,
    pub questions: Vec<QuestionView>,
    pub result: Option<Result>,
}

/// The attempt as its taker sees it now.
pub async fn view(state: &AppState, attempt: &Attempt) -> ApiResult<AttemptView> {
    let questions = shown(state, attempt).await?;
    let now = state.clock.now();
    let result = result_of(state, attempt).await?;
    Ok(AttemptView {
        id: attempt.id,
        attestation_id: attempt.attestation_id,
        number: attempt.number,
        started_at: attempt.started_at,
        deadline: attempt.deadline,
        remaining_secs: if result.is_some() {
            0
        } else {
            // Whole seconds, rounded up: 0 only when the time is up.
            ((attempt.deadline - now).num_milliseconds().max(0) + 999) / 1000
        },
        questions,
        result,
    })
}

/// The questions in the attempt's order, options in its order, choices as indexes into them.
async fn shown(state: &AppState, attempt: &Attempt) -> ApiResult<Vec<QuestionView>> {
    let questions: HashMap<Uuid, (String, QuestionKind, Vec<String>)> = sqlx::query!(
        r#"SELECT id, text, kind AS "kind: QuestionKind", options FROM attestation_questions
           WHERE attestation_id = $1"#,
        attempt.attestation_id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|q| (q.id, (q.text, q.kind, q.options)))
    .collect();
    let answers: HashMap<Uuid, Vec<i32>> = sqlx::query!(
        "SELECT question_id, chosen FROM attempt_answers WHERE attempt_id = $1",
        attempt.id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|a| (a.question_id, a.chosen))
    .collect();
    let mut shown = Vec::with_capacity(attempt.layout.len());
    for s in &attempt.layout {
        let Some((text, kind, options)) = questions.get(&s.question) else {
            continue;
        };
        let chosen = answers.get(&s.question).cloned().unwrap_or_default();
        shown.push(QuestionView {
            id: s.question,
            text: text.clone(),
            kind: *kind,
            options: s
                .options
                .iter()
                .map(|i| options.get(*i as usize).cloned().unwrap_or_default())
                .collect(),
            chosen: s
                .options
                .iter()
                .enumerate()
                .filter(|(_, authored)| chosen.contains(authored))
                .map(|(shown_at, _)| shown_at as i32)
                .collect(),
        });
    }
    Ok(shown)
}

/// The result of a finished attempt, with the certificate its pass issued if any.
async fn result_of(state: &AppState, attempt: &Attempt) -> ApiResult<Option<Result>> {
    let certificate_id = sqlx::query_scalar!(
        "SELECT certificate_id FROM attestation_certificates WHERE attempt_id = $1",
        attempt.id
    )
    .fetch_optional(&state.db)
    .await?
    .flatten();
    Ok(match (attempt.finished, attempt.finished_at) {
        (true, Some(finished_at)) => Some(Result {
            certificate_id,
            correct: attempt.correct.unwrap_or(0),
            total: attempt.total.unwrap_or(0),
            score: attempt.score.unwrap_or(0),
            passed: attempt.passed.unwrap_or(false),
            timed_out: attempt.timed_out.unwrap_or(false),
            finished_at,
        }),
        _ => None,
    })
}
