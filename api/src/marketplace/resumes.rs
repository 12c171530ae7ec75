//! Resumes: a person keeps one or more, with skills at levels (marked verified where an active
//! certificate of theirs attests the skill), experience, the kind of work they want, and a CV as a
//! PDF. Who reads one is the owner's choice: anyone, managers of verified organizations
//! (employers), or nobody else.
use axum::body::Body;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::types::Json as SqlJson;
use sqlx::PgPool;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::artifact_store::{self, declared_type};
use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, MaybeAuthUser, Path};
use crate::marketplace::skills::{self, SkillLevel};
use crate::marketplace::vacancies::VacancyKind;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, mine))
        .routes(routes!(update, delete))
        .routes(routes!(get_one))
        .routes(routes!(template))
        .routes(routes!(upload_cv))
        .routes(routes!(cv))
}

#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type, Default,
)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "resume_visibility", rename_all = "snake_case")]
pub enum ResumeVisibility {
    Public,
    /// Managers and admins of verified organizations.
    #[default]
    Employers,
    Private,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Experience {
    pub company: String,
    pub title: String,
    /// `YYYY-MM`.
    pub start: String,
    /// `YYYY-MM`; absent while it lasts.
    pub end: Option<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ResumeInput {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub desired_kind: Option<VacancyKind>,
    #[serde(default)]
    pub visibility: ResumeVisibility,
    #[serde(default)]
    pub skills: Vec<SkillLevel>,
    #[serde(default)]
    pub experience: Vec<Experience>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResumeSkill {
    pub name: String,
    pub level: i16,
    /// An active certificate of the owner attests this skill.
    pub verified: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Resume {
    pub id: Uuid,
    pub owner: String,
    pub title: String,
    pub summary: String,
    pub desired_kind: Option<VacancyKind>,
    pub visibility: ResumeVisibility,
    pub skills: Vec<ResumeSkill>,
    pub experience: Vec<Experience>,
    pub has_cv: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn year_month(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && text[..4]
            .parse::<u16>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
        && text[5..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
}

impl ResumeInput {
    fn checked(&self) -> ApiResult<Vec<SkillLevel>> {
        let mut c = Checks::default();
        c.text(&self.title, "title", 1, 200);
        c.text(&self.summary, "summary", 0, 5000);
        c.check(self.experience.len() <= 30, "experience", "at most 30");
        for (i, e) in self.experience.iter().enumerate() {
            c.text(&e.company, format!("experience[{i}].company"), 1, 200);
            c.text(&e.title, format!("experience[{i}].title"), 1, 200);
            c.text(
                &e.description,
                format!("experience[{i}].description"),
                0,
                4000,
            );
            c.check(
                year_month(&e.start),
                format!("experience[{i}].start"),
                "is YYYY-MM",
            );
            if let Some(end) = &e.end {
                c.check(
                    year_month(end) && end.as_str() >= e.start.as_str(),
                    format!("experience[{i}].end"),
                    "is YYYY-MM, not before start",
                );
            }
        }
        let skills = skills::check(&mut c, "skills", &self.skills);
        c.finish()?;
        Ok(skills)
    }
}

/// Skills attested by the account's active certificates (`skill:` tags of their credentials).
pub async fn verified_skills(db: &PgPool, account: Uuid) -> ApiResult<Vec<String>> {
    Ok(verified_skills_of(db, &[account])
        .await?
        .remove(&account)
        .map(|set| set.into_iter().collect())
        .unwrap_or_default())
}

/// The verified skills of several accounts in one query.
pub async fn verified_skills_of(
    db: &PgPool,
    accounts: &[Uuid],
) -> ApiResult<std::collections::HashMap<Uuid, std::collections::HashSet<String>>> {
    let rows = sqlx::query!(
        r#"SELECT DISTINCT w.account_id AS "account!", lower(substring(t.tag FROM 7)) AS "skill!"
           FROM wallets w
           JOIN certificate_status c ON c.holder = w.address AND c.status = 'active'
           JOIN certificate_documents d ON d.content_hash = c.content_hash
           CROSS JOIN LATERAL jsonb_array_elements_text(
               coalesce(d.document #> '{credentialSubject,achievement,tag}', '[]'::jsonb)) AS t(tag)
           WHERE w.account_id = ANY($1) AND t.tag LIKE 'skill:%'"#,
        accounts
    )
    .fetch_all(db)
    .await?;
    let mut out: std::collections::HashMap<Uuid, std::collections::HashSet<String>> =
        std::collections::HashMap::new();
    for r in rows {
        out.entry(r.account).or_default().insert(r.skill);
    }
    Ok(out)
}

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
    let allowed = match row.visibility {
        ResumeVisibility::Public => true,
        _ if viewer == Some(row.account_id) => true,
        ResumeVisibility::Private => false,
        ResumeVisibility::Employers => match viewer {
            Some(viewer) => sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.organization_id
                                  WHERE m.account_id = $1 AND m.accepted_at IS NOT NULL
                                    AND m.role IN ('manager', 'admin') AND o.issuer_account IS NOT NULL)
                   AS "employer!""#,
                viewer
            )
            .fetch_one(db)
            .await?,
            None => false,
        },
    };
    if allowed {
        Ok(row)
    } else {
        Err(ApiError::NotFound("resume"))
    }
}

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

async fn one(db: &PgPool, id: Uuid) -> ApiResult<Resume> {
    let row = rows(db, Some(id), None)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("resume"))?;
    view(db, row).await
}

/// Create a resume.
#[utoipa::path(post, path = "/v1/me/resumes", tag = "marketplace", security(("session" = [])),
    request_body = ResumeInput,
    responses((status = 201, body = Resume), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn create(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<ResumeInput>,
) -> ApiResult<(StatusCode, axum::Json<Resume>)> {
    let skills = body.checked()?;
    let id = Uuid::new_v4();
    save(&state.db, id, session.account_id, &body, &skills, true).await?;
    Ok((StatusCode::CREATED, axum::Json(one(&state.db, id).await?)))
}

/// Your resumes.
#[utoipa::path(get, path = "/v1/me/resumes", tag = "marketplace", security(("session" = [])),
    responses((status = 200, body = Vec<Resume>), (status = 401, body = Problem)))]
async fn mine(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Resume>>> {
    let mut out = Vec::new();
    for row in rows(&state.db, None, Some(session.account_id)).await? {
        out.push(view(&state.db, row).await?);
    }
    Ok(axum::Json(out))
}

/// Replace one of your resumes.
#[utoipa::path(put, path = "/v1/me/resumes/{id}", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = ResumeInput,
    responses((status = 200, body = Resume), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 422, body = Problem)))]
async fn update(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<ResumeInput>,
) -> ApiResult<axum::Json<Resume>> {
    let skills = body.checked()?;
    save(&state.db, id, session.account_id, &body, &skills, false).await?;
    Ok(axum::Json(one(&state.db, id).await?))
}

/// Delete one of your resumes.
#[utoipa::path(delete, path = "/v1/me/resumes/{id}", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn delete(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let gone = sqlx::query!(
        "DELETE FROM resumes WHERE id = $1 AND account_id = $2",
        id,
        session.account_id
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if gone == 0 {
        return Err(ApiError::NotFound("resume"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// A resume, as its visibility allows.
#[utoipa::path(get, path = "/v1/resumes/{id}", tag = "marketplace", params(("id" = Uuid, Path)),
    responses((status = 200, body = Resume), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(session): MaybeAuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Resume>> {
    let row = readable(&state.db, id, session.map(|s| s.account_id)).await?;
    Ok(axum::Json(view(&state.db, row).await?))
}

/// A structured CV template to fill in: the sections a good IT resume has, with hints.
#[utoipa::path(get, path = "/v1/resumes/template", tag = "marketplace",
    responses((status = 200, description = "The template: a ResumeInput with hints")))]
async fn template() -> axum::Json<Value> {
    axum::Json(json!({
        "title": "Backend engineer (Rust)",
        "summary": "Two or three sentences: what you build, for whom, and the result you are proudest of.",
        "desired_kind": "job",
        "visibility": "employers",
        "skills": [
            { "name": "Rust", "level": 4 },
            { "name": "PostgreSQL", "level": 3 }
        ],
        "experience": [{
            "company": "Company name",
            "title": "Your role",
            "start": "2023-01",
            "end": null,
            "description": "What you owned; one measurable outcome (latency halved, 2M users, ...)."
        }],
        "hints": {
            "skills": "Levels 1 (basic) to 5 (expert). Skills that a certificate of yours attests show as verified.",
            "experience": "Newest first; months as YYYY-MM; leave end empty while it lasts.",
            "cv": "Attach a PDF with PUT /v1/me/resumes/{id}/cv."
        }
    }))
}

/// Attach a CV (a PDF, the raw file as the body).
#[utoipa::path(put, path = "/v1/me/resumes/{id}/cv", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, body = Resume), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 413, body = Problem), (status = 422, body = Problem)))]
async fn upload_cv(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<axum::Json<Resume>> {
    let media_type = declared_type(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
    )?;
    if media_type != "application/pdf" {
        return Err(ApiError::invalid("content-type", "a CV is a PDF"));
    }
    let owned = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM resumes WHERE id = $1 AND account_id = $2) AS "owned!""#,
        id,
        session.account_id
    )
    .fetch_one(&state.db)
    .await?;
    if !owned {
        return Err(ApiError::NotFound("resume"));
    }
    let settings = &state.settings.artifacts;
    let stored = artifact_store::store(&settings.dir, media_type, body, settings.max_bytes).await?;
    sqlx::query!(
        "UPDATE resumes SET cv_hash = $2, updated_at = now() WHERE id = $1",
        id,
        &stored.hash[..]
    )
    .execute(&state.db)
    .await?;
    Ok(axum::Json(one(&state.db, id).await?))
}

/// The CV of a resume, for those who may read the resume.
#[utoipa::path(get, path = "/v1/resumes/{id}/cv", tag = "marketplace", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The PDF"), (status = 404, body = Problem)))]
async fn cv(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(session): MaybeAuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    readable(&state.db, id, session.map(|s| s.account_id)).await?;
    let hash = sqlx::query_scalar!("SELECT cv_hash FROM resumes WHERE id = $1", id)
        .fetch_one(&state.db)
        .await?
        .ok_or(ApiError::NotFound("cv"))?;
    let hash = artifact_store::stored_hash(hash)?;
    artifact_store::serve(&state.settings.artifacts.dir, &hash, "application/pdf").await
}
