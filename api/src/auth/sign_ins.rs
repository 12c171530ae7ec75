//! Each way of signing in, from what the client sends to a session: Telegram initData checked
//! against the bot token; VK ID in two steps (start stores the PKCE verifier and the state, the
//! callback consumes them and exchanges the code); a wallet's signed challenge.
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::accounts::{sign_in, Proof};
use crate::auth::challenges::{consume_challenge, SignedChallenge};
use crate::auth::session::{Session, SignedIn};
use crate::auth::{telegram, vk};
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct TelegramSignIn {
    /// `Telegram.WebApp.initData`, the raw query string.
    pub init_data: String,
}

#[derive(Deserialize, ToSchema)]
pub struct VkStart {
    /// One of the configured redirect URIs; the first one when omitted.
    pub redirect_uri: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct VkStarted {
    /// Send the browser here.
    pub authorize_url: String,
    pub state: String,
}

#[derive(Deserialize, ToSchema)]
pub struct VkCallback {
    pub code: String,
    pub state: String,
    pub device_id: String,
}

/// Signs in with Telegram Mini App initData; with `current`, Telegram is added to that account.
pub async fn with_telegram(
    state: &AppState,
    body: &TelegramSignIn,
    current: Option<Session>,
) -> ApiResult<SignedIn> {
    let token = state
        .settings
        .telegram
        .bot_token
        .as_ref()
        .ok_or(ApiError::Unavailable("Telegram sign-in is not configured"))?;
    let user = telegram::verify(
        &body.init_data,
        secrecy::ExposeSecret::expose_secret(token),
        Utc::now().timestamp(),
        state.settings.telegram.max_age_secs,
    )
    .map_err(|e| {
        tracing::info!(error = %e, "Telegram initData refused");
        ApiError::InvalidCredentials("Telegram initData does not verify or is too old")
    })?;
    let proof = Proof::Identity {
        provider: "telegram",
        subject: user.id.to_string(),
    };
    sign_in(state, proof, current, user.username.as_deref()).await
}

/// The configured VK ID client id, or 503.
fn vk_client_id(state: &AppState) -> ApiResult<&str> {
    state
        .settings
        .vk
        .client_id
        .as_deref()
        .ok_or(ApiError::Unavailable("VK ID sign-in is not configured"))
}

/// The redirect URI asked for, which must be configured; the first configured one by default.
fn vk_redirect_uri(state: &AppState, asked: Option<String>) -> ApiResult<String> {
    let configured = &state.settings.vk.redirect_uris;
    match asked {
        Some(uri) if configured.contains(&uri) => Ok(uri),
        Some(_) => Err(ApiError::invalid(
            "redirect_uri",
            "is not one of the configured redirect URIs",
        )),
        None => configured
            .first()
            .cloned()
            .ok_or(ApiError::Unavailable("no VK redirect URI is configured")),
    }
}

/// Starts a VK ID sign-in: stores the state and the PKCE verifier for ten minutes, and the
/// account of `current` to link VK to.
pub async fn start_vk(
    state: &AppState,
    body: VkStart,
    current: Option<Session>,
) -> ApiResult<VkStarted> {
    let client_id = vk_client_id(state)?;
    let redirect_uri = vk_redirect_uri(state, body.redirect_uri)?;
    let login_state = vk::random_token();
    let verifier = vk::random_token();
    sqlx::query!(
        "INSERT INTO vk_logins (state, code_verifier, redirect_uri, link_account, expires_at)
         VALUES ($1, $2, $3, $4, now() + interval '10 minutes')",
        login_state,
        verifier,
        redirect_uri,
        current.map(|s| s.account_id),
    )
    .execute(&state.db)
    .await?;
    Ok(VkStarted {
        authorize_url: vk::authorize_url(
            &state.settings.vk.base_url,
            client_id,
            &redirect_uri,
            &login_state,
            &verifier,
        ),
        state: login_state,
    })
}

/// A started VK ID sign-in, consumed.
struct VkLogin {
    code_verifier: String,
    redirect_uri: String,
    link_account: Option<Uuid>,
}

/// Consumes the login `login_state` names. Consuming it first makes a replayed callback fail even
/// if VK would accept the code.
async fn consume_vk_login(state: &AppState, login_state: &str) -> ApiResult<VkLogin> {
    sqlx::query_as!(
        VkLogin,
        "UPDATE vk_logins SET used_at = now()
         WHERE state = $1 AND used_at IS NULL AND expires_at > now()
         RETURNING code_verifier, redirect_uri, link_account",
        login_state,
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::InvalidCredentials(
        "unknown, used or expired VK sign-in state",
    ))
}

/// Finishes a VK ID sign-in with what VK returned to the redirect URI.
pub async fn finish_vk(state: &AppState, body: &VkCallback) -> ApiResult<SignedIn> {
    let client_id = vk_client_id(state)?;
    let login = consume_vk_login(state, &body.state).await?;
    let user = vk::exchange(
        &state.http,
        vk::Exchange {
            base: &state.settings.vk.base_url,
            client_id,
            redirect_uri: &login.redirect_uri,
            code: &body.code,
            verifier: &login.code_verifier,
            device_id: &body.device_id,
            state: &body.state,
        },
    )
    .await
    .map_err(|e| match e {
        vk::VkError::Refused(detail) => {
            tracing::info!(%detail, "VK ID refused a code");
            ApiError::InvalidCredentials("VK ID refused the authorization code")
        }
        vk::VkError::Unavailable(detail) => ApiError::Upstream(detail),
    })?;
    // The account that started the flow while signed in gets VK glued onto it.
    let current = login.link_account.map(|account_id| Session {
        account_id,
        token_hash: Vec::new(),
        created_at: Utc::now(),
    });
    let proof = Proof::Identity {
        provider: "vk",
        subject: user.user_id,
    };
    sign_in(state, proof, current, None).await
}

/// Signs in with a signed challenge; with `current`, the wallet is bound to that account.
pub async fn with_wallet(
    state: &AppState,
    body: &SignedChallenge,
    current: Option<Session>,
) -> ApiResult<SignedIn> {
    let address = consume_challenge(state, body).await?;
    sign_in(state, Proof::Wallet(address), current, None).await
}
