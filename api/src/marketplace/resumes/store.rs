//! Reading and writing resumes: the owner's list, one as its visibility allows, saving one with its
//! skills in a transaction, deleting one, and attaching and reading its CV.
use axum::body::Body;
use chrono::{DateTime, Utc};
use sqlx::types::Json as SqlJson;
use sqlx::PgPool;
use uuid::Uuid;

use crate::certificates::artifact_store;
use crate::certificates::upload_quota::{self, UploadKind};
use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::resumes::access::may_read;
use crate::marketplace::resumes::types::{
    Experience, Resume, ResumeInput, ResumeSkill, ResumeVisibility,
};
use crate::marketplace::resumes::verified_skills::verified_skills;
use crate::marketplace::skills::SkillLevel;
use crate::marketplace::vacancies::types::VacancyKind;
use crate::state::AppState;

struct Row {
    id: Uuid,
    account_id: Uuid,
    handle: String,
    title: String,
    summary: String,
    desired_kind: Option<VacancyKind>,
    visibility: ResumeVisibility,
    experience: SqlJson<Vec<Experience>>,
    skills: SqlJson<Vec<SkillLevel>>,
    has_cv: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

async fn rows(db: &PgPool, id: Option<Uuid>, owner: Option<Uuid>) -> ApiResult<Vec<Row>> {
    Ok(sqlx::query_as!(
        Row,
        r#"SELECT r.id, r.account_id, a.handle, r.title, r.summary,
                  r.desired_kind AS "desired_kind: VacancyKind",
                  r.visibility AS "visibility: ResumeVisibility",
                  r.experience AS "experience: SqlJson<Vec<Experience>>",
                  coalesce((SELECT json_agg(json_build_object('name', s.skill, 'level', s.level)
                                            ORDER BY s.level DESC, s.skill)
                            FROM resume_skills s WHERE s.resume_id = r.id), '[]') AS "skills!: SqlJson<Vec<SkillLevel>>",
                  r.cv_hash IS NOT NULL AS "has_cv!", r.created_at, r.updated_at
           FROM resumes r JOIN accounts a ON a.id = r.account_id
           WHERE ($1::uuid IS NULL OR r.id = $1) AND ($2::uuid IS NULL OR r.account_id = $2)
           ORDER BY r.updated_at DESC"#,
        id,
        owner
    )
    .fetch_all(db)
    .await?)
}

async fn view(db: &PgPool, row: Row) -> ApiResult<Resume> {
    let verified = verified_skills(db, row.account_id).await?;
    Ok(Resume {
        id: row.id,
        owner: row.handle,
        title: row.title,
        summary: row.summary,
        desired_kind: row.desired_kind,
        visibility: row.visibility,
        skills: row
            .skills
            .0
            .into_iter()
            .map(|s| ResumeSkill {
                verified: verified.contains(&s.name),
                name: s.name,
                level: s.level,
            })
            .collect(),
        experience: row.experience.0,
        has_cv: row.has_cv,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The resume if `viewer` may read it, else 404 (a private resume does not reveal it exists).
async fn readable(db: &PgPool, id: Uuid, viewer: Option<Uuid>) -> ApiResult<Row> {
    let row = rows(db, Some(id), None)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("resume"))?;
    if may_read(db, row.visibility, row.account_id, viewer).await? {
        Ok(row)
    } else {
        Err(ApiError::NotFound("resume"))
    }
}

/// One resume, whoever asks (the caller has checked that they may).
pub async fn one(db: &PgPool, id: Uuid) -> ApiResult<Resume> {
    let row = rows(db, Some(id), None)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("resume"))?;
    view(db, row).await
}

/// A resume as `viewer` may read it.
pub async fn read(db: &PgPool, id: Uuid, viewer: Option<Uuid>) -> ApiResult<Resume> {
    let row = readable(db, id, viewer).await?;
    view(db, row).await
}

/// The owner's resumes, most recently updated first.
pub async fn of_owner(db: &PgPool, owner: Uuid) -> ApiResult<Vec<Resume>> {
    let mut out = Vec::new();
    for row in rows(db, None, Some(owner)).await? {
        out.push(view(db, row).await?);
    }
    Ok(out)
}

/// Saves a new checked resume of `account` with its `skills`.
pub async fn create(
    db: &PgPool,
    account: Uuid,
    body: &ResumeInput,
    skills: &[SkillLevel],
) -> ApiResult<Resume> {
    let id = Uuid::new_v4();
    save(db, id, account, body, skills, true).await?;
    one(db, id).await
}

/// Replaces the resume `id` of `account` with a checked one; 404 when they have none with `id`.
pub async fn update(
    db: &PgPool,
    id: Uuid,
    account: Uuid,
    body: &ResumeInput,
    skills: &[SkillLevel],
) -> ApiResult<Resume> {
    save(db, id, account, body, skills, false).await?;
    one(db, id).await
}

/// Writes a checked resume of `account` with its `skills`: a new one (`create`) or over the one
/// with `id` they own.
async fn save(
    db: &PgPool,
    id: Uuid,
    account: Uuid,
    body: &ResumeInput,
    skills: &[SkillLevel],
    create: bool,
) -> ApiResult<()> {
    let experience = serde_json::to_value(&body.experience).map_err(anyhow::Error::from)?;
    let mut tx = db.begin().await?;
    let touched = if create {
        sqlx::query!(
            "INSERT INTO resumes (id, account_id, title, summary, desired_kind, visibility, experience)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            id,
            account,
            body.title.trim(),
            body.summary.trim(),
            body.desired_kind as Option<VacancyKind>,
            body.visibility as ResumeVisibility,
            experience,
        )
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query!(
            "UPDATE resumes SET title = $3, summary = $4, desired_kind = $5, visibility = $6,
                    experience = $7, updated_at = now()
             WHERE id = $1 AND account_id = $2",
            id,
            account,
            body.title.trim(),
            body.summary.trim(),
            body.desired_kind as Option<VacancyKind>,
            body.visibility as ResumeVisibility,
            experience,
        )
        .execute(&mut *tx)
        .await?
    };
    if touched.rows_affected() == 0 {
        return Err(ApiError::NotFound("resume"));
    }
    let names: Vec<String> = skills.iter().map(|s| s.name.clone()).collect();
    let levels: Vec<i16> = skills.iter().map(|s| s.level).collect();
    sqlx::query!("DELETE FROM resume_skills WHERE resume_id = $1", id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "INSERT INTO resume_skills (resume_id, skill, level)
         SELECT $1, * FROM unnest($2::text[], $3::smallint[])",
        id,
        &names,
        &levels
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes a resume of `account`; 404 when they have none with `id`.
pub async fn delete(db: &PgPool, id: Uuid, account: Uuid) -> ApiResult<()> {
    let gone = sqlx::query!(
        "DELETE FROM resumes WHERE id = $1 AND account_id = $2",
        id,
        account
    )
    .execute(db)
    .await?
    .rows_affected();
    if gone == 0 {
        return Err(ApiError::NotFound("resume"));
    }
    Ok(())
}

/// Stores `body` (a PDF) as the CV of a resume `account` owns and returns the resume.
pub async fn attach_cv(
    state: &AppState,
    id: Uuid,
    account: Uuid,
    media_type: &'static str,
    body: Body,
) -> ApiResult<Resume> {
    let owned = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM resumes WHERE id = $1 AND account_id = $2) AS "owned!""#,
        id,
        account
    )
    .fetch_one(&state.db)
    .await?;
    if !owned {
        return Err(ApiError::NotFound("resume"));
    }
    let stored = upload_quota::store(state, account, UploadKind::Cv, media_type, body).await?;
    sqlx::query!(
        "UPDATE resumes SET cv_hash = $2, updated_at = now() WHERE id = $1",
        id,
        &stored.hash[..]
    )
    .execute(&state.db)
    .await?;
    one(&state.db, id).await
}

/// The stored hash of a resume's CV, if `viewer` may read the resume and it has one.
pub async fn cv_hash(db: &PgPool, id: Uuid, viewer: Option<Uuid>) -> ApiResult<[u8; 32]> {
    readable(db, id, viewer).await?;
    let hash = sqlx::query_scalar!("SELECT cv_hash FROM resumes WHERE id = $1", id)
        .fetch_one(db)
        .await?
        .ok_or(ApiError::NotFound("cv"))?;
    artifact_store::stored_hash(hash)
}
