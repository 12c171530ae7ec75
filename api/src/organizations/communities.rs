//! An organization's communities: a Telegram chat its talent pool is invited to, each person with
//! a personal one-use invite link the bot creates (`createChatInviteLink`), delivered as a
//! notification; and mailings of vacancies and events to everyone invited. People opt out by
//! muting `community_invite` or `mailing`: nobody muted is asked for a link or written to.
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::notifications::notify::{self, Kind};
use crate::notifications::telegram_bot::BotApi;
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(invite))
        .routes(routes!(mail))
}

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

#[derive(Debug, Serialize, ToSchema)]
pub struct Invitations {
    /// Invited now.
    pub invited: i64,
    /// Invited before (each person once).
    pub already_invited: i64,
    /// Opted out of community invites.
    pub opted_out: i64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "mailing_kind", rename_all = "snake_case")]
pub enum MailingKind {
    Vacancy,
    Event,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewMailing {
    pub kind: MailingKind,
    /// For `vacancy`: one of the organization's open vacancies.
    pub vacancy_id: Option<Uuid>,
    pub title: String,
    #[serde(default)]
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Mailing {
    pub id: Uuid,
    pub kind: MailingKind,
    pub title: String,
    /// People it was written to (invited and not opted out of mailings).
    pub recipients: i32,
}

async fn community_of(db: &sqlx::PgPool, organization: Uuid, id: Uuid) -> ApiResult<(String, i64)> {
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

/// Create a community around a Telegram chat (admins).
#[utoipa::path(post, path = "/v1/organizations/{id}/communities", tag = "communities", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = NewCommunity,
    responses((status = 201, body = Community), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
async fn create(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<NewCommunity>,
) -> ApiResult<(StatusCode, axum::Json<Community>)> {
    let mut c = Checks::default();
    c.text(body.name.trim(), "name", 1, 100);
    c.check(
        body.telegram_chat_id != 0,
        "telegram_chat_id",
        "must be a Telegram chat id",
    );
    c.finish()?;
    membership::require(&state.db, organization, session.account_id, Role::Admin).await?;
    let id = Uuid::new_v4();
    let created_at = sqlx::query_scalar!(
        "INSERT INTO communities (id, organization_id, name, telegram_chat_id, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING created_at",
        id,
        organization,
        body.name.trim(),
        body.telegram_chat_id,
        session.account_id
    )
    .fetch_one(&state.db)
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(Community {
            id,
            name: body.name.trim().to_owned(),
            telegram_chat_id: body.telegram_chat_id,
            invited: 0,
            created_at,
        }),
    ))
}

/// The organization's communities (its managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/communities", tag = "communities", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Community>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn list(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<Community>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    Ok(axum::Json(
        sqlx::query_as!(
            Community,
            r#"SELECT c.id, c.name, c.telegram_chat_id, c.created_at,
                      (SELECT count(*) FROM community_invites i WHERE i.community_id = c.id) AS "invited!"
               FROM communities c WHERE c.organization_id = $1 ORDER BY c.created_at"#,
            organization
        )
        .fetch_all(&state.db)
        .await?,
    ))
}

/// Invite the organization's talent pool: a one-person invite link for each owner of a pooled
/// resume not yet invited, sent as a notification. Run again after the pool grows; nobody is
/// invited twice. If Telegram fails midway, those invited so far stay invited.
#[utoipa::path(post, path = "/v1/organizations/{id}/communities/{community}/invites", tag = "communities",
    security(("session" = [])), params(("id" = Uuid, Path), ("community" = Uuid, Path)),
    responses((status = 200, body = Invitations), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 502, body = Problem), (status = 503, body = Problem)))]
async fn invite(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, community)): Path<(Uuid, Uuid)>,
) -> ApiResult<axum::Json<Invitations>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    let (name, chat) = community_of(&state.db, organization, community).await?;
    let bot = BotApi::of(&state)?;
    let people = sqlx::query!(
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
    .await?;
    let organization_name =
        sqlx::query_scalar!("SELECT name FROM organizations WHERE id = $1", organization)
            .fetch_one(&state.db)
            .await?;
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
        let link = bot.create_invite_link(chat, &link_name).await.map_err(|e| {
            tracing::warn!(%community, error = %e, invited = done.invited, "community invites stopped");
            ApiError::from(e)
        })?;
        let mut tx = state.db.begin().await?;
        sqlx::query!(
            "INSERT INTO community_invites (community_id, account_id, invite_link) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            community,
            person.account_id,
            link
        )
        .execute(&mut *tx)
        .await?;
        notify::push(
            &mut tx,
            person.account_id,
            Kind::CommunityInvite,
            json!({
                "community_id": community,
                "community": name,
                "organization": organization_name,
                "invite_link": link,
            }),
        )
        .await?;
        tx.commit().await?;
        done.invited += 1;
    }
    Ok(axum::Json(done))
}

/// Mail a vacancy or an event to everyone invited to the community who has not opted out.
#[utoipa::path(post, path = "/v1/organizations/{id}/communities/{community}/mailings", tag = "communities",
    security(("session" = [])), params(("id" = Uuid, Path), ("community" = Uuid, Path)), request_body = NewMailing,
    responses((status = 201, body = Mailing), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn mail(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, community)): Path<(Uuid, Uuid)>,
    Json(body): Json<NewMailing>,
) -> ApiResult<(StatusCode, axum::Json<Mailing>)> {
    let mut c = Checks::default();
    c.text(body.title.trim(), "title", 1, 200);
    c.text(&body.body, "body", 0, 4000);
    c.check(
        (body.kind == MailingKind::Vacancy) == body.vacancy_id.is_some(),
        "vacancy_id",
        "is required for a vacancy mailing and only for it",
    );
    c.finish()?;
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    let (name, _) = community_of(&state.db, organization, community).await?;
    if let Some(vacancy) = body.vacancy_id {
        let open = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM vacancies WHERE id = $1 AND organization_id = $2 AND status = 'open') AS "open!""#,
            vacancy,
            organization
        )
        .fetch_one(&state.db)
        .await?;
        if !open {
            return Err(ApiError::NotFound("vacancy"));
        }
    }
    let id = Uuid::new_v4();
    let payload = json!({
        "mailing_id": id,
        "community_id": community,
        "community": name,
        "kind": body.kind,
        "vacancy_id": body.vacancy_id,
        "title": body.title.trim(),
        "body": body.body.trim(),
    });
    let mut tx = state.db.begin().await?;
    // One statement writes every notice, skipping those who muted mailings.
    let recipients = sqlx::query!(
        "INSERT INTO notifications (account_id, kind, payload)
         SELECT i.account_id, $2, $3 FROM community_invites i
         WHERE i.community_id = $1
           AND NOT EXISTS (SELECT 1 FROM notification_mutes m WHERE m.account_id = i.account_id AND m.kind = $2)",
        community,
        Kind::Mailing.as_str(),
        payload
    )
    .execute(&mut *tx)
    .await?
    .rows_affected() as i32;
    sqlx::query!(
        "INSERT INTO mailings (id, community_id, kind, vacancy_id, title, body, created_by, recipients)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        id,
        community,
        body.kind as MailingKind,
        body.vacancy_id,
        body.title.trim(),
        body.body.trim(),
        session.account_id,
        recipients
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(Mailing {
            id,
            kind: body.kind,
            title: body.title.trim().to_owned(),
            recipients,
        }),
    ))
}
