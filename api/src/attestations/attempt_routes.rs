//! Taking an attestation's test. Starting draws a fresh order and a fresh timer; starting again
//! while an attempt runs resumes it — the same order, the time still running. Answers count until
//! the deadline and are refused after it; at the deadline the attempt finishes by itself (see
//! `attempts`), scored on what was answered, and counts as used.
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::attestations::attempts::{finish, finish_overdue, load, Attempt, Scope};
use crate::attestations::routes::{access, QuestionKind};
use crate::attestations::rules::{deadline, may_start, shuffle, Refusal};
use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start))
        .routes(routes!(get_one))
        .routes(routes!(answer))
        .routes(routes!(finish_now))
}

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

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Answer {
    /// Indexes into the question's `options` as this attempt shows them.
    pub chosen: Vec<i32>,
}

async fn view(state: &AppState, attempt: &Attempt) -> ApiResult<AttemptView> {
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
    let now = state.clock.now();
    let certificate_id = sqlx::query_scalar!(
        "SELECT certificate_id FROM attestation_certificates WHERE attempt_id = $1",
        attempt.id
    )
    .fetch_optional(&state.db)
    .await?
    .flatten();
    let result = match (attempt.finished, attempt.finished_at) {
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
    };
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
        questions: shown,
        result,
    })
}

/// The attempt, first finished at its deadline if that passed; 404 unless it is the caller's (or
/// the caller oversees its organization and `overseers_too`).
async fn current(
    state: &AppState,
    id: Uuid,
    viewer: Uuid,
    overseers_too: bool,
) -> ApiResult<Attempt> {
    let attempt = load(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound("attempt"))?;
    if attempt.account_id != viewer {
        let standing = access(&state.db, attempt.attestation_id, viewer).await?;
        if !(overseers_too && standing.overseer) {
            return Err(ApiError::NotFound("attempt"));
        }
    }
    finish_overdue(
        &state.db,
        &state.settings.gamification,
        state.clock.now(),
        Scope::Attempt(id),
    )
    .await?;
    load(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound("attempt"))
}

/// Start an attempt — or resume the one running, with its order and remaining time.
#[utoipa::path(post, path = "/v1/attestations/{id}/attempts", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 201, body = AttemptView, description = "a new attempt"),
              (status = 200, body = AttemptView, description = "the running attempt, resumed"),
              (status = 401, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn start(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(attestation): Path<Uuid>,
) -> ApiResult<(StatusCode, axum::Json<AttemptView>)> {
    let me = session.account_id;
    access(&state.db, attestation, me).await?;
    let now = state.clock.now();
    let running = sqlx::query_scalar!(
        "SELECT id FROM attempts WHERE attestation_id = $1 AND account_id = $2 AND state = 'in_progress'",
        attestation,
        me
    )
    .fetch_optional(&state.db)
    .await?;
    if let Some(id) = running {
        // Resumed as it is; one that ran out while its owner was away is shown finished, with
        // its result, and the next start begins a new attempt.
        let attempt = current(&state, id, me, false).await?;
        return Ok((StatusCode::OK, axum::Json(view(&state, &attempt).await?)));
    }
    let a = sqlx::query!(
        r#"SELECT a.time_limit_secs, a.max_attempts, a.opens_at, a.closes_at,
                  EXISTS (SELECT 1 FROM theory_reads t WHERE t.attestation_id = a.id AND t.account_id = $2)
                      AS "theory_read!",
                  (SELECT count(*) FROM attempts t WHERE t.attestation_id = a.id AND t.account_id = $2)
                      AS "used!"
           FROM attestations a WHERE a.id = $1"#,
        attestation,
        me
    )
    .fetch_one(&state.db)
    .await?;
    if !a.theory_read {
        return Err(ApiError::conflict(
            "theory-first",
            "read the theory (POST /v1/attestations/{id}/theory) before the test",
        ));
    }
    may_start(now, a.opens_at, a.closes_at, a.used, a.max_attempts).map_err(|r| match r {
        Refusal::NotOpenYet => {
            ApiError::conflict("attestation-not-open", "the attestation has not opened yet")
        }
        Refusal::Closed => ApiError::conflict("attestation-closed", "the attestation has closed"),
        Refusal::NoAttemptsLeft => {
            ApiError::conflict("no-attempts-left", "every attempt has been used")
        }
    })?;
    let questions: Vec<(Uuid, usize)> = sqlx::query!(
        "SELECT id, cardinality(options) AS n FROM attestation_questions WHERE attestation_id = $1 ORDER BY position",
        attestation
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|q| (q.id, q.n.unwrap_or(0) as usize))
    .collect();
    let layout = shuffle(&questions, &mut rand::rng());
    let id = Uuid::new_v4();
    let inserted = sqlx::query!(
        "INSERT INTO attempts (id, attestation_id, account_id, number, started_at, deadline, layout)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        id,
        attestation,
        me,
        a.used as i32 + 1,
        now,
        deadline(now, a.time_limit_secs, a.closes_at),
        sqlx::types::Json(&layout) as _
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::conflict(
            "attempt-running",
            "an attempt was started meanwhile; start again to resume it",
        ));
    }
    tracing::info!(attempt = %id, %attestation, "attempt started");
    let attempt = load(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound("attempt"))?;
    Ok((
        StatusCode::CREATED,
        axum::Json(view(&state, &attempt).await?),
    ))
}

/// An attempt: yours, or any in your organization if you are a manager or admin.
#[utoipa::path(get, path = "/v1/attempts/{id}", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AttemptView), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<AttemptView>> {
    let attempt = current(&state, id, session.account_id, true).await?;
    Ok(axum::Json(view(&state, &attempt).await?))
}

fn over(attempt: &Attempt) -> ApiError {
    if attempt.timed_out == Some(true) {
        ApiError::conflict(
            "attempt-over",
            "the time is up; answers are no longer taken",
        )
    } else {
        ApiError::conflict("attempt-over", "this attempt is finished")
    }
}

/// Answer a question (again, to change the answer) while time remains.
#[utoipa::path(put, path = "/v1/attempts/{id}/answers/{question}", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path), ("question" = Uuid, Path)), request_body = Answer,
    responses((status = 200, body = AttemptView), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn answer(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((id, question)): Path<(Uuid, Uuid)>,
    Json(body): Json<Answer>,
) -> ApiResult<axum::Json<AttemptView>> {
    let attempt = current(&state, id, session.account_id, false).await?;
    if attempt.finished {
        return Err(over(&attempt));
    }
    let shown = attempt
        .layout
        .iter()
        .find(|s| s.question == question)
        .ok_or(ApiError::NotFound("question"))?;
    let kind = sqlx::query_scalar!(
        r#"SELECT kind AS "kind: QuestionKind" FROM attestation_questions WHERE id = $1"#,
        question
    )
    .fetch_one(&state.db)
    .await?;
    let mut c = Checks::default();
    let mut distinct = body.chosen.clone();
    distinct.sort_unstable();
    distinct.dedup();
    c.check(
        distinct.len() == body.chosen.len()
            && body
                .chosen
                .iter()
                .all(|i| (0..shown.options.len() as i32).contains(i)),
        "chosen",
        "must name shown options, each once",
    );
    c.check(
        match kind {
            QuestionKind::Single => body.chosen.len() == 1,
            QuestionKind::Multiple => !body.chosen.is_empty(),
        },
        "chosen",
        "a single-choice question takes exactly one option, a multiple-choice one at least one",
    );
    c.finish()?;
    let authored: Vec<i32> = body
        .chosen
        .iter()
        .map(|i| shown.options[*i as usize])
        .collect();
    let now = state.clock.now();
    // Taken only while the attempt runs and its deadline has not passed, in one statement.
    let taken = sqlx::query!(
        "INSERT INTO attempt_answers (attempt_id, question_id, chosen, answered_at)
         SELECT $1, $2, $3, $4 FROM attempts WHERE id = $1 AND state = 'in_progress' AND deadline > $4
         ON CONFLICT (attempt_id, question_id) DO UPDATE SET chosen = EXCLUDED.chosen, answered_at = EXCLUDED.answered_at",
        id,
        question,
        &authored,
        now
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if taken == 0 {
        let attempt = current(&state, id, session.account_id, false).await?;
        return Err(over(&attempt));
    }
    let attempt = load(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound("attempt"))?;
    Ok(axum::Json(view(&state, &attempt).await?))
}

/// Hand the attempt in now and see the result.
#[utoipa::path(post, path = "/v1/attempts/{id}/finish", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AttemptView), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn finish_now(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<AttemptView>> {
    let attempt = current(&state, id, session.account_id, false).await?;
    if !attempt.finished {
        let mut tx = state.db.begin().await?;
        finish(
            &mut tx,
            &state.settings.gamification,
            id,
            state.clock.now(),
            false,
        )
        .await?;
        tx.commit().await?;
    }
    let attempt = load(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound("attempt"))?;
    Ok(axum::Json(view(&state, &attempt).await?))
}
