//! The inbox: a person's notices, newest first, and the kinds they muted (opting out of community
//! invites and mailings is muting `community_invite` and `mailing`).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path, Query};
use crate::http::pagination;
use crate::notifications::notify::Kind;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox))
        .routes(routes!(mark_read))
        .routes(routes!(settings, update_settings))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub payload: Value,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct InboxQuery {
    /// Only unread notices.
    #[serde(default)]
    pub unread: bool,
    /// Notices older than this id (the last id of the previous page).
    pub before: Option<i64>,
    /// 1–100, default 20.
    pub limit: Option<i64>,
}

/// Your notices, newest first.
#[utoipa::path(get, path = "/v1/me/notifications", tag = "notifications", security(("session" = [])),
    params(InboxQuery),
    responses((status = 200, body = Vec<Notification>), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn inbox(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Query(q): Query<InboxQuery>,
) -> ApiResult<axum::Json<Vec<Notification>>> {
    let limit = pagination::limit(q.limit)?;
    let rows = sqlx::query_as!(
        Notification,
        "SELECT id, kind, payload, created_at, read_at FROM notifications
         WHERE account_id = $1 AND ($2::bigint IS NULL OR id < $2) AND (NOT $3 OR read_at IS NULL)
         ORDER BY id DESC LIMIT $4",
        session.account_id,
        q.before,
        q.unread,
        limit
    )
    .fetch_all(&state.db)
    .await?;
    Ok(axum::Json(rows))
}

/// Mark one of your notices read.
#[utoipa::path(post, path = "/v1/me/notifications/{id}/read", tag = "notifications", security(("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn mark_read(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<i64>,
) -> ApiResult<axum::http::StatusCode> {
    let found = sqlx::query!(
        "UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND account_id = $2",
        id,
        session.account_id
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if found == 0 {
        return Err(ApiError::NotFound("notification"));
    }
    Ok(axum::http::StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NotificationSettings {
    /// Kinds you receive nothing of.
    pub muted: Vec<Kind>,
}

async fn load_settings(db: &sqlx::PgPool, account: uuid::Uuid) -> ApiResult<NotificationSettings> {
    let kinds = sqlx::query_scalar!(
        "SELECT kind FROM notification_mutes WHERE account_id = $1 ORDER BY kind",
        account
    )
    .fetch_all(db)
    .await?;
    Ok(NotificationSettings {
        muted: kinds.iter().filter_map(|k| Kind::parse(k)).collect(),
    })
}

/// The kinds of notices you muted.
#[utoipa::path(get, path = "/v1/me/notification-settings", tag = "notifications", security(("session" = [])),
    responses((status = 200, body = NotificationSettings), (status = 401, body = Problem)))]
async fn settings(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<NotificationSettings>> {
    Ok(axum::Json(
        load_settings(&state.db, session.account_id).await?,
    ))
}

/// Replace the kinds you muted (e.g. `["community_invite", "mailing"]` opts out of both).
#[utoipa::path(put, path = "/v1/me/notification-settings", tag = "notifications", security(("session" = [])),
    request_body = NotificationSettings,
    responses((status = 200, body = NotificationSettings), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn update_settings(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<NotificationSettings>,
) -> ApiResult<axum::Json<NotificationSettings>> {
    let kinds: Vec<String> = body.muted.iter().map(|k| k.as_str().to_owned()).collect();
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "DELETE FROM notification_mutes WHERE account_id = $1",
        session.account_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO notification_mutes (account_id, kind)
         SELECT $1, k FROM unnest($2::text[]) k ON CONFLICT DO NOTHING",
        session.account_id,
        &kinds
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(axum::Json(
        load_settings(&state.db, session.account_id).await?,
    ))
}
