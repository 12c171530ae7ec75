//! Reading attestations: one with its assignees and attempts (overdue attempts finished first, so
//! the results are current), the lists of an organization and of an assignee, and the theory —
//! reading which is recorded, as the test may start only after it.
use uuid::Uuid;

use crate::attestations::attempts::{finish_overdue, Scope};
use crate::attestations::attestation::{AttemptSummary, Attestation, Theory};
use crate::http::error::ApiResult;
use crate::state::AppState;

/// Attestation `id` as `viewer` sees it: their attempts, or everyone's for an `overseer`.
pub async fn load(
    state: &AppState,
    id: Uuid,
    viewer: Uuid,
    overseer: bool,
) -> ApiResult<Attestation> {
    finish_overdue(state, state.clock.now(), Scope::Attestation(id)).await?;
    let a = sqlx::query!(
        r#"SELECT a.id, a.organization_id, a.title, a.time_limit_secs, a.passing_score, a.max_attempts,
                  a.opens_at, a.closes_at, a.points, a.certificate,
                  (SELECT count(*) FROM attestation_questions q WHERE q.attestation_id = a.id) AS "questions!",
                  EXISTS (SELECT 1 FROM theory_reads t WHERE t.attestation_id = a.id AND t.account_id = $2)
                      AS "theory_read!",
                  (SELECT count(*) FROM attempts t WHERE t.attestation_id = a.id AND t.account_id = $2
                      AND t.state = 'finished') AS "used!"
           FROM attestations a WHERE a.id = $1"#,
        id,
        viewer
    )
    .fetch_one(&state.db)
    .await?;
    let assignees = assignees_of(state, id).await?;
    let attempts = attempts_of(state, id, viewer, overseer).await?;
    Ok(Attestation {
        id: a.id,
        organization_id: a.organization_id,
        title: a.title,
        time_limit_secs: a.time_limit_secs,
        passing_score: a.passing_score,
        max_attempts: a.max_attempts,
        opens_at: a.opens_at,
        closes_at: a.closes_at,
        points: a.points,
        certificate: a.certificate,
        questions: a.questions,
        assignees,
        attempts,
        theory_read: a.theory_read,
        attempts_left: (i64::from(a.max_attempts) - a.used).max(0),
    })
}

async fn assignees_of(state: &AppState, attestation: Uuid) -> ApiResult<Vec<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT h.handle FROM attestation_assignees s JOIN accounts h ON h.id = s.account_id
         WHERE s.attestation_id = $1 ORDER BY h.handle",
        attestation
    )
    .fetch_all(&state.db)
    .await?)
}

async fn attempts_of(
    state: &AppState,
    attestation: Uuid,
    viewer: Uuid,
    overseer: bool,
) -> ApiResult<Vec<AttemptSummary>> {
    Ok(sqlx::query_as!(
        AttemptSummary,
        r#"SELECT t.id, t.number, h.handle AS person, t.started_at, t.deadline, t.finished_at, t.score,
                  t.passed, t.timed_out
           FROM attempts t JOIN accounts h ON h.id = t.account_id
           WHERE t.attestation_id = $1 AND ($3 OR t.account_id = $2)
           ORDER BY h.handle, t.number"#,
        attestation,
        viewer,
        overseer
    )
    .fetch_all(&state.db)
    .await?)
}

/// The organization's newest attestations, with everyone's attempts (for its overseers).
pub async fn of_organization(
    state: &AppState,
    organization: Uuid,
    viewer: Uuid,
) -> ApiResult<Vec<Attestation>> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM attestations WHERE organization_id = $1 ORDER BY opens_at DESC LIMIT 100",
        organization
    )
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(load(state, id, viewer, true).await?);
    }
    Ok(out)
}

/// The newest attestations assigned to `account`, with their own attempts.
pub async fn assigned_to(state: &AppState, account: Uuid) -> ApiResult<Vec<Attestation>> {
    let ids = sqlx::query_scalar!(
        "SELECT s.attestation_id FROM attestation_assignees s JOIN attestations a ON a.id = s.attestation_id
         WHERE s.account_id = $1 ORDER BY a.opens_at DESC LIMIT 100",
        account
    )
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(load(state, id, account, false).await?);
    }
    Ok(out)
}

/// Records that `account` read the theory of attestation `id` (once), and returns it.
pub async fn read_theory(state: &AppState, id: Uuid, account: Uuid) -> ApiResult<Theory> {
    sqlx::query!(
        "INSERT INTO theory_reads (attestation_id, account_id, read_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        id,
        account,
        state.clock.now()
    )
    .execute(&state.db)
    .await?;
    Ok(sqlx::query_as!(
        Theory,
        "SELECT title, theory FROM attestations WHERE id = $1",
        id
    )
    .fetch_one(&state.db)
    .await?)
}
