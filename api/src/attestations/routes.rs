//! Attestations: an admin creates one (theory, a question bank, time limit, passing score, attempt
//! limit, open and close times, assigned members); assignees — and the organization's managers and
//! admins, who may take it too — read the theory, then take the timed test (`routes::attempts`).
use std::collections::HashSet;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgPool;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::notifications::notify::{self, Kind};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, of_organization))
        .routes(routes!(mine))
        .routes(routes!(get_one))
        .routes(routes!(theory))
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "question_kind", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Exactly one option is right.
    Single,
    /// One or more options are right; all of them must be chosen.
    Multiple,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewQuestion {
    pub text: String,
    pub kind: QuestionKind,
    pub options: Vec<String>,
    /// Indexes of the right options.
    pub correct: Vec<i32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewAttestation {
    pub title: String,
    #[serde(default)]
    pub theory: String,
    pub time_limit_secs: i32,
    /// Percent of questions answered right needed to pass.
    pub passing_score: i32,
    pub max_attempts: i32,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// What passing earns an employee.
    #[serde(default)]
    pub points: i32,
    /// Whether passing issues an achievement certificate (the organization must be an issuer).
    #[serde(default)]
    pub certificate: bool,
    pub questions: Vec<NewQuestion>,
    /// Handles of the members who must take it.
    #[serde(default)]
    pub assignees: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptSummary {
    pub id: Uuid,
    pub number: i32,
    pub person: String,
    pub started_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub score: Option<i32>,
    pub passed: Option<bool>,
    pub timed_out: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Attestation {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub title: String,
    pub time_limit_secs: i32,
    pub passing_score: i32,
    pub max_attempts: i32,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub points: i32,
    pub certificate: bool,
    pub questions: i64,
    pub assignees: Vec<String>,
    /// Yours, or for managers and admins everyone's.
    pub attempts: Vec<AttemptSummary>,
    pub theory_read: bool,
    /// Attempts you may still start.
    pub attempts_left: i64,
}

impl NewAttestation {
    fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.text(self.title.trim(), "title", 1, 200);
        c.text(&self.theory, "theory", 0, 50_000);
        c.check(
            (10..=24 * 3600).contains(&self.time_limit_secs),
            "time_limit_secs",
            "must be 10 s to 24 h",
        );
        c.check(
            (0..=100).contains(&self.passing_score),
            "passing_score",
            "must be 0 to 100",
        );
        c.check(
            (1..=100).contains(&self.max_attempts),
            "max_attempts",
            "must be 1 to 100",
        );
        c.check(
            self.closes_at > self.opens_at,
            "closes_at",
            "must be after opens_at",
        );
        c.check(
            (0..=100_000).contains(&self.points),
            "points",
            "must be 0 to 100000",
        );
        c.check(
            (1..=200).contains(&self.questions.len()),
            "questions",
            "must hold 1 to 200 questions",
        );
        for (i, q) in self.questions.iter().enumerate() {
            c.text(q.text.trim(), format!("questions[{i}].text"), 1, 2000);
            c.check(
                (2..=10).contains(&q.options.len()),
                format!("questions[{i}].options"),
                "must hold 2 to 10 options",
            );
            for (j, o) in q.options.iter().enumerate() {
                c.text(o.trim(), format!("questions[{i}].options[{j}]"), 1, 500);
            }
            let distinct: HashSet<i32> = q.correct.iter().copied().collect();
            let in_range = q
                .correct
                .iter()
                .all(|k| (0..q.options.len() as i32).contains(k));
            let count_ok = match q.kind {
                QuestionKind::Single => q.correct.len() == 1,
                QuestionKind::Multiple => !q.correct.is_empty(),
            };
            c.check(
                in_range && count_ok && distinct.len() == q.correct.len(),
                format!("questions[{i}].correct"),
                "must name existing options: exactly one for single, at least one for multiple",
            );
        }
        c.check(self.assignees.len() <= 1000, "assignees", "at most 1000");
        c.finish()
    }
}

/// The caller's standing toward an attestation: assigned, overseeing (manager or admin), or 404.
pub struct Access {
    pub organization: Uuid,
    pub overseer: bool,
}

pub async fn access(db: &PgPool, attestation: Uuid, account: Uuid) -> ApiResult<Access> {
    let row = sqlx::query!(
        r#"SELECT a.organization_id,
                  EXISTS (SELECT 1 FROM attestation_assignees s WHERE s.attestation_id = a.id AND s.account_id = $2)
                      AS "assigned!"
           FROM attestations a WHERE a.id = $1"#,
        attestation,
        account
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("attestation"))?;
    let role = membership::role_of(db, row.organization_id, account).await?;
    let overseer = matches!(role, Some(Role::Manager | Role::Admin));
    if !(overseer || (row.assigned && role.is_some())) {
        return Err(ApiError::NotFound("attestation"));
    }
    Ok(Access {
        organization: row.organization_id,
        overseer,
    })
}

/// Tells assignees of attestations that opened by `now` and were not announced yet.
pub async fn announce_opened(db: &PgPool, now: DateTime<Utc>) -> ApiResult<usize> {
    let mut tx = db.begin().await?;
    let opened = sqlx::query!(
        "UPDATE attestations SET opened_announced = true
         WHERE NOT opened_announced AND opens_at <= $1 AND closes_at > $1
         RETURNING id, title, closes_at",
        now
    )
    .fetch_all(&mut *tx)
    .await?;
    for a in &opened {
        let people = sqlx::query_scalar!(
            "SELECT account_id FROM attestation_assignees WHERE attestation_id = $1",
            a.id
        )
        .fetch_all(&mut *tx)
        .await?;
        for person in people {
            notify::push(
                &mut tx,
                person,
                Kind::AttestationOpened,
                json!({"attestation_id": a.id, "title": a.title, "closes_at": a.closes_at}),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(opened.len())
}

/// Create an attestation and assign it (admins).
#[utoipa::path(post, path = "/v1/organizations/{id}/attestations", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = NewAttestation,
    responses((status = 201, body = Attestation), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
async fn create(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<NewAttestation>,
) -> ApiResult<(StatusCode, axum::Json<Attestation>)> {
    body.check()?;
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    let members = sqlx::query!(
        "SELECT a.handle, a.id FROM accounts a JOIN memberships m ON m.account_id = a.id
         WHERE m.organization_id = $1 AND m.accepted_at IS NOT NULL AND a.handle = ANY($2)",
        organization,
        &body.assignees
    )
    .fetch_all(&state.db)
    .await?;
    let mut c = Checks::default();
    for (i, handle) in body.assignees.iter().enumerate() {
        c.check(
            members.iter().any(|m| &m.handle == handle),
            format!("assignees[{i}]"),
            "is not a member of this organization",
        );
    }
    c.finish()?;
    let id = Uuid::new_v4();
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "INSERT INTO attestations (id, organization_id, title, theory, time_limit_secs, passing_score,
                                   max_attempts, opens_at, closes_at, points, created_by, certificate)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        id,
        organization,
        body.title.trim(),
        body.theory,
        body.time_limit_secs,
        body.passing_score,
        body.max_attempts,
        body.opens_at,
        body.closes_at,
        body.points,
        session.account_id,
        body.certificate
    )
    .execute(&mut *tx)
    .await?;
    for (position, q) in body.questions.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO attestation_questions (id, attestation_id, position, text, kind, options, correct)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            Uuid::new_v4(),
            id,
            position as i32,
            q.text.trim(),
            q.kind as QuestionKind,
            &q.options.iter().map(|o| o.trim().to_owned()).collect::<Vec<_>>(),
            &q.correct
        )
        .execute(&mut *tx)
        .await?;
    }
    for m in &members {
        sqlx::query!(
            "INSERT INTO attestation_assignees (attestation_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            id,
            m.id
        )
        .execute(&mut *tx)
        .await?;
        notify::push(
            &mut tx,
            m.id,
            Kind::AttestationAssigned,
            json!({"attestation_id": id, "title": body.title.trim(), "opens_at": body.opens_at,
                   "closes_at": body.closes_at}),
        )
        .await?;
    }
    tx.commit().await?;
    announce_opened(&state.db, state.clock.now()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(load(&state, id, session.account_id, true).await?),
    ))
}

async fn load(state: &AppState, id: Uuid, viewer: Uuid, overseer: bool) -> ApiResult<Attestation> {
    crate::attestations::attempts::finish_overdue(
        &state.db,
        &state.settings.gamification,
        state.clock.now(),
        crate::attestations::attempts::Scope::Attestation(id),
    )
    .await?;
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
    let assignees = sqlx::query_scalar!(
        "SELECT h.handle FROM attestation_assignees s JOIN accounts h ON h.id = s.account_id
         WHERE s.attestation_id = $1 ORDER BY h.handle",
        id
    )
    .fetch_all(&state.db)
    .await?;
    let attempts = sqlx::query_as!(
        AttemptSummary,
        r#"SELECT t.id, t.number, h.handle AS person, t.started_at, t.deadline, t.finished_at, t.score,
                  t.passed, t.timed_out
           FROM attempts t JOIN accounts h ON h.id = t.account_id
           WHERE t.attestation_id = $1 AND ($3 OR t.account_id = $2)
           ORDER BY h.handle, t.number"#,
        id,
        viewer,
        overseer
    )
    .fetch_all(&state.db)
    .await?;
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

/// One attestation: its settings, assignees and attempts (yours; managers and admins see all).
#[utoipa::path(get, path = "/v1/attestations/{id}", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Attestation), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Attestation>> {
    let access = access(&state.db, id, session.account_id).await?;
    Ok(axum::Json(
        load(&state, id, session.account_id, access.overseer).await?,
    ))
}

/// The organization's attestations with everyone's attempts (managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/attestations", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Attestation>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn of_organization(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<Attestation>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    let ids = sqlx::query_scalar!(
        "SELECT id FROM attestations WHERE organization_id = $1 ORDER BY opens_at DESC LIMIT 100",
        organization
    )
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(load(&state, id, session.account_id, true).await?);
    }
    Ok(axum::Json(out))
}

/// Attestations assigned to you.
#[utoipa::path(get, path = "/v1/me/attestations", tag = "attestations", security(("session" = [])),
    responses((status = 200, body = Vec<Attestation>), (status = 401, body = Problem)))]
async fn mine(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Attestation>>> {
    let ids = sqlx::query_scalar!(
        "SELECT s.attestation_id FROM attestation_assignees s JOIN attestations a ON a.id = s.attestation_id
         WHERE s.account_id = $1 ORDER BY a.opens_at DESC LIMIT 100",
        session.account_id
    )
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(load(&state, id, session.account_id, false).await?);
    }
    Ok(axum::Json(out))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Theory {
    pub title: String,
    pub theory: String,
}

/// Read the theory; the test can start after this.
#[utoipa::path(post, path = "/v1/attestations/{id}/theory", tag = "attestations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Theory), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn theory(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Theory>> {
    access(&state.db, id, session.account_id).await?;
    sqlx::query!(
        "INSERT INTO theory_reads (attestation_id, account_id, read_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        id,
        session.account_id,
        state.clock.now()
    )
    .execute(&state.db)
    .await?;
    let t = sqlx::query_as!(
        Theory,
        "SELECT title, theory FROM attestations WHERE id = $1",
        id
    )
    .fetch_one(&state.db)
    .await?;
    Ok(axum::Json(t))
}
