//! A community record: created by an organization's admins around a Telegram chat the bot
//! administers, listed with how many people were invited.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks};
use crate::organizations::membership::{self, Role};

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

/// Creates a community (admins).
pub async fn create(
    db: &PgPool,
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
    membership::require(db, organization, account, Role::Admin).await?;
    let id = Uuid::new_v4();
    let created_at = sqlx::query_scalar!(
        "INSERT INTO communities (id, organization_id, name, telegram_chat_id, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING created_at",
        id,
        organization,
        body.name.trim(),
        body.telegram_chat_id,
        account
    )
    .fetch_one(db)
    .await?;
    Ok(Community {
        id,
        name: body.name.trim().to_owned(),
        telegram_chat_id: body.telegram_chat_id,
        invited: 0,
        created_at,
    })
}

/// The organization's communities, oldest first.
pub async fn of_organization(db: &PgPool, organization: Uuid) -> ApiResult<Vec<Community>> {
    Ok(sqlx::query_as!(
        Community,
        r#"SELECT c.id, c.name, c.telegram_chat_id, c.created_at,
                  (SELECT count(*) FROM community_invites i WHERE i.community_id = c.id) AS "invited!"
           FROM communities c WHERE c.organization_id = $1 ORDER BY c.created_at"#,
        organization
    )
    .fetch_all(db)
    .await?)
}
