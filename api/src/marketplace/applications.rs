//! Applications: a candidate applies to an open vacancy with one of their resumes and a cover
//! text; the vacancy's organization moves it along (`application_flow`) and the candidate may
//! withdraw it. Both sides see the whole history; nobody else sees the application at all.
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
use crate::marketplace::application_flow::{Side, Status};
use crate::notifications::notify::{self, Kind};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(apply, of_vacancy))
        .routes(routes!(mine))
        .routes(routes!(get_one))
        .routes(routes!(move_status))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewApplication {
    pub resume_id: Uuid,
    #[serde(default)]
    pub cover: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Move {
    pub status: Status,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub from: Option<Status>,
    pub to: Status,
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Application {
    pub id: Uuid,
    pub vacancy_id: Uuid,
    pub vacancy_title: String,
    pub organization_id: Uuid,
    pub resume_id: Uuid,
    pub candidate: String,
    pub cover: String,
    pub status: Status,
    pub history: Vec<Event>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) async fn load(db: &PgPool, id: Uuid) -> ApiResult<(Application, Uuid)> {
    let a = sqlx::query!(
        r#"SELECT p.id, p.vacancy_id, v.title AS vacancy_title, v.organization_id, p.resume_id,
                  p.account_id, h.handle, p.cover, p.status AS "status: Status", p.created_at, p.updated_at
           FROM applications p
           JOIN vacancies v ON v.id = p.vacancy_id
           JOIN accounts h ON h.id = p.account_id
           WHERE p.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("application"))?;
    let history = sqlx::query_as!(
        Event,
        r#"SELECT e.at, a.handle AS actor, e.from_status AS "from: Status", e.to_status AS "to: Status", e.note
           FROM application_events e JOIN accounts a ON a.id = e.actor
           WHERE e.application_id = $1 ORDER BY e.at"#,
        id
    )
    .fetch_all(db)
    .await?;
    Ok((
        Application {
            id: a.id,
            vacancy_id: a.vacancy_id,
            vacancy_title: a.vacancy_title,
            organization_id: a.organization_id,
            resume_id: a.resume_id,
            candidate: a.handle,
            cover: a.cover,
            status: a.status,
            history,
            created_at: a.created_at,
            updated_at: a.updated_at,
        },
        a.account_id,
    ))
}

/// Moves `app` to `to` in the caller's transaction: the update (refused if it moved meanwhile), the
/// history entry and, for the employer's moves, the candidate's notice.
pub(crate) async fn transition(
    conn: &mut sqlx::PgConnection,
    app: &Application,
    candidate: Uuid,
    actor: Uuid,
    side: Side,
    to: Status,
    note: &str,
) -> ApiResult<()> {
    if !app.status.may_move(to, side) {
        return Err(ApiError::conflict(
            "illegal-transition",
            format!(
                "{:?} cannot move this application from {:?} to {:?}",
                side, app.status, to
            ),
        ));
    }
    // The status it had when read: a concurrent move makes this update touch nothing.
    let moved = sqlx::query!(
        "UPDATE applications SET status = $3, updated_at = now() WHERE id = $1 AND status = $2",
        app.id,
        app.status as Status,
        to as Status,
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if moved == 0 {
        return Err(ApiError::conflict(
            "illegal-transition",
            "the application moved meanwhile",
        ));
    }
    sqlx::query!(
        "INSERT INTO application_events (application_id, actor, from_status, to_status, note)
         VALUES ($1, $2, $3, $4, $5)",
        app.id,
        actor,
        app.status as Status,
        to as Status,
        note,
    )
    .execute(&mut *conn)
    .await?;
    if side == Side::Employer {
        notify::push(
            &mut *conn,
            candidate,
            Kind::ApplicationStatus,
            json!({
                "application_id": app.id,
                "vacancy_id": app.vacancy_id,
                "vacancy_title": app.vacancy_title,
                "from": app.status,
                "to": to,
                "note": note,
            }),
        )
        .await?;
    }
    Ok(())
}

/// The caller's side of an application, or 404 when they are on neither.
pub(crate) async fn side_of(
    db: &PgPool,
    app: &Application,
    candidate: Uuid,
    viewer: Uuid,
) -> ApiResult<Side> {
    if viewer == candidate {
        return Ok(Side::Candidate);
    }
    match membership::role_of(db, app.organization_id, viewer).await? {
        Some(Role::Manager | Role::Admin) => Ok(Side::Employer),
        _ => Err(ApiError::NotFound("application")),
    }
}

/// Apply to an open vacancy with one of your resumes.
#[utoipa::path(post, path = "/v1/vacancies/{id}/applications", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = NewApplication,
    responses((status = 201, body = Application), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn apply(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(vacancy): Path<Uuid>,
    Json(body): Json<NewApplication>,
) -> ApiResult<(StatusCode, axum::Json<Application>)> {
    let mut c = Checks::default();
    c.text(&body.cover, "cover", 0, 4000);
    c.finish()?;
    let open = sqlx::query_scalar!(
        r#"SELECT status = 'open' AS "open!" FROM vacancies WHERE id = $1"#,
        vacancy
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("vacancy"))?;
    if !open {
        return Err(ApiError::conflict(
            "vacancy-closed",
            "this vacancy is closed",
        ));
    }
    let owns = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM resumes WHERE id = $1 AND account_id = $2) AS "owns!""#,
        body.resume_id,
        session.account_id
    )
    .fetch_one(&state.db)
    .await?;
    if !owns {
        return Err(ApiError::NotFound("resume"));
    }
    let id = Uuid::new_v4();
    let mut tx = state.db.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO applications (id, vacancy_id, resume_id, account_id, cover)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        id,
        vacancy,
        body.resume_id,
        session.account_id,
        body.cover.trim(),
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::conflict(
            "already-applied",
            "this resume already applied to this vacancy",
        ));
    }
    sqlx::query!(
        "INSERT INTO application_events (application_id, actor, to_status) VALUES ($1, $2, 'new')",
        id,
        session.account_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(load(&state.db, id).await?.0),
    ))
}

async fn many(db: &PgPool, ids: Vec<Uuid>) -> ApiResult<Vec<Application>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(load(db, id).await?.0);
    }
    Ok(out)
}

/// Your applications, newest first.
#[utoipa::path(get, path = "/v1/me/applications", tag = "marketplace", security(("session" = [])),
    responses((status = 200, body = Vec<Application>), (status = 401, body = Problem)))]
async fn mine(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Application>>> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM applications WHERE account_id = $1 ORDER BY created_at DESC LIMIT 200",
        session.account_id
    )
    .fetch_all(&state.db)
    .await?;
    Ok(axum::Json(many(&state.db, ids).await?))
}

/// Applications to a vacancy (managers and admins of its organization).
#[utoipa::path(get, path = "/v1/vacancies/{id}/applications", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Application>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn of_vacancy(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(vacancy): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<Application>>> {
    let organization = sqlx::query_scalar!(
        "SELECT organization_id FROM vacancies WHERE id = $1",
        vacancy
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("vacancy"))?;
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    let ids = sqlx::query_scalar!(
        "SELECT id FROM applications WHERE vacancy_id = $1 ORDER BY created_at DESC LIMIT 200",
        vacancy
    )
    .fetch_all(&state.db)
    .await?;
    Ok(axum::Json(many(&state.db, ids).await?))
}

/// One application with its history (its candidate and the organization's managers).
#[utoipa::path(get, path = "/v1/applications/{id}", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Application), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Application>> {
    let (app, candidate) = load(&state.db, id).await?;
    side_of(&state.db, &app, candidate, session.account_id).await?;
    Ok(axum::Json(app))
}

/// Move an application: the employer forward or to rejected, the candidate to withdrawn.
#[utoipa::path(post, path = "/v1/applications/{id}/status", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Move,
    responses((status = 200, body = Application), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn move_status(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Move>,
) -> ApiResult<axum::Json<Application>> {
    let mut c = Checks::default();
    c.text(&body.note, "note", 0, 1000);
    c.finish()?;
    let (app, candidate) = load(&state.db, id).await?;
    let side = side_of(&state.db, &app, candidate, session.account_id).await?;
    let mut tx = state.db.begin().await?;
    transition(
        &mut tx,
        &app,
        candidate,
        session.account_id,
        side,
        body.status,
        body.note.trim(),
    )
    .await?;
    tx.commit().await?;
    Ok(axum::Json(load(&state.db, id).await?.0))
}
