//! The inbox: a person's notices, newest first, and the kinds they muted (opting out of community
//! invites and mailings is muting `community_invite` and `mailing`).
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path, Query};
use crate::http::pagination;
use crate::i18n::Lang;
use crate::notifications::inbox::{self, InboxQuery, Notification, NotificationSettings};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox))
        .routes(routes!(mark_read))
        .routes(routes!(settings, update_settings))
}

/// Your notices, newest first, each with its text in the language `Accept-Language` names
/// (else yours, else Russian) and where acting on it happens.
#[utoipa::path(get, path = "/v1/me/notifications", tag = "notifications", security(("session" = [])),
    params(InboxQuery, ("Accept-Language" = Option<String>, Header, description = "ru or en; others fall back")),
    responses((status = 200, body = Vec<Notification>), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn inbox(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    headers: axum::http::HeaderMap,
    Query(q): Query<InboxQuery>,
) -> ApiResult<axum::Json<Vec<Notification>>> {
    let limit = pagination::limit(q.limit)?;
    let lang = Lang::preferred(
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    Ok(axum::Json(
        inbox::page(&state.db, session.account_id, &q, limit, lang).await?,
    ))
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
    inbox::mark_read(&state.db, session.account_id, id).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// The kinds of notices you muted.
#[utoipa::path(get, path = "/v1/me/notification-settings", tag = "notifications", security(("session" = [])),
    responses((status = 200, body = NotificationSettings), (status = 401, body = Problem)))]
async fn settings(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<NotificationSettings>> {
    Ok(axum::Json(
        inbox::settings(&state.db, session.account_id).await?,
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
    inbox::replace_muted(&state.db, session.account_id, &body.muted).await?;
    Ok(axum::Json(
        inbox::settings(&state.db, session.account_id).await?,
    ))
}
