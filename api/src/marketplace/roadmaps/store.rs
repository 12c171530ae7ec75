//! Reading and writing a candidate's roadmaps: one with its steps, making one for a resume and a
//! vacancy from the plan, and the candidate's changes (order, own steps, known marks).
use std::collections::HashMap;

use sqlx::PgPool;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::roadmaps::plan::{plan, Reason, SkillGraph, Step};
use crate::marketplace::roadmaps::types::{NewRoadmap, Roadmap, RoadmapStep};
use crate::marketplace::skills::SkillLevel;

/// The roadmap if `owner` owns it, else 404.
pub async fn load(db: &PgPool, id: Uuid, owner: Uuid) -> ApiResult<Roadmap> {
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

/// The owner's roadmaps, newest first.
pub async fn of_owner(db: &PgPool, owner: Uuid) -> ApiResult<Vec<Roadmap>> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM roadmaps WHERE account_id = $1 ORDER BY created_at DESC LIMIT 100",
        owner
    )
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(load(db, id, owner).await?);
    }
    Ok(out)
}

/// The roadmap of `owner` for the pair, and whether it was made now: an existing one is returned
/// as it is.
pub async fn find_or_create(
    db: &PgPool,
    owner: Uuid,
    pair: &NewRoadmap,
) -> ApiResult<(Roadmap, bool)> {
    let existing = sqlx::query_scalar!(
        "SELECT id FROM roadmaps WHERE resume_id = $1 AND vacancy_id = $2 AND account_id = $3",
        pair.resume_id,
        pair.vacancy_id,
        owner
    )
    .fetch_optional(db)
    .await?;
    if let Some(id) = existing {
        return Ok((load(db, id, owner).await?, false));
    }
    let steps = planned_steps(db, owner, pair).await?;
    let id = insert(db, owner, pair, &steps).await?;
    Ok((load(db, id, owner).await?, true))
}

/// The plan from the owner's resume to the open vacancy; 404 when either is not so.
async fn planned_steps(db: &PgPool, owner: Uuid, pair: &NewRoadmap) -> ApiResult<Vec<Step>> {
    let owns = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM resumes WHERE id = $1 AND account_id = $2) AS "owns!""#,
        pair.resume_id,
        owner
    )
    .fetch_one(db)
    .await?;
    if !owns {
        return Err(ApiError::NotFound("resume"));
    }
    let has: HashMap<String, i16> = sqlx::query!(
        "SELECT s.skill, s.level FROM resume_skills s JOIN resumes r ON r.id = s.resume_id
         WHERE r.id = $1 AND r.account_id = $2",
        pair.resume_id,
        owner
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|s| (s.skill, s.level))
    .collect();
    let required: Vec<(String, i16)> = sqlx::query!(
        r#"SELECT s.skill, s.level FROM vacancy_skills s JOIN vacancies v ON v.id = s.vacancy_id
           WHERE v.id = $1 AND v.status = 'open'"#,
        pair.vacancy_id
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|s| (s.skill, s.level))
    .collect();
    let open = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM vacancies WHERE id = $1 AND status = 'open') AS "open!""#,
        pair.vacancy_id
    )
    .fetch_one(db)
    .await?;
    if !open {
        return Err(ApiError::NotFound("vacancy"));
    }
    Ok(plan(SkillGraph::shipped(), &required, &has))
}

/// Stores a new roadmap with its steps in order; refused when one for the pair was made meanwhile.
async fn insert(db: &PgPool, owner: Uuid, pair: &NewRoadmap, steps: &[Step]) -> ApiResult<Uuid> {
    let id = Uuid::new_v4();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO roadmaps (id, account_id, resume_id, vacancy_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (resume_id, vacancy_id) DO NOTHING",
        id,
        owner,
        pair.resume_id,
        pair.vacancy_id
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
    Ok(id)
}

async fn touch(conn: &mut sqlx::PgConnection, id: Uuid) -> ApiResult<()> {
    sqlx::query!("UPDATE roadmaps SET updated_at = now() WHERE id = $1", id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Puts the steps of the owner's roadmap in the order of `skills` (checked to name each once).
pub async fn reorder(db: &PgPool, id: Uuid, owner: Uuid, skills: &[String]) -> ApiResult<Roadmap> {
    let mut tx = db.begin().await?;
    // Positions are unique but checked at commit, so the swap can pass through duplicates.
    sqlx::query!(
        "UPDATE roadmap_steps s SET position = o.position - 1
         FROM unnest($2::text[]) WITH ORDINALITY AS o(skill, position)
         WHERE s.roadmap_id = $1 AND s.skill = o.skill",
        id,
        skills
    )
    .execute(&mut *tx)
    .await?;
    touch(&mut tx, id).await?;
    tx.commit().await?;
    load(db, id, owner).await
}

/// Adds the owner's own step (a checked skill at a level) at the end of `current`; refused when
/// the roadmap already has the skill.
pub async fn add_step(
    db: &PgPool,
    current: &Roadmap,
    owner: Uuid,
    skill: &SkillLevel,
) -> ApiResult<Roadmap> {
    if current.steps.iter().any(|s| s.skill == skill.name) {
        return Err(ApiError::conflict(
            "step-exists",
            format!("the roadmap already has {}", skill.name),
        ));
    }
    let mut tx = db.begin().await?;
    sqlx::query!(
        "INSERT INTO roadmap_steps (roadmap_id, position, skill, target_level, current_level, reason)
         SELECT $1, coalesce(max(position) + 1, 0), $2, $3,
                coalesce((SELECT s.level FROM resume_skills s WHERE s.resume_id = $4 AND s.skill = $2), 0),
                'added'
         FROM roadmap_steps WHERE roadmap_id = $1",
        current.id,
        skill.name,
        skill.level,
        current.resume_id
    )
    .execute(&mut *tx)
    .await?;
    touch(&mut tx, current.id).await?;
    tx.commit().await?;
    load(db, current.id, owner).await
}

/// Marks a step of the owner's roadmap known or not; 404 when it has no such step.
pub async fn mark(
    db: &PgPool,
    id: Uuid,
    owner: Uuid,
    skill: &str,
    known: bool,
) -> ApiResult<Roadmap> {
    let mut tx = db.begin().await?;
    let found = sqlx::query!(
        "UPDATE roadmap_steps SET known = $3 WHERE roadmap_id = $1 AND skill = $2",
        id,
        skill.trim().to_lowercase(),
        known
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if found == 0 {
        return Err(ApiError::NotFound("step"));
    }
    touch(&mut tx, id).await?;
    tx.commit().await?;
    load(db, id, owner).await
}
