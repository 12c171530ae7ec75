//! Each way of signing in, from what the client sends to a session: Telegram initData checked
//! against the bot token; VK ID in two steps (start stores the PKCE verifier and the state, the
//! callback, from the session or browser that started it, consumes them and exchanges the code);
//! a wallet's signed challenge.
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::accounts::{self, sign_in, Newcomer, Proof};
use crate::auth::challenges::{consume_challenge, SignedChallenge, Use};
use crate::auth::session::{self, Session, SignedIn};
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
    remember_init_data(state, &body.init_data).await?;
    let (proof, newcomer) = accounts::telegram(&user);
    sign_in(state, proof, current, newcomer).await
}

/// Records a verified initData as used; one already used within the window is refused. A
/// verified initData's hash is Telegram's HMAC of all its fields, so it names that initData.
async fn remember_init_data(state: &AppState, init_data: &str) -> ApiResult<()> {
    let hash = telegram::received_hash(init_data).ok_or(ApiError::InvalidCredentials(
        "Telegram initData has no hash",
    ))?;
    let first_use = sqlx::query!(
        "INSERT INTO telegram_init_data_used (hash, expires_at)
         VALUES ($1, now() + make_interval(secs => $2)) ON CONFLICT DO NOTHING",
        hash,
        // the future-dated slack `telegram::verify` allows, on top of the window
        (state.settings.telegram.max_age_secs + 60) as f64,
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if first_use == 0 {
        return Err(ApiError::InvalidCredentials(
            "this Telegram initData was already used to sign in",
        ));
    }
    Ok(())
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

/// The browser-held half of an anonymous VK ID flow: a random nonce, set as an HttpOnly cookie
/// by `start_vk` and sent back with the callback by the browser that started it.
pub const VK_NONCE_COOKIE: &str = "iktomi_vk_nonce";

/// Starts a VK ID sign-in: stores the state and the PKCE verifier for ten minutes, bound to
/// who started it: `current`'s session (whose account VK is then linked to), and the browser
/// nonce returned alongside (to be set as the `VK_NONCE_COOKIE` cookie).
pub async fn start_vk(
    state: &AppState,
    body: VkStart,
    current: Option<Session>,
) -> ApiResult<(VkStarted, String)> {
    let client_id = vk_client_id(state)?;
    let redirect_uri = vk_redirect_uri(state, body.redirect_uri)?;
    let login_state = vk::random_token();
    let verifier = vk::random_token();
    let browser_nonce = vk::random_token();
    sqlx::query!(
        "INSERT INTO vk_logins (state, code_verifier, redirect_uri, link_account, session_hash,
                                browser_nonce_hash, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + interval '10 minutes')",
        login_state,
        verifier,
        redirect_uri,
        current.as_ref().map(|s| s.account_id),
        current.as_ref().map(|s| s.token_hash.clone()),
        session::hash(&browser_nonce),
    )
    .execute(&state.db)
    .await?;
    let started = VkStarted {
        authorize_url: vk::authorize_url(
            &state.settings.vk.base_url,
            client_id,
            &redirect_uri,
            &login_state,
            &verifier,
        ),
        state: login_state,
    };
    Ok((started, browser_nonce))
}

/// A started VK ID sign-in, consumed.
struct VkLogin {
    code_verifier: String,
    redirect_uri: String,
    link_account: Option<Uuid>,
}

/// Who is finishing a VK ID flow: their session, and the nonce cookie their browser sent.
pub struct VkCaller<'a> {
    pub session: Option<&'a Session>,
    pub browser_nonce: Option<&'a str>,
}

/// Consumes the login `login_state` names, if `caller` started it: a link flow must be finished
/// by the session that started it, an anonymous one by the browser holding its nonce. Otherwise
/// the state stays unused, so an attacker's attempt does not spoil the rightful one. Consuming it
/// before the exchange makes a replayed callback fail even if VK would accept the code.
async fn consume_vk_login(
    state: &AppState,
    login_state: &str,
    caller: &VkCaller<'_>,
) -> ApiResult<VkLogin> {
    let mut tx = state.db.begin().await?;
    let row = sqlx::query!(
        "SELECT code_verifier, redirect_uri, link_account, session_hash, browser_nonce_hash
         FROM vk_logins WHERE state = $1 AND used_at IS NULL AND expires_at > now() FOR UPDATE",
        login_state,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::InvalidCredentials(
        "unknown, used or expired VK sign-in state",
    ))?;
    let starter = match &row.session_hash {
        Some(started_by) => caller.session.map(|s| &s.token_hash) == Some(started_by),
        None => {
            let sent = caller.browser_nonce.map(session::hash);
            sent.is_some() && sent == row.browser_nonce_hash
        }
    };
    if !starter {
        return Err(ApiError::Forbidden(
            "this VK sign-in was started by another session or browser",
        ));
    }
    sqlx::query!(
        "UPDATE vk_logins SET used_at = now() WHERE state = $1",
        login_state
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(VkLogin {
        code_verifier: row.code_verifier,
        redirect_uri: row.redirect_uri,
        link_account: row.link_account,
    })
}

/// Finishes a VK ID sign-in with what VK returned to the redirect URI, for whoever started it.
pub async fn finish_vk(
    state: &AppState,
    body: &VkCallback,
    caller: VkCaller<'_>,
) -> ApiResult<SignedIn> {
    let client_id = vk_client_id(state)?;
    let login = consume_vk_login(state, &body.state, &caller).await?;
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
    // A link flow is finished by the very session that started it (checked above).
    let current = match login.link_account {
        Some(_) => caller.session.cloned(),
        None => None,
    };
    let proof = Proof::Identity {
        provider: "vk",
        subject: user.user_id,
    };
    sign_in(state, proof, current, Newcomer::default()).await
}

/// Signs in with a signed challenge; with `current`, the wallet is bound to that account.
pub async fn with_wallet(
    state: &AppState,
    body: &SignedChallenge,
    current: Option<Session>,
) -> ApiResult<SignedIn> {
    let intended = match &current {
        Some(session) => Use::Bind(session.account_id),
        None => Use::SignIn,
    };
    let address = consume_challenge(state, body, intended).await?;
    sign_in(state, Proof::Wallet(address), current, Newcomer::default()).await
}
