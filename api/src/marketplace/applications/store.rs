//! Reading and writing applications: one with its history and who the candidate is, the caller's
//! side of it, applying, moving it along the flow, and the lists each side reads.
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::application_flow::{Side, Status};
use crate::marketplace::applications::types::{Application, Event, NewApplication};
use crate::notifications::notify::{self, Kind};
use crate::organizations::membership::{self, Role};

/// The application and its candidate's account.
pub async fn load(db: &PgPool, id: Uuid) -> ApiResult<(Application, Uuid)> {
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

/// The caller's side of an application, or 404 when they are on neither.
pub async fn side_of(
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

/// Moves `app` to `to` in the caller's transaction: the update (refused if it moved meanwhile), the
/// history entry and, for the employer's moves, the candidate's notice.
pub async fn transition(
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

/// Moves `app` to `to` in a transaction of its own and returns it as it now is.
pub async fn move_to(
    db: &PgPool,
    app: &Application,
    candidate: Uuid,
    actor: Uuid,
    side: Side,
    to: Status,
    note: &str,
) -> ApiResult<Application> {
    let mut tx = db.begin().await?;
    transition(&mut tx, app, candidate, actor, side, to, note).await?;
    tx.commit().await?;
    Ok(load(db, app.id).await?.0)
}

/// `candidate` applies to an open `vacancy` with one of their resumes.
pub async fn apply(
    db: &PgPool,
    vacancy: Uuid,
    candidate: Uuid,
    body: &NewApplication,
) -> ApiResult<Application> {
    let open = sqlx::query_scalar!(
        r#"SELECT status = 'open' AS "open!" FROM vacancies WHERE id = $1"#,
        vacancy
    )
    .fetch_optional(db)
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
        candidate
    )
    .fetch_one(db)
    .await?;
    if !owns {
        return Err(ApiError::NotFound("resume"));
    }
    let id = Uuid::new_v4();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO applications (id, vacancy_id, resume_id, account_id, cover)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        id,
        vacancy,
        body.resume_id,
        candidate,
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
        candidate
    )
    .execute(&mut *tx)
    .await?;
    let vacancy_of = sqlx::query!(
        "SELECT organization_id, title FROM vacancies WHERE id = $1",
        vacancy
    )
    .fetch_one(&mut *tx)
    .await?;
    let from = notify::person_name(&mut tx, candidate).await?;
    notify::push_to_members(
        &mut tx,
        vacancy_of.organization_id,
        &["manager", "admin"],
        Some(candidate),
        Kind::ApplicationReceived,
        json!({"application_id": id, "vacancy_id": vacancy, "vacancy_title": vacancy_of.title,
               "candidate": from}),
    )
    .await?;
    tx.commit().await?;
    Ok(load(db, id).await?.0)
}

async fn many(db: &PgPool, ids: Vec<Uuid>) -> ApiResult<Vec<Application>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(load(db, id).await?.0);
    }
    Ok(out)
}

/// The candidate's applications, newest first.
pub async fn of_candidate(db: &PgPool, candidate: Uuid) -> ApiResult<Vec<Application>> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM applications WHERE account_id = $1 ORDER BY created_at DESC LIMIT 200",
        candidate
    )
    .fetch_all(db)
    .await?;
    many(db, ids).await
}

/// The applications to a vacancy, newest first.
pub async fn of_vacancy(db: &PgPool, vacancy: Uuid) -> ApiResult<Vec<Application>> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM applications WHERE vacancy_id = $1 ORDER BY created_at DESC LIMIT 200",
        vacancy
    )
    .fetch_all(db)
    .await?;
    many(db, ids).await
}
