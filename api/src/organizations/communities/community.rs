//! A community record: created by an organization's admins around a Telegram chat they and the
//! bot administer (proven through the Bot API), listed with how many people were invited.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks};
use crate::organizations::communities::chat_proof;
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewCommunity {
    pub name: String,
    /// The Telegram chat (a group or supergroup id, e.g. -1001234567890) the bot administers.
    pub telegram_chat_id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Community {
    pub id: Uuid,
    pub name: String,
    pub telegram_chat_id: i64,
    /// People invited so far.
    pub invited: i64,
    /// When an admin of the chat proved it; invites are made only to proven chats.
    pub verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// The community's name and Telegram chat, if it is the organization's.
pub async fn community_of(db: &PgPool, organization: Uuid, id: Uuid) -> ApiResult<(String, i64)> {
    let c = sqlx::query!(
        "SELECT name, telegram_chat_id FROM communities WHERE id = $1 AND organization_id = $2",
        id,
        organization
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("community"))?;
    Ok((c.name, c.telegram_chat_id))
}

/// The community's name and chat, if it is the organization's and its chat is proven.
pub async fn proven_community_of(
    db: &PgPool,
    organization: Uuid,
    id: Uuid,
) -> ApiResult<(String, i64)> {
    let c = sqlx::query!(
        "SELECT name, telegram_chat_id, verified_at FROM communities
         WHERE id = $1 AND organization_id = $2",
        id,
        organization
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("community"))?;
    if c.verified_at.is_none() {
        return Err(ApiError::conflict(
            "community-unproven",
            "an administrator of the chat must prove it (POST …/proof) before anyone is invited",
        ));
    }
    Ok((c.name, c.telegram_chat_id))
}

fn chat_taken(error: sqlx::Error) -> ApiError {
    match error {
        sqlx::Error::Database(d) if d.constraint() == Some("communities_proven_chat") => {
            ApiError::conflict(
                "chat-taken",
                "this Telegram chat is already a community of an organization",
            )
        }
        other => other.into(),
    }
}

/// Creates a community (admins) once its chat is proven.
pub async fn create(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    body: &NewCommunity,
) -> ApiResult<Community> {
    let mut c = Checks::default();
    c.text(body.name.trim(), "name", 1, 100);
    c.check(
        body.telegram_chat_id != 0,
        "telegram_chat_id",
        "must be a Telegram chat id",
    );
    c.finish()?;
    // Only admins may make the bot look at a chat.
    membership::require(&state.db, organization, account, Role::Admin).await?;
    let prover = chat_proof::prove(state, account, body.telegram_chat_id).await?;
    let id = Uuid::new_v4();
    let row = sqlx::query!(
        "INSERT INTO communities (id, organization_id, name, telegram_chat_id, created_by,
                                  verified_at, verified_by_telegram)
         VALUES ($1, $2, $3, $4, $5, now(), $6) RETURNING created_at, verified_at",
        id,
        organization,
        body.name.trim(),
        body.telegram_chat_id,
        account,
        prover
    )
    .fetch_one(&state.db)
    .await
    .map_err(chat_taken)?;
    Ok(Community {
        id,
        name: body.name.trim().to_owned(),
        telegram_chat_id: body.telegram_chat_id,
        invited: 0,
        verified_at: row.verified_at,
        created_at: row.created_at,
    })
}

/// Proves the chat of a community made before chats were proven (admins who administer it).
pub async fn prove_existing(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    id: Uuid,
) -> ApiResult<()> {
    membership::require(&state.db, organization, account, Role::Admin).await?;
    let (_, chat) = community_of(&state.db, organization, id).await?;
    let prover = chat_proof::prove(state, account, chat).await?;
    sqlx::query!(
        "UPDATE communities SET verified_at = now(), verified_by_telegram = $2 WHERE id = $1",
        id,
        prover
    )
    .execute(&state.db)
    .await
    .map_err(chat_taken)?;
    Ok(())
}

/// The organization's communities, oldest first.
pub async fn of_organization(db: &PgPool, organization: Uuid) -> ApiResult<Vec<Community>> {
    Ok(sqlx::query_as!(
        Community,
        r#"SELECT c.id, c.name, c.telegram_chat_id, c.verified_at, c.created_at,
                  (SELECT count(*) FROM community_invites i WHERE i.community_id = c.id) AS "invited!"
           FROM communities c WHERE c.organization_id = $1 ORDER BY c.created_at"#,
        organization
    )
    .fetch_all(db)
    .await?)
}
