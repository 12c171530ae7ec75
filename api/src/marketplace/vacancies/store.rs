//! Reading and writing vacancies: one by id, the search, posting and replacing one with its
//! skills in a transaction, and opening or closing it.
use chrono::{DateTime, Utc};
use sqlx::types::Json as SqlJson;
use sqlx::PgPool;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::http::pagination::Page;
use crate::marketplace::skills::SkillLevel;
use crate::marketplace::vacancies::types::{
    Salary, Vacancy, VacancyInput, VacancyKind, VacancySearch, WorkFormat,
};
use crate::organizations::membership::{self, Role};

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

pub async fn load(db: &PgPool, id: Uuid) -> ApiResult<Vacancy> {
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

/// The vacancy if `viewer` may read it: open ones are public; closed ones only its
/// organization's members see (to others it does not exist).
pub async fn visible_to(db: &PgPool, id: Uuid, viewer: Option<Uuid>) -> ApiResult<Vacancy> {
    let vacancy = load(db, id).await?;
    if vacancy.status != "open" {
        let member = match viewer {
            Some(viewer) => membership::role_of(db, vacancy.organization_id, viewer)
                .await?
                .is_some(),
            None => false,
        };
        if !member {
            return Err(ApiError::NotFound("vacancy"));
        }
    }
    Ok(vacancy)
}

/// The vacancy's organization, after checking that `account` manages it.
pub async fn managed(db: &PgPool, id: Uuid, account: Uuid) -> ApiResult<Uuid> {
    let organization =
        sqlx::query_scalar!("SELECT organization_id FROM vacancies WHERE id = $1", id)
            .fetch_optional(db)
            .await?
            .ok_or(ApiError::NotFound("vacancy"))?;
    membership::require(db, organization, account, Role::Manager).await?;
    Ok(organization)
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

/// Posts a checked vacancy for `organization` by `author`.
pub async fn create(
    db: &PgPool,
    organization: Uuid,
    author: Uuid,
    body: &VacancyInput,
    skills: &[SkillLevel],
    tags: &[String],
) -> ApiResult<Vacancy> {
    let id = Uuid::new_v4();
    let salary = body.salary.as_ref();
    let mut tx = db.begin().await?;
    sqlx::query!(
        "INSERT INTO vacancies (id, organization_id, created_by, title, description, kind, format,
                                location, salary_min, salary_max, currency, tags)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        id,
        organization,
        author,
        body.title.trim(),
        body.description.trim(),
        body.kind as VacancyKind,
        body.format as WorkFormat,
        body.location.as_deref().map(str::trim),
        salary.and_then(|s| s.min),
        salary.and_then(|s| s.max),
        salary.map(|s| s.currency.as_str()),
        tags,
    )
    .execute(&mut *tx)
    .await?;
    save_skills(&mut tx, id, skills).await?;
    tx.commit().await?;
    load(db, id).await
}

/// Replaces a vacancy's details with checked ones.
pub async fn update(
    db: &PgPool,
    id: Uuid,
    body: &VacancyInput,
    skills: &[SkillLevel],
    tags: &[String],
) -> ApiResult<Vacancy> {
    let salary = body.salary.as_ref();
    let mut tx = db.begin().await?;
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
        tags,
    )
    .execute(&mut *tx)
    .await?;
    save_skills(&mut tx, id, skills).await?;
    tx.commit().await?;
    load(db, id).await
}

/// Opens (`open`) or closes a vacancy.
pub async fn set_status(db: &PgPool, id: Uuid, open: bool) -> ApiResult<Vacancy> {
    sqlx::query!(
        "UPDATE vacancies SET status = CASE WHEN $2 THEN 'open'::vacancy_status ELSE 'closed' END,
                updated_at = now() WHERE id = $1",
        id,
        open
    )
    .execute(db)
    .await?;
    load(db, id).await
}

/// A page of open vacancies, newest first, filtered.
pub async fn search(db: &PgPool, search: &VacancySearch<'_>) -> ApiResult<Page<Vacancy>> {
    let query = search.query;
    let (after_at, after_id) = search.after.unzip();
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
        search.q,
        search.skill,
        query.kind as Option<VacancyKind>,
        query.format as Option<WorkFormat>,
        query.salary_from,
        query.currency,
        query.organization_id,
        after_at,
        after_id,
        search.limit + 1,
    )
    .fetch_all(db)
    .await?;
    Ok(Page::from_rows(
        rows.into_iter().map(Vacancy::from).collect(),
        search.limit,
        |v| format!("{}\n{}", v.created_at.to_rfc3339(), v.id),
    ))
}
