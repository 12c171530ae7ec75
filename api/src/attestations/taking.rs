//! Taking an attestation's test. Starting draws a fresh order and a fresh timer; starting again
//! while an attempt runs resumes it — the same order, the time still running. Answers count until
//! the deadline and are refused after it; at the deadline the attempt finishes by itself (see
//! `attempts`), scored on what was answered, and counts as used. Coming back to a finished attempt
//! shows it with its result; only an explicit retry starts the next one.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgPool};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::attestations::attempts::{finish, finish_overdue, load, Attempt, Scope};
use crate::attestations::attestation::{access, QuestionKind};
use crate::attestations::rules::{deadline, may_start, shuffle, Refusal, Shown};
use crate::http::error::{ApiError, ApiResult, Checks};
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Answer {
    /// Indexes into the question's `options` as this attempt shows them.
    pub chosen: Vec<i32>,
}

/// What `POST /v1/attestations/{id}/attempts` may carry; an empty body is `{}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct StartAttempt {
    /// Start a new attempt after a finished one (which is shown instead without it).
    #[serde(default)]
    pub retry: bool,
}

/// What starting gave: the attempt already running, the last one when it is over and no retry
/// was asked for, or a new one.
pub enum Started {
    Resumed(Attempt),
    Review(Attempt),
    New(Attempt),
}

/// The attempt, first finished at its deadline if that passed; 404 unless it is the caller's (or
/// the caller oversees its organization and `overseers_too`).
pub async fn current(
    state: &AppState,
    id: Uuid,
    viewer: Uuid,
    overseers_too: bool,
) -> ApiResult<Attempt> {
    let attempt = stored(&state.db, id).await?;
    if attempt.account_id != viewer {
        let standing = access(&state.db, attempt.attestation_id, viewer).await?;
        if !(overseers_too && standing.overseer) {
            return Err(ApiError::NotFound("attempt"));
        }
    }
    finish_overdue(state, state.clock.now(), Scope::Attempt(id)).await?;
    stored(&state.db, id).await
}

async fn stored(db: &PgPool, id: Uuid) -> ApiResult<Attempt> {
    load(db, id).await?.ok_or(ApiError::NotFound("attempt"))
}

/// Resumes `account`'s running attempt at `attestation` (the caller checked their access). With
/// none running, shows the last one when it is over (as Moodle's review after an autosubmit) unless
/// `retry` asks for a new attempt, which starts if the theory was read and the attestation's window
/// and attempts allow.
pub async fn start(
    state: &AppState,
    attestation: Uuid,
    account: Uuid,
    retry: bool,
) -> ApiResult<Started> {
    let now = state.clock.now();
    // One start at a time per person and attestation: a concurrent one (a double tap, two tabs)
    // waits here and then finds the attempt this one started, instead of counting it as used.
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended($1::uuid::text || $2::uuid::text, 0))",
        attestation,
        account
    )
    .execute(&mut *tx)
    .await?;
    if let Some(id) = running(&mut tx, attestation, account).await? {
        tx.commit().await?;
        // Resumed as it is; one that ran out while its owner was away is shown finished, with
        // its result, and only an explicit retry begins a new attempt.
        return Ok(Started::Resumed(current(state, id, account, false).await?));
    }
    if !retry {
        if let Some(id) = last(&mut tx, attestation, account).await? {
            tx.commit().await?;
            return Ok(Started::Review(stored(&state.db, id).await?));
        }
    }
    let taker = taker(&mut tx, attestation, account).await?;
    taker.may_start(now)?;
    let layout = shuffle(&questions(&mut tx, attestation).await?, &mut rand::rng());
    let id = Uuid::new_v4();
    let inserted = sqlx::query!(
        "INSERT INTO attempts (id, attestation_id, account_id, number, started_at, deadline, layout)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        id,
        attestation,
        account,
        taker.used as i32 + 1,
        now,
        deadline(now, taker.time_limit_secs, taker.closes_at),
        sqlx::types::Json(&layout) as _
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    if inserted == 0 {
        return Err(ApiError::conflict(
            "attempt-running",
            "an attempt was started meanwhile; start again to resume it",
        ));
    }
    tracing::info!(attempt = %id, %attestation, "attempt started");
    Ok(Started::New(stored(&state.db, id).await?))
}

async fn running(
    conn: &mut PgConnection,
    attestation: Uuid,
    account: Uuid,
) -> ApiResult<Option<Uuid>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM attempts WHERE attestation_id = $1 AND account_id = $2 AND state = 'in_progress'",
        attestation,
        account
    )
    .fetch_optional(conn)
    .await?)
}

/// `account`'s latest attempt at `attestation`, when there is one (none runs: the caller checked).
async fn last(
    conn: &mut PgConnection,
    attestation: Uuid,
    account: Uuid,
) -> ApiResult<Option<Uuid>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM attempts WHERE attestation_id = $1 AND account_id = $2
         ORDER BY number DESC LIMIT 1",
        attestation,
        account
    )
    .fetch_optional(conn)
    .await?)
}

/// The attestation's limits as they apply to one taker.
struct Taker {
    time_limit_secs: i32,
    max_attempts: i32,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    theory_read: bool,
    /// Attempts started so far.
    used: i64,
}

async fn taker(conn: &mut PgConnection, attestation: Uuid, account: Uuid) -> ApiResult<Taker> {
    Ok(sqlx::query_as!(
        Taker,
        r#"SELECT a.time_limit_secs, a.max_attempts, a.opens_at, a.closes_at,
                  EXISTS (SELECT 1 FROM theory_reads t WHERE t.attestation_id = a.id AND t.account_id = $2)
                      AS "theory_read!",
                  (SELECT count(*) FROM attempts t WHERE t.attestation_id = a.id AND t.account_id = $2)
                      AS "used!"
           FROM attestations a WHERE a.id = $1"#,
        attestation,
        account
    )
    .fetch_one(conn)
    .await?)
}

impl Taker {
    /// 409 unless the theory was read and a new attempt may start at `now`.
    fn may_start(&self, now: DateTime<Utc>) -> ApiResult<()> {
        if !self.theory_read {
            return Err(ApiError::conflict(
                "theory-first",
                "read the theory (POST /v1/attestations/{id}/theory) before the test",
            ));
        }
        may_start(
            now,
            self.opens_at,
            self.closes_at,
            self.used,
            self.max_attempts,
        )
        .map_err(|r| match r {
            Refusal::NotOpenYet => {
                ApiError::conflict("attestation-not-open", "the attestation has not opened yet")
            }
            Refusal::Closed => {
                ApiError::conflict("attestation-closed", "the attestation has closed")
            }
            Refusal::NoAttemptsLeft => {
                ApiError::conflict("no-attempts-left", "every attempt has been used")
            }
        })
    }
}

/// The attestation's questions in authored order, each with its number of options.
async fn questions(conn: &mut PgConnection, attestation: Uuid) -> ApiResult<Vec<(Uuid, usize)>> {
    Ok(sqlx::query!(
        "SELECT id, cardinality(options) AS n FROM attestation_questions WHERE attestation_id = $1 ORDER BY position",
        attestation
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|q| (q.id, q.n.unwrap_or(0) as usize))
    .collect())
}

/// The 409 for an answer to a finished attempt.
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

/// Records `account`'s answer to `question` in their attempt `id` while it runs; the attempt after.
pub async fn answer(
    state: &AppState,
    id: Uuid,
    account: Uuid,
    question: Uuid,
    body: &Answer,
) -> ApiResult<Attempt> {
    let attempt = current(state, id, account, false).await?;
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
    check_answer(shown, kind, &body.chosen)?;
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
        let attempt = current(state, id, account, false).await?;
        return Err(over(&attempt));
    }
    stored(&state.db, id).await
}

/// 422 unless `chosen` names shown options, each once, as many as the question's kind takes.
fn check_answer(shown: &Shown, kind: QuestionKind, chosen: &[i32]) -> ApiResult<()> {
    let mut c = Checks::default();
    let mut distinct = chosen.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    c.check(
        distinct.len() == chosen.len()
            && chosen
                .iter()
                .all(|i| (0..shown.options.len() as i32).contains(i)),
        "chosen",
        "must name shown options, each once",
    );
    c.check(
        match kind {
            QuestionKind::Single => chosen.len() == 1,
            QuestionKind::Multiple => !chosen.is_empty(),
        },
        "chosen",
        "a single-choice question takes exactly one option, a multiple-choice one at least one",
    );
    c.finish()
}

/// Hands in `account`'s attempt `id` now unless it is finished already; the attempt after.
pub async fn finish_now(state: &AppState, id: Uuid, account: Uuid) -> ApiResult<Attempt> {
    let attempt = current(state, id, account, false).await?;
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
    stored(&state.db, id).await
}
