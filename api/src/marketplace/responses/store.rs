//! Recording an organization's response to a resume with the candidate's notice, and the
//! organization's list of them.
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::responses::types::{NewResponse, ResumeResponse};
use crate::marketplace::resumes::access::resume_open_to;
use crate::notifications::notify::{self, Kind};

/// Records `author`'s response for `organization` and notifies the resume's owner; 404 when the
/// organization may not read the resume or the vacancy is not one of its open ones.
pub async fn respond(
    db: &PgPool,
    organization: Uuid,
    author: Uuid,
    body: &NewResponse,
) -> ApiResult<ResumeResponse> {
    if !resume_open_to(db, body.resume_id, organization).await? {
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
            .fetch_optional(db)
            .await?
            .ok_or(ApiError::NotFound("vacancy"))?,
        ),
    };
    let id = Uuid::new_v4();
    let mut tx = db.begin().await?;
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
        author,
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
    Ok(ResumeResponse {
        id,
        resume_id: body.resume_id,
        candidate: row.candidate,
        vacancy_id: body.vacancy_id,
        author: row.author,
        message: body.message.trim().to_owned(),
        created_at: row.created_at,
    })
}

/// The organization's responses to resumes, newest first: only about resumes it may still read.
/// One made private later drops out (the response is kept, and returns if it opens again).
pub async fn list(db: &PgPool, organization: Uuid) -> ApiResult<Vec<ResumeResponse>> {
    Ok(sqlx::query_as!(
        ResumeResponse,
        r#"SELECT x.id, x.resume_id, c.handle AS candidate, x.vacancy_id, a.handle AS author,
                  x.message, x.created_at
           FROM resume_responses x
           JOIN resumes r ON r.id = x.resume_id JOIN accounts c ON c.id = r.account_id
           JOIN accounts a ON a.id = x.author
           WHERE x.organization_id = $1 AND iktomi_resume_open_to(x.resume_id, x.organization_id)
           ORDER BY x.created_at DESC LIMIT 500"#,
        organization
    )
    .fetch_all(db)
    .await?)
}
