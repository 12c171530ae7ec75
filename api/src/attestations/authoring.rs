//! Creating an attestation: its assignees found among the organization's members, then the
//! attestation, its question bank and its assignments written in one transaction, each assignee
//! told; an attestation that opens at once is announced right away.
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::attestations::announcements::announce_opened;
use crate::attestations::attestation::{NewAttestation, NewQuestion, QuestionKind};
use crate::http::error::{ApiResult, Checks};
use crate::notifications::notify::{self, Kind};
use crate::state::AppState;

/// Creates `body` (already checked) in `organization` on behalf of `admin`; the new id.
pub async fn create(
    state: &AppState,
    organization: Uuid,
    admin: Uuid,
    body: &NewAttestation,
) -> ApiResult<Uuid> {
    let assignees = members_named(&state.db, organization, &body.assignees).await?;
    let id = Uuid::new_v4();
    let mut tx = state.db.begin().await?;
    insert_attestation(&mut tx, id, organization, admin, body).await?;
    insert_questions(&mut tx, id, &body.questions).await?;
    assign(&mut tx, id, body, &assignees).await?;
    tx.commit().await?;
    announce_opened(&state.db, state.clock.now()).await?;
    Ok(id)
}

/// The accounts of the accepted members with these handles; 422 naming any handle that is not one.
async fn members_named(
    db: &PgPool,
    organization: Uuid,
    handles: &[String],
) -> ApiResult<Vec<Uuid>> {
    let members = sqlx::query!(
        "SELECT a.handle, a.id FROM accounts a JOIN memberships m ON m.account_id = a.id
         WHERE m.organization_id = $1 AND m.accepted_at IS NOT NULL AND a.handle = ANY($2)",
        organization,
        handles
    )
    .fetch_all(db)
    .await?;
    let mut c = Checks::default();
    for (i, handle) in handles.iter().enumerate() {
        c.check(
            members.iter().any(|m| &m.handle == handle),
            format!("assignees[{i}]"),
            "is not a member of this organization",
        );
    }
    c.finish()?;
    Ok(members.into_iter().map(|m| m.id).collect())
}

async fn insert_attestation(
    tx: &mut PgConnection,
    id: Uuid,
    organization: Uuid,
    admin: Uuid,
    body: &NewAttestation,
) -> ApiResult<()> {
    sqlx::query!(
        "INSERT INTO attestations (id, organization_id, title, theory, time_limit_secs, passing_score,
                                   max_attempts, opens_at, closes_at, points, created_by, certificate)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        id,
        organization,
        body.title.trim(),
        body.theory,
        body.time_limit_secs,
        body.passing_score,
        body.max_attempts,
        body.opens_at,
        body.closes_at,
        body.points,
        admin,
        body.certificate
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn insert_questions(
    tx: &mut PgConnection,
    attestation: Uuid,
    questions: &[NewQuestion],
) -> ApiResult<()> {
    for (position, q) in questions.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO attestation_questions (id, attestation_id, position, text, kind, options, correct)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            Uuid::new_v4(),
            attestation,
            position as i32,
            q.text.trim(),
            q.kind as QuestionKind,
            &q.options.iter().map(|o| o.trim().to_owned()).collect::<Vec<_>>(),
            &q.correct
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Assigns the attestation to each of `assignees` and tells them.
async fn assign(
    tx: &mut PgConnection,
    attestation: Uuid,
    body: &NewAttestation,
    assignees: &[Uuid],
) -> ApiResult<()> {
    for &account in assignees {
        sqlx::query!(
            "INSERT INTO attestation_assignees (attestation_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            attestation,
            account
        )
        .execute(&mut *tx)
        .await?;
        notify::push(
            tx,
            account,
            Kind::AttestationAssigned,
            json!({"attestation_id": attestation, "title": body.title.trim(), "opens_at": body.opens_at,
                   "closes_at": body.closes_at}),
        )
        .await?;
    }
    Ok(())
}
