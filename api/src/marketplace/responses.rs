//! Responding to a resume: an organization's manager writes to the candidate (optionally about
//! one of its open vacancies). The organization keeps the list; the candidate gets a notice.
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::marketplace::talent_pool::resume_open_to;
use crate::notifications::notify::{self, Kind};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(respond, list))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewResponse {
    pub resume_id: Uuid,
    /// One of the organization's open vacancies the message is about.
    pub vacancy_id: Option<Uuid>,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResumeResponse {
    pub id: Uuid,
    pub resume_id: Uuid,
    pub candidate: String,
    pub vacancy_id: Option<Uuid>,
    pub author: String,
    pub message: String,
    pub created_at: DateTime<Utc>,
}

/// Write to the owner of a resume the organization may read; they get it as a notification.
#[utoipa::path(post, path = "/v1/organizations/{id}/responses", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = NewResponse,
    responses((status = 201, body = ResumeResponse), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn respond(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<NewResponse>,
) -> ApiResult<(StatusCode, axum::Json<ResumeResponse>)> {
    let mut c = Checks::default();
    c.text(&body.message, "message", 1, 4000);
    c.finish()?;
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    if !resume_open_to(&state.db, body.resume_id, organization).await? {
        return Err(ApiError::NotFound("resume"));
    }
    let vacancy_title = match body.vacancy_id {
        None => None,
        Some(v) => Some(
            sqlx::query_scalar!(
                "SELECT title FROM vacancies WHERE id = $1 AND organization_id = $2 AND status = 'open'",
                v,
                organization
            )
            .fetch_optional(&state.db)
            .await?
            .ok_or(ApiError::NotFound("vacancy"))?,
        ),
    };
    let id = Uuid::new_v4();
    let mut tx = state.db.begin().await?;
    let row = sqlx::query!(
        r#"WITH inserted AS (
               INSERT INTO resume_responses (id, resume_id, organization_id, vacancy_id, author, message)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at)
           SELECT i.created_at, r.account_id, a.handle AS candidate, me.handle AS author, o.name AS organization
           FROM inserted i, resumes r JOIN accounts a ON a.id = r.account_id, accounts me, organizations o
           WHERE r.id = $2 AND me.id = $5 AND o.id = $3"#,
        id,
        body.resume_id,
        organization,
        body.vacancy_id,
        session.account_id,
        body.message.trim(),
    )
    .fetch_one(&mut *tx)
    .await?;
    notify::push(
        &mut tx,
        row.account_id,
        Kind::ResumeResponse,
        json!({
            "response_id": id,
            "resume_id": body.resume_id,
            "organization_id": organization,
            "organization": row.organization,
            "vacancy_id": body.vacancy_id,
            "vacancy_title": vacancy_title,
            "from": row.author,
            "message": body.message.trim(),
        }),
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(ResumeResponse {
            id,
            resume_id: body.resume_id,
            candidate: row.candidate,
            vacancy_id: body.vacancy_id,
            author: row.author,
            message: body.message.trim().to_owned(),
            created_at: row.created_at,
        }),
    ))
}

/// The organization's responses to resumes, newest first (its managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/responses", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<ResumeResponse>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn list(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<ResumeResponse>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    Ok(axum::Json(
        sqlx::query_as!(
            ResumeResponse,
            r#"SELECT x.id, x.resume_id, c.handle AS candidate, x.vacancy_id, a.handle AS author,
                      x.message, x.created_at
               FROM resume_responses x
               JOIN resumes r ON r.id = x.resume_id JOIN accounts c ON c.id = r.account_id
               JOIN accounts a ON a.id = x.author
               WHERE x.organization_id = $1 ORDER BY x.created_at DESC LIMIT 500"#,
            organization
        )
        .fetch_all(&state.db)
        .await?,
    ))
}
