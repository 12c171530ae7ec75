//! A candidate's skill-gap roadmaps (`roadmap::plan`), kept so they can reorder the steps, add
//! their own and mark the ones they know. Only their owner ever sees one.
use std::collections::{HashMap, HashSet};

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::marketplace::roadmaps::plan::{plan, Reason, SkillGraph};
use crate::marketplace::skills::SkillLevel;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(get_one))
        .routes(routes!(reorder))
        .routes(routes!(add_step))
        .routes(routes!(mark))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewRoadmap {
    pub resume_id: Uuid,
    pub vacancy_id: Uuid,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RoadmapStep {
    pub skill: String,
    pub target_level: i16,
    /// The resume's level (0 = none).
    pub current_level: i16,
    pub reason: Reason,
    /// The vacancy's skills this step leads to.
    pub unlocks: Vec<String>,
    pub known: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Roadmap {
    pub id: Uuid,
    pub resume_id: Uuid,
    pub vacancy_id: Uuid,
    pub vacancy_title: String,
    /// In the candidate's order: the computed one until they reorder.
    pub steps: Vec<RoadmapStep>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Order {
    /// Every step's skill, once, in the new order.
    pub skills: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Mark {
    pub known: bool,
}

async fn load(db: &PgPool, id: Uuid, owner: Uuid) -> ApiResult<Roadmap> {
    let head = sqlx::query!(
        "SELECT m.id, m.resume_id, m.vacancy_id, v.title, m.created_at, m.updated_at
         FROM roadmaps m JOIN vacancies v ON v.id = m.vacancy_id
         WHERE m.id = $1 AND m.account_id = $2",
        id,
        owner
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("roadmap"))?;
    let steps = sqlx::query!(
        "SELECT skill, target_level, current_level, reason, unlocks, known
         FROM roadmap_steps WHERE roadmap_id = $1 ORDER BY position",
        id
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|s| RoadmapStep {
        skill: s.skill,
        target_level: s.target_level,
        current_level: s.current_level,
        reason: Reason::parse(&s.reason),
        unlocks: s.unlocks,
        known: s.known,
    })
    .collect();
    Ok(Roadmap {
        id: head.id,
        resume_id: head.resume_id,
        vacancy_id: head.vacancy_id,
        vacancy_title: head.title,
        steps,
        created_at: head.created_at,
        updated_at: head.updated_at,
    })
}

/// Plan the way from one of your resumes to an open vacancy; an existing roadmap for the pair is
/// returned as it is (200), a new one with 201.
#[utoipa::path(post, path = "/v1/me/roadmaps", tag = "marketplace", security(("session" = [])),
    request_body = NewRoadmap,
    responses((status = 201, body = Roadmap), (status = 200, body = Roadmap), (status = 401, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<NewRoadmap>,
) -> ApiResult<(StatusCode, axum::Json<Roadmap>)> {
    let me = session.account_id;
    let existing = sqlx::query_scalar!(
        "SELECT id FROM roadmaps WHERE resume_id = $1 AND vacancy_id = $2 AND account_id = $3",
        body.resume_id,
        body.vacancy_id,
        me
    )
    .fetch_optional(&state.db)
    .await?;
    if let Some(id) = existing {
        return Ok((StatusCode::OK, axum::Json(load(&state.db, id, me).await?)));
    }
    let owns = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM resumes WHERE id = $1 AND account_id = $2) AS "owns!""#,
        body.resume_id,
        me
    )
    .fetch_one(&state.db)
    .await?;
    if !owns {
        return Err(ApiError::NotFound("resume"));
    }
    let has: HashMap<String, i16> = sqlx::query!(
        "SELECT s.skill, s.level FROM resume_skills s JOIN resumes r ON r.id = s.resume_id
         WHERE r.id = $1 AND r.account_id = $2",
        body.resume_id,
        me
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|s| (s.skill, s.level))
    .collect();
    let required: Vec<(String, i16)> = sqlx::query!(
        r#"SELECT s.skill, s.level FROM vacancy_skills s JOIN vacancies v ON v.id = s.vacancy_id
           WHERE v.id = $1 AND v.status = 'open'"#,
        body.vacancy_id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|s| (s.skill, s.level))
    .collect();
    let open = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM vacancies WHERE id = $1 AND status = 'open') AS "open!""#,
        body.vacancy_id
    )
    .fetch_one(&state.db)
    .await?;
    if !open {
        return Err(ApiError::NotFound("vacancy"));
    }
    let steps = plan(SkillGraph::shipped(), &required, &has);
    let id = Uuid::new_v4();
    let mut tx = state.db.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO roadmaps (id, account_id, resume_id, vacancy_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (resume_id, vacancy_id) DO NOTHING",
        id,
        me,
        body.resume_id,
        body.vacancy_id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::conflict(
            "roadmap-exists",
            "a roadmap for this resume and vacancy was just made; fetch it",
        ));
    }
    for (position, step) in steps.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO roadmap_steps (roadmap_id, position, skill, target_level, current_level, reason, unlocks)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            id,
            position as i32,
            step.skill,
            step.target_level,
            step.current_level,
            step.reason.as_str(),
            &step.unlocks.iter().cloned().collect::<Vec<_>>(),
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(load(&state.db, id, me).await?),
    ))
}

/// Your roadmaps, newest first.
#[utoipa::path(get, path = "/v1/me/roadmaps", tag = "marketplace", security(("session" = [])),
    responses((status = 200, body = Vec<Roadmap>), (status = 401, body = Problem)))]
async fn list(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Roadmap>>> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM roadmaps WHERE account_id = $1 ORDER BY created_at DESC LIMIT 100",
        session.account_id
    )
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(load(&state.db, id, session.account_id).await?);
    }
    Ok(axum::Json(out))
}

/// One of your roadmaps.
#[utoipa::path(get, path = "/v1/me/roadmaps/{id}", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Roadmap), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn get_one(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Roadmap>> {
    Ok(axum::Json(load(&state.db, id, session.account_id).await?))
}

/// Put the steps in your own order (every step once).
#[utoipa::path(put, path = "/v1/me/roadmaps/{id}/order", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = Order,
    responses((status = 200, body = Roadmap), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 422, body = Problem)))]
async fn reorder(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Order>,
) -> ApiResult<axum::Json<Roadmap>> {
    let current = load(&state.db, id, session.account_id).await?;
    let have: HashSet<&str> = current.steps.iter().map(|s| s.skill.as_str()).collect();
    let given: HashSet<&str> = body.skills.iter().map(String::as_str).collect();
    if given != have || body.skills.len() != have.len() {
        return Err(ApiError::invalid(
            "skills",
            "must name every step of the roadmap exactly once",
        ));
    }
    let mut tx = state.db.begin().await?;
    // Positions are unique but checked at commit, so the swap can pass through duplicates.
    sqlx::query!(
        "UPDATE roadmap_steps s SET position = o.position - 1
         FROM unnest($2::text[]) WITH ORDINALITY AS o(skill, position)
         WHERE s.roadmap_id = $1 AND s.skill = o.skill",
        id,
        &body.skills
    )
    .execute(&mut *tx)
    .await?;
    touch(&mut tx, id).await?;
    tx.commit().await?;
    Ok(axum::Json(load(&state.db, id, session.account_id).await?))
}

async fn touch(conn: &mut sqlx::PgConnection, id: Uuid) -> ApiResult<()> {
    sqlx::query!("UPDATE roadmaps SET updated_at = now() WHERE id = $1", id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Add a step of your own at the end (a skill at a level).
#[utoipa::path(post, path = "/v1/me/roadmaps/{id}/steps", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = SkillLevel,
    responses((status = 201, body = Roadmap), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn add_step(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<SkillLevel>,
) -> ApiResult<(StatusCode, axum::Json<Roadmap>)> {
    let mut c = Checks::default();
    let skill =
        crate::marketplace::skills::check(&mut c, "skill", std::slice::from_ref(&body)).remove(0);
    c.finish()?;
    let current = load(&state.db, id, session.account_id).await?;
    if current.steps.iter().any(|s| s.skill == skill.name) {
        return Err(ApiError::conflict(
            "step-exists",
            format!("the roadmap already has {}", skill.name),
        ));
    }
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "INSERT INTO roadmap_steps (roadmap_id, position, skill, target_level, current_level, reason)
         SELECT $1, coalesce(max(position) + 1, 0), $2, $3,
                coalesce((SELECT s.level FROM resume_skills s WHERE s.resume_id = $4 AND s.skill = $2), 0),
                'added'
         FROM roadmap_steps WHERE roadmap_id = $1",
        id,
        skill.name,
        skill.level,
        current.resume_id
    )
    .execute(&mut *tx)
    .await?;
    touch(&mut tx, id).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(load(&state.db, id, session.account_id).await?),
    ))
}

/// Mark a step known (or not known again).
#[utoipa::path(put, path = "/v1/me/roadmaps/{id}/steps/{skill}", tag = "marketplace", security(("session" = [])),
    params(("id" = Uuid, Path), ("skill" = String, Path)), request_body = Mark,
    responses((status = 200, body = Roadmap), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn mark(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((id, skill)): Path<(Uuid, String)>,
    Json(body): Json<Mark>,
) -> ApiResult<axum::Json<Roadmap>> {
    load(&state.db, id, session.account_id).await?;
    let mut tx = state.db.begin().await?;
    let found = sqlx::query!(
        "UPDATE roadmap_steps SET known = $3 WHERE roadmap_id = $1 AND skill = $2",
        id,
        skill.trim().to_lowercase(),
        body.known
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if found == 0 {
        return Err(ApiError::NotFound("step"));
    }
    touch(&mut tx, id).await?;
    tx.commit().await?;
    Ok(axum::Json(load(&state.db, id, session.account_id).await?))
}
