//! Inviting an organization's talent pool to a community: a one-person invite link for each owner
//! of a pooled resume not yet invited and not opted out, sent as a notification. Nobody is
//! invited twice; if Telegram fails midway, those invited so far stay invited.
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::notifications::notify::{self, Kind};
use crate::notifications::telegram_bot::BotApi;
use crate::organizations::communities::community::proven_community_of;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Invitations {
    /// Invited now.
    pub invited: i64,
    /// Invited before (each person once).
    pub already_invited: i64,
    /// Opted out of community invites.
    pub opted_out: i64,
}

/// An owner of a pooled resume, and whether they were invited or opted out.
struct Person {
    account_id: Uuid,
    invited: bool,
    opted_out: bool,
}

async fn talent_pool(
    state: &AppState,
    organization: Uuid,
    community: Uuid,
) -> ApiResult<Vec<Person>> {
    Ok(sqlx::query_as!(
        Person,
        r#"SELECT DISTINCT r.account_id,
                  EXISTS (SELECT 1 FROM community_invites i
                          WHERE i.community_id = $2 AND i.account_id = r.account_id) AS "invited!",
                  EXISTS (SELECT 1 FROM notification_mutes m
                          WHERE m.account_id = r.account_id AND m.kind = $3) AS "opted_out!"
           FROM talent_pool p JOIN resumes r ON r.id = p.resume_id
           WHERE p.organization_id = $1
           ORDER BY r.account_id"#,
        organization,
        community,
        Kind::CommunityInvite.as_str()
    )
    .fetch_all(&state.db)
    .await?)
}

/// Where the invitation goes: the community and the organization, as the notification names them.
struct Chat {
    id: Uuid,
    name: String,
    telegram_chat_id: i64,
    organization_name: String,
}

/// Records `link` as `person`'s invitation and notifies them, in one transaction.
async fn deliver(state: &AppState, chat: &Chat, person: Uuid, link: &str) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "INSERT INTO community_invites (community_id, account_id, invite_link) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        chat.id,
        person,
        link
    )
    .execute(&mut *tx)
    .await?;
    notify::push(
        &mut tx,
        person,
        Kind::CommunityInvite,
        json!({
            "community_id": chat.id,
            "community": chat.name,
            "organization": chat.organization_name,
            "invite_link": link,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Invites everyone of the organization's talent pool not yet invited to `community`.
pub async fn invite_talent_pool(
    state: &AppState,
    organization: Uuid,
    community: Uuid,
) -> ApiResult<Invitations> {
    let (name, telegram_chat_id) = proven_community_of(&state.db, organization, community).await?;
    let bot = BotApi::of(state)?;
    let people = talent_pool(state, organization, community).await?;
    let organization_name =
        sqlx::query_scalar!("SELECT name FROM organizations WHERE id = $1", organization)
            .fetch_one(&state.db)
            .await?;
    let chat = Chat {
        id: community,
        name,
        telegram_chat_id,
        organization_name,
    };
    let mut done = Invitations {
        invited: 0,
        already_invited: 0,
        opted_out: 0,
    };
    for person in people {
        if person.invited {
            done.already_invited += 1;
            continue;
        }
        if person.opted_out {
            done.opted_out += 1;
            continue;
        }
        let link_name = format!("iktomi {}", &person.account_id.simple().to_string()[..12]);
        let link = bot
            .create_invite_link(chat.telegram_chat_id, &link_name)
            .await
            .map_err(|e| {
                tracing::warn!(%community, error = %e, invited = done.invited, "community invites stopped");
                ApiError::from(e)
            })?;
        deliver(state, &chat, person.account_id, &link).await?;
        done.invited += 1;
    }
    Ok(done)
}
