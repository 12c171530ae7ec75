//! Attempts as stored: reading one with its frozen layout, and finishing it — by its owner, or by
//! itself at the deadline. A finish scores the answers given (the rest wrong), and in the same
//! transaction tells the organization's managers and admins and, on a first pass, records the
//! points and badge (employees only) and queues the certificate. Finishing at the deadline gives
//! the same result whenever it runs, because answers after the deadline are refused.
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::attestations::rules::{score, Shown};
use crate::gamification::rules::{self as gamification, Action};
use crate::gamification::settings::GamificationSettings;
use crate::http::error::ApiResult;
use crate::notifications::notify::{self, Kind};

#[derive(Debug, Clone)]
pub struct Attempt {
    pub id: Uuid,
    pub attestation_id: Uuid,
    pub account_id: Uuid,
    pub number: i32,
    pub started_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub layout: Vec<Shown>,
    pub finished: bool,
    pub finished_at: Option<DateTime<Utc>>,
    pub timed_out: Option<bool>,
    pub correct: Option<i32>,
    pub total: Option<i32>,
    pub score: Option<i32>,
    pub passed: Option<bool>,
}

pub async fn load(db: impl sqlx::PgExecutor<'_>, id: Uuid) -> ApiResult<Option<Attempt>> {
    let row = sqlx::query!(
        r#"SELECT id, attestation_id, account_id, number, started_at, deadline,
                  layout AS "layout: sqlx::types::Json<Vec<Shown>>", state::text = 'finished' AS "finished!",
                  finished_at, timed_out, correct, total, score, passed
           FROM attempts WHERE id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Attempt {
        id: r.id,
        attestation_id: r.attestation_id,
        account_id: r.account_id,
        number: r.number,
        started_at: r.started_at,
        deadline: r.deadline,
        layout: r.layout.0,
        finished: r.finished,
        finished_at: r.finished_at,
        timed_out: r.timed_out,
        correct: r.correct,
        total: r.total,
        score: r.score,
        passed: r.passed,
    }))
}

/// Finishes attempt `id` at `at` if it is still in progress; whether this call finished it.
pub async fn finish(
    conn: &mut PgConnection,
    settings: &GamificationSettings,
    id: Uuid,
    at: DateTime<Utc>,
    timed_out: bool,
) -> ApiResult<bool> {
    let score = score_of(conn, id).await?;
    let Some(done) = mark_finished(conn, id, at, timed_out, score).await? else {
        return Ok(false);
    };
    let (_, _, percent) = score;
    tell_overseers(conn, &done, id, percent, timed_out).await?;
    // A pass after a pass counts for the record only: the certificate and the points come once per
    // person and attestation. One attempt runs at a time (`attempts_one_open`), so no other pass
    // of theirs can be committing alongside this one.
    if done.passed && !passed_before(conn, &done, id).await? {
        rewards(conn, settings, &done, id, at).await?;
    }
    tracing::info!(attempt = %id, score = percent, passed = done.passed, timed_out, "attempt finished");
    Ok(true)
}

/// Whether `done`'s taker passed the attestation in an attempt other than `id`.
async fn passed_before(conn: &mut PgConnection, done: &Finished, id: Uuid) -> ApiResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM attempts WHERE attestation_id = $1 AND account_id = $2
                          AND passed AND id <> $3) AS "before!""#,
        done.attestation_id,
        done.account_id,
        id
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// The first pass's certificate (queued) and points.
async fn rewards(
    conn: &mut PgConnection,
    settings: &GamificationSettings,
    done: &Finished,
    id: Uuid,
    at: DateTime<Utc>,
) -> ApiResult<()> {
    if done.certificate {
        sqlx::query!(
            "INSERT INTO attestation_certificates (attempt_id) VALUES ($1) ON CONFLICT DO NOTHING",
            id
        )
        .execute(&mut *conn)
        .await?;
    }
    gamification::record(
        conn,
        settings,
        done.organization_id,
        done.account_id,
        Action::AttestationPassed {
            points: done.points,
        },
        &format!("attestation:{}", done.attestation_id),
        at,
    )
    .await?;
    Ok(())
}

/// The attempt's (correct, total, percent), unanswered questions counted wrong.
async fn score_of(conn: &mut PgConnection, id: Uuid) -> ApiResult<(i32, i32, i32)> {
    let questions = sqlx::query!(
        r#"SELECT q.correct, a.chosen AS "chosen?"
           FROM attempts t
           JOIN attestation_questions q ON q.attestation_id = t.attestation_id
           LEFT JOIN attempt_answers a ON a.attempt_id = t.id AND a.question_id = q.id
           WHERE t.id = $1"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(score(
        questions
            .iter()
            .map(|q| (q.correct.as_slice(), q.chosen.as_deref())),
    ))
}

/// An attempt just finished, with what its consequences need of its attestation.
struct Finished {
    account_id: Uuid,
    attestation_id: Uuid,
    number: i32,
    passed: bool,
    organization_id: Uuid,
    title: String,
    points: i32,
    certificate: bool,
}

/// Stores the result unless the attempt is finished already (then `None`).
async fn mark_finished(
    conn: &mut PgConnection,
    id: Uuid,
    at: DateTime<Utc>,
    timed_out: bool,
    (correct, total, percent): (i32, i32, i32),
) -> ApiResult<Option<Finished>> {
    Ok(sqlx::query_as!(
        Finished,
        r#"UPDATE attempts t SET state = 'finished', finished_at = $2, timed_out = $3, correct = $4,
                  total = $5, score = $6, passed = $6 >= s.passing_score
           FROM attestations s
           WHERE t.id = $1 AND t.state = 'in_progress' AND s.id = t.attestation_id
           RETURNING t.account_id, t.attestation_id, t.number, t.passed AS "passed!", s.organization_id,
                     s.title, s.points, s.certificate"#,
        id,
        at,
        timed_out,
        correct,
        total,
        percent
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// Tells the organization's managers and admins (other than the taker) the result.
async fn tell_overseers(
    conn: &mut PgConnection,
    done: &Finished,
    id: Uuid,
    percent: i32,
    timed_out: bool,
) -> ApiResult<()> {
    let person = sqlx::query_scalar!("SELECT handle FROM accounts WHERE id = $1", done.account_id)
        .fetch_one(&mut *conn)
        .await?;
    let overseers = sqlx::query_scalar!(
        "SELECT account_id FROM memberships
         WHERE organization_id = $1 AND role IN ('manager', 'admin') AND accepted_at IS NOT NULL
           AND account_id <> $2",
        done.organization_id,
        done.account_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let result = json!({
        "attestation_id": done.attestation_id, "attestation": done.title, "attempt_id": id,
        "attempt": done.number, "person": person, "score": percent, "passed": done.passed,
        "timed_out": timed_out,
    });
    for overseer in overseers {
        notify::push(conn, overseer, Kind::AttestationResult, result.clone()).await?;
    }
    Ok(())
}

/// Which overdue attempts to finish.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    All,
    Attempt(Uuid),
    Attestation(Uuid),
}

/// Finishes, at their deadlines, the attempts in `scope` still in progress whose deadline passed by
/// `now`; how many it finished. Reads and the sweeper run this, so each finish is audited in its
/// own transaction (no request records it).
pub async fn finish_overdue(
    state: &crate::state::AppState,
    now: DateTime<Utc>,
    scope: Scope,
) -> ApiResult<usize> {
    let (db, settings) = (&state.db, &state.settings.gamification);
    let (attempt, attestation) = match scope {
        Scope::All => (None, None),
        Scope::Attempt(id) => (Some(id), None),
        Scope::Attestation(id) => (None, Some(id)),
    };
    let due = sqlx::query!(
        "SELECT id, deadline FROM attempts
         WHERE state = 'in_progress' AND deadline <= $1
           AND ($2::uuid IS NULL OR id = $2) AND ($3::uuid IS NULL OR attestation_id = $3)
         ORDER BY deadline LIMIT 500",
        now,
        attempt,
        attestation
    )
    .fetch_all(db)
    .await?;
    let mut finished = 0;
    for attempt in due {
        let mut tx = db.begin().await?;
        if finish(&mut tx, settings, attempt.id, attempt.deadline, true).await? {
            finished += 1;
            crate::http::audit::record_worker(
                state,
                &mut tx,
                "WORKER attempt.finish_overdue",
                &format!("/v1/attempts/{}", attempt.id),
                json!({"finished_at": attempt.deadline}),
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(finished)
}
