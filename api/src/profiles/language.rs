//! `PUT /v1/me/language`: the language a person chose in the app, which the bot, the notices and
//! e-mails use (before what Telegram reports), so a person without Telegram chooses it too.
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json};
use crate::i18n::Lang;
use crate::state::AppState;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LanguageChoice {
    pub language: Lang,
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(choose))
}

/// Records `account`'s choice.
pub async fn choose_language(db: &PgPool, account: Uuid, lang: Lang) -> ApiResult<()> {
    sqlx::query!(
        "UPDATE accounts SET language = $2 WHERE id = $1 AND language IS DISTINCT FROM $2",
        account,
        lang.code()
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Choose the language the platform writes to you in (bot, notices, e-mail).
#[utoipa::path(put, path = "/v1/me/language", tag = "profiles", security(("session" = [])),
    request_body = LanguageChoice,
    responses((status = 204), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn choose(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<LanguageChoice>,
) -> ApiResult<StatusCode> {
    choose_language(&state.db, session.account_id, body.language).await?;
    Ok(StatusCode::NO_CONTENT)
}
