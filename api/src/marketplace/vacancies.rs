//! Vacancies: an organization's managers post long-term jobs and short-term gigs with required
//! skills, salary and format, then close or reopen them; anyone searches the open ones by text,
//! skill, kind, format and salary, a page at a time.
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::types::Json as SqlJson;
use sqlx::PgPool;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, MaybeAuthUser, Path, Query};
use crate::http::pagination::{self, Page};
use crate::marketplace::skills::{self, SkillLevel};
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(search))
        .routes(routes!(get_one, update))
        .routes(routes!(close))
        .routes(routes!(reopen))
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "vacancy_kind", rename_all = "snake_case")]
pub enum VacancyKind {
    /// A long-term job.
    Job,
    /// A short-term gig.
    Gig,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "work_format", rename_all = "snake_case")]
pub enum WorkFormat {
    Office,
    Remote,
    Hybrid,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Salary {
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// ISO 4217 (`EUR`, `KZT`).
    pub currency: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VacancyInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub kind: VacancyKind,
    pub format: WorkFormat,
    pub location: Option<String>,
    pub salary: Option<Salary>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub skills: Vec<SkillLevel>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Vacancy {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub title: String,
    pub description: String,
    pub kind: VacancyKind,
    pub format: WorkFormat,
    pub location: Option<String>,
    pub salary: Option<Salary>,
    pub tags: Vec<String>,
    pub skills: Vec<SkillLevel>,
    /// open or closed.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl VacancyInput {
    /// The input with skills and tags normalized, or every problem with it.
    fn checked(&self) -> ApiResult<(Vec<SkillLevel>, Vec<String>)> {
        let mut c = Checks::default();
        c.text(&self.title, "title", 1, 200);
        c.text(&self.description, "description", 0, 10_000);
        if let Some(location) = &self.location {
            c.text(location, "location", 1, 200);
        }
        if let Some(s) = &self.salary {
            c.check(
                s.currency.len() == 3 && s.currency.chars().all(|ch| ch.is_ascii_uppercase()),
                "salary.currency",
                "is an ISO 4217 code such as EUR",
            );
            c.check(
                s.min.unwrap_or(0) >= 0 && s.max.unwrap_or(0) >= 0,
                "salary",
                "is not negative",
            );
            c.check(
                matches!((s.min, s.max), (Some(a), Some(b)) if a <= b)
                    || s.min.is_none()
                    || s.max.is_none(),
                "salary.min",
                "is at most salary.max",
            );
        }
        c.check(self.tags.len() <= 20, "tags", "at most 20");
        let tags: Vec<String> = self.tags.iter().map(|t| t.trim().to_lowercase()).collect();
        for (i, t) in tags.iter().enumerate() {
            c.text(t, format!("tags[{i}]"), 1, 50);
        }
        let skills = skills::check(&mut c, "skills", &self.skills);
        c.finish()?;
        Ok((skills, tags))
    }
}

struct Row {
    id: Uuid,
    organization_id: Uuid,
    organization_name: String,
    title: String,
    description: String,
    kind: VacancyKind,
    format: WorkFormat,
    location: Option<String>,
    salary_min: Option<i64>,
    salary_max: Option<i64>,
    currency: Option<String>,
    tags: Vec<String>,
    skills: SqlJson<Vec<SkillLevel>>,
    status: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Row> for Vacancy {
    fn from(r: Row) -> Self {
        Self {
            salary: r.currency.map(|currency| Salary {
                min: r.salary_min,
                max: r.salary_max,
                currency,
            }),
            id: r.id,
            organization_id: r.organization_id,
            organization_name: r.organization_name,
            title: r.title,
            description: r.description,
            kind: r.kind,
            format: r.format,
            location: r.location,
            tags: r.tags,
            skills: r.skills.0,
            status: r.status,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

async fn load(db: &PgPool, id: Uuid) -> ApiResult<Vacancy> {
    sqlx::query_as!(
        Row,
        r#"SELECT v.id AS "id!", v.organization_id AS "organization_id!",
                  v.organization_name AS "organization_name!", v.title AS "title!",
                  v.description AS "description!", v.kind AS "kind!: VacancyKind",
                  v.format AS "format!: WorkFormat", v.location, v.salary_min, v.salary_max,
                  v.currency, v.tags AS "tags!", v.status::text AS "status!",
                  v.created_at AS "created_at!", v.updated_at AS "updated_at!",
                  v.skills AS "skills!: SqlJson<Vec<SkillLevel>>"
           FROM vacancy_view v
           WHERE v.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?
    .map(Into::into)
    .ok_or(ApiError::NotFound("vacancy"))
}

async fn save_skills(
    tx: &mut sqlx::PgConnection,
    id: Uuid,
    skills: &[SkillLevel],
) -> ApiResult<()> {
    sqlx::query!("DELETE FROM vacancy_skills WHERE vacancy_id = $1", id)
        .execute(&mut *tx)
        .await?;
    let names: Vec<String> = skills.iter().map(|s| s.name.clone()).collect();
    let levels: Vec<i16> = skills.iter().map(|s| s.level).collect();
    sqlx::query!(
        "INSERT INTO vacancy_skills (vacancy_id, skill, level)
         SELECT $1, * FROM unnest($2::text[], $3::smallint[])",
        id,
        &names,
        &levels
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Post a vacancy (managers and admins of the organization).
#[utoipa::path(post, path = "/v1/organizations/{id}/vacancies", tag = "marketplace",
    security(("session" = [])), params(("id" = Uuid, Path)), request_body = VacancyInput,
    responses((status = 201, body = Vacancy), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<VacancyInput>,
) -> ApiResult<(StatusCode, axum::Json<Vacancy>)> {
    let (skills, tags) = body.checked()?;
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    let id = Uuid::new_v4();
    let salary = body.salary.as_ref();
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "INSERT INTO vacancies (id, organization_id, created_by, title, description, kind, format,
                                location, salary_min, salary_max, currency, tags)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        id,
        organization,
        session.account_id,
        body.title.trim(),
        body.description.trim(),
        body.kind as VacancyKind,
        body.format as WorkFormat,
        body.location.as_deref().map(str::trim),
        salary.and_then(|s| s.min),
        salary.and_then(|s| s.max),
        salary.map(|s| s.currency.as_str()),
        &tags,
    )
    .execute(&mut *tx)
    .await?;
    save_skills(&mut tx, id, &skills).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(load(&state.db, id).await?)))
}

/// The vacancy's organization, after checking that the caller manages it.
async fn managed(state: &AppState, id: Uuid, account: Uuid) -> ApiResult<Uuid> {
    let organization =
        sqlx::query_scalar!("SELECT organization_id FROM vacancies WHERE id = $1", id)
            .fetch_optional(&state.db)
            .await?
            .ok_or(ApiError::NotFound("vacancy"))?;
    membership::require(&state.db, organization, account, Role::Manager).await?;
    Ok(organization)
}

/// A vacancy: open ones are public; closed ones only its organization's members see.
#[utoipa::path(get, path = "/v1/vacancies/{id}", tag = "marketplace", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vacancy), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(session): MaybeAuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Vacancy>> {
    let vacancy = load(&state.db, id).await?;
    if vacancy.status != "open" {
        let member = match session {
            Some(s) => membership::role_of(&state.db, vacancy.organization_id, s.account_id)
                .await?
                .is_some(),
            None => false,
        };
        if !member {
            return Err(ApiError::NotFound("vacancy"));
        }
    }
    Ok(axum::Json(vacancy))
}

/// Replace a vacancy's details (managers and admins of its organization).
#[utoipa::path(put, path = "/v1/vacancies/{id}", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = VacancyInput,
    responses((status = 200, body = Vacancy), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<VacancyInput>,
) -> ApiResult<axum::Json<Vacancy>> {
    let (skills, tags) = body.checked()?;
    managed(&state, id, session.account_id).await?;
    let salary = body.salary.as_ref();
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "UPDATE vacancies SET title = $2, description = $3, kind = $4, format = $5, location = $6,
                salary_min = $7, salary_max = $8, currency = $9, tags = $10, updated_at = now()
         WHERE id = $1",
        id,
        body.title.trim(),
        body.description.trim(),
        body.kind as VacancyKind,
        body.format as WorkFormat,
        body.location.as_deref().map(str::trim),
        salary.and_then(|s| s.min),
        salary.and_then(|s| s.max),
        salary.map(|s| s.currency.as_str()),
        &tags,
    )
    .execute(&mut *tx)
    .await?;
    save_skills(&mut tx, id, &skills).await?;
    tx.commit().await?;
    Ok(axum::Json(load(&state.db, id).await?))
}

async fn set_status(state: &AppState, id: Uuid, account: Uuid, open: bool) -> ApiResult<Vacancy> {
    managed(state, id, account).await?;
    sqlx::query!(
        "UPDATE vacancies SET status = CASE WHEN $2 THEN 'open'::vacancy_status ELSE 'closed' END,
                updated_at = now() WHERE id = $1",
        id,
        open
    )
    .execute(&state.db)
    .await?;
    load(&state.db, id).await
}

/// Close a vacancy: it leaves the search.
#[utoipa::path(post, path = "/v1/vacancies/{id}/close", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vacancy), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn close(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Vacancy>> {
    Ok(axum::Json(
        set_status(&state, id, session.account_id, false).await?,
    ))
}

/// Reopen a closed vacancy.
#[utoipa::path(post, path = "/v1/vacancies/{id}/reopen", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vacancy), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn reopen(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Vacancy>> {
    Ok(axum::Json(
        set_status(&state, id, session.account_id, true).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct VacancyQuery {
    /// Words matched against title, description and location (web search syntax).
    pub q: Option<String>,
    /// A skill the vacancy requires (case-insensitive).
    pub skill: Option<String>,
    pub kind: Option<VacancyKind>,
    pub format: Option<WorkFormat>,
    /// Vacancies whose salary can reach at least this much (with `currency`).
    pub salary_from: Option<i64>,
    pub currency: Option<String>,
    pub organization_id: Option<Uuid>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    pub limit: Option<i64>,
}

/// Open vacancies, newest first, filtered.
#[utoipa::path(get, path = "/v1/vacancies", tag = "marketplace", params(VacancyQuery),
    responses((status = 200, body = Page<Vacancy>), (status = 400, body = Problem), (status = 422, body = Problem)))]
async fn search(
    state: axum::extract::State<AppState>,
    Query(query): Query<VacancyQuery>,
) -> ApiResult<axum::Json<Page<Vacancy>>> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::after(query.cursor.as_deref())?;
    let cursor = if after.is_empty() {
        None
    } else {
        let parsed = after.split_once('\n').and_then(|(at, id)| {
            Some((at.parse::<DateTime<Utc>>().ok()?, id.parse::<Uuid>().ok()?))
        });
        Some(
            parsed
                .ok_or_else(|| ApiError::invalid("cursor", "is not a cursor this API returned"))?,
        )
    };
    let (after_at, after_id) = cursor.unzip();
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if q.is_some_and(|q| q.chars().count() > 200) {
        return Err(ApiError::invalid("q", "is longer than 200 characters"));
    }
    if query.salary_from.is_some() && query.currency.is_none() {
        return Err(ApiError::invalid("currency", "is needed with salary_from"));
    }
    let skill = query.skill.as_deref().map(|s| s.trim().to_lowercase());
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT v.id AS "id!", v.organization_id AS "organization_id!",
                  v.organization_name AS "organization_name!", v.title AS "title!",
                  v.description AS "description!", v.kind AS "kind!: VacancyKind",
                  v.format AS "format!: WorkFormat", v.location, v.salary_min, v.salary_max,
                  v.currency, v.tags AS "tags!", v.status::text AS "status!",
                  v.created_at AS "created_at!", v.updated_at AS "updated_at!",
                  v.skills AS "skills!: SqlJson<Vec<SkillLevel>>"
           FROM vacancy_view v
           WHERE v.status = 'open'
             AND ($1::text IS NULL OR v.search @@ websearch_to_tsquery('simple', $1))
             AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM vacancy_skills s
                                              WHERE s.vacancy_id = v.id AND s.skill = $2))
             AND ($3::vacancy_kind IS NULL OR v.kind = $3)
             AND ($4::work_format IS NULL OR v.format = $4)
             AND ($5::bigint IS NULL OR (v.currency = $6 AND coalesce(v.salary_max, v.salary_min) >= $5))
             AND ($7::uuid IS NULL OR v.organization_id = $7)
             AND ($8::timestamptz IS NULL OR (v.created_at, v.id) < ($8, $9::uuid))
           ORDER BY v.created_at DESC, v.id DESC
           LIMIT $10"#,
        q,
        skill,
        query.kind as Option<VacancyKind>,
        query.format as Option<WorkFormat>,
        query.salary_from,
        query.currency,
        query.organization_id,
        after_at,
        after_id,
        limit + 1,
    )
    .fetch_all(&state.db)
    .await?;
    let page = Page::from_rows(rows.into_iter().map(Vacancy::from).collect(), limit, |v| {
        format!("{}\n{}", v.created_at.to_rfc3339(), v.id)
    });
    Ok(axum::Json(page))
}
