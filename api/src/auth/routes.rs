//! Sign-in with Telegram, VK ID or a wallet signature; sign-out; who am I.
use axum::http::StatusCode;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::accounts::{sign_in, Proof};
use crate::auth::challenges::{
    self, consume_challenge, Challenge, ChallengeRequest, SignedChallenge,
};
use crate::auth::session::{self, SignedIn};
use crate::auth::wallet::Address;
use crate::auth::{telegram, vk};
use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, MaybeAuthUser};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(telegram_sign_in))
        .routes(routes!(vk_start))
        .routes(routes!(vk_callback))
        .routes(routes!(wallet_challenge))
        .routes(routes!(wallet_sign_in))
        .routes(routes!(logout))
        .routes(routes!(me))
}

#[derive(Deserialize, ToSchema)]
pub struct TelegramSignIn {
    /// `Telegram.WebApp.initData`, the raw query string.
    pub init_data: String,
}

/// Sign in from a Telegram Mini App. With a session, the Telegram account is added to it.
#[utoipa::path(post, path = "/v1/auth/telegram", tag = "auth", request_body = TelegramSignIn,
    responses((status = 200, body = SignedIn), (status = 401, body = Problem), (status = 409, body = Problem),
              (status = 503, body = Problem)))]
async fn telegram_sign_in(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(current): MaybeAuthUser,
    Json(body): Json<TelegramSignIn>,
) -> ApiResult<axum::Json<SignedIn>> {
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
    Ok(axum::Json(
        sign_in(&state, proof, current, user.username.as_deref()).await?,
    ))
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

/// Start a VK ID sign-in (OAuth 2.1, PKCE S256). With a session, VK is added to that account.
#[utoipa::path(post, path = "/v1/auth/vk/start", tag = "auth", request_body = VkStart,
    responses((status = 200, body = VkStarted), (status = 422, body = Problem), (status = 503, body = Problem)))]
async fn vk_start(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(current): MaybeAuthUser,
    Json(body): Json<VkStart>,
) -> ApiResult<axum::Json<VkStarted>> {
    let settings = &state.settings.vk;
    let client_id = settings
        .client_id
        .as_deref()
        .ok_or(ApiError::Unavailable("VK ID sign-in is not configured"))?;
    let redirect_uri = match body.redirect_uri {
        Some(uri) if settings.redirect_uris.contains(&uri) => uri,
        Some(_) => {
            return Err(ApiError::invalid(
                "redirect_uri",
                "is not one of the configured redirect URIs",
            ))
        }
        None => settings
            .redirect_uris
            .first()
            .cloned()
            .ok_or(ApiError::Unavailable("no VK redirect URI is configured"))?,
    };
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
    Ok(axum::Json(VkStarted {
        authorize_url: vk::authorize_url(
            &settings.base_url,
            client_id,
            &redirect_uri,
            &login_state,
            &verifier,
        ),
        state: login_state,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct VkCallback {
    pub code: String,
    pub state: String,
    pub device_id: String,
}

/// Finish a VK ID sign-in with what VK returned to the redirect URI.
#[utoipa::path(post, path = "/v1/auth/vk/callback", tag = "auth", request_body = VkCallback,
    responses((status = 200, body = SignedIn), (status = 401, body = Problem), (status = 409, body = Problem),
              (status = 502, body = Problem)))]
async fn vk_callback(
    state: axum::extract::State<AppState>,
    Json(body): Json<VkCallback>,
) -> ApiResult<axum::Json<SignedIn>> {
    let settings = &state.settings.vk;
    let client_id = settings
        .client_id
        .as_deref()
        .ok_or(ApiError::Unavailable("VK ID sign-in is not configured"))?;
    // Consuming the state first makes a replayed callback fail even if VK would accept the code.
    let login = sqlx::query!(
        "UPDATE vk_logins SET used_at = now()
         WHERE state = $1 AND used_at IS NULL AND expires_at > now()
         RETURNING code_verifier, redirect_uri, link_account",
        body.state,
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::InvalidCredentials(
        "unknown, used or expired VK sign-in state",
    ))?;
    let user = vk::exchange(
        &state.http,
        vk::Exchange {
            base: &settings.base_url,
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
    let current = login.link_account.map(|account_id| session::Session {
        account_id,
        token_hash: Vec::new(),
        created_at: Utc::now(),
    });
    let proof = Proof::Identity {
        provider: "vk",
        subject: user.user_id,
    };
    Ok(axum::Json(sign_in(&state, proof, current, None).await?))
}

/// Ask for a message to sign with a wallet, to sign in or to bind the wallet.
#[utoipa::path(post, path = "/v1/auth/wallet/challenge", tag = "auth", request_body = ChallengeRequest,
    responses((status = 201, body = Challenge), (status = 422, body = Problem)))]
async fn wallet_challenge(
    state: axum::extract::State<AppState>,
    Json(body): Json<ChallengeRequest>,
) -> ApiResult<(StatusCode, axum::Json<Challenge>)> {
    let challenge = challenges::issue(&state, &body.address).await?;
    Ok((StatusCode::CREATED, axum::Json(challenge)))
}

/// Sign in with a signed challenge. With a session, the wallet is bound to that account.
#[utoipa::path(post, path = "/v1/auth/wallet", tag = "auth", request_body = SignedChallenge,
    responses((status = 200, body = SignedIn), (status = 401, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem)))]
async fn wallet_sign_in(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(current): MaybeAuthUser,
    Json(body): Json<SignedChallenge>,
) -> ApiResult<axum::Json<SignedIn>> {
    let address = consume_challenge(&state, &body).await?;
    Ok(axum::Json(
        sign_in(&state, Proof::Wallet(address), current, None).await?,
    ))
}

/// End this session.
#[utoipa::path(post, path = "/v1/auth/logout", tag = "auth", security(("session" = [])),
    responses((status = 204), (status = 401, body = Problem)))]
async fn logout(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<StatusCode> {
    session::revoke(&state.db, &session).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub account_id: Uuid,
    pub handle: String,
    /// `telegram`, `vk`.
    pub identities: Vec<String>,
    /// SS58 addresses of the wallets bound to this account.
    pub wallets: Vec<String>,
    pub is_operator: bool,
}

/// The signed-in account and how it can sign in.
#[utoipa::path(get, path = "/v1/me", tag = "auth", security(("session" = [])),
    responses((status = 200, body = Me), (status = 401, body = Problem)))]
async fn me(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Me>> {
    let id = session.account_id;
    let handle = sqlx::query_scalar!("SELECT handle FROM accounts WHERE id = $1", id)
        .fetch_one(&state.db)
        .await?;
    let identities = sqlx::query_scalar!(
        "SELECT provider FROM identities WHERE account_id = $1 ORDER BY provider",
        id
    )
    .fetch_all(&state.db)
    .await?;
    let wallets: Vec<String> = sqlx::query_scalar!(
        "SELECT address FROM wallets WHERE account_id = $1 ORDER BY created_at, address",
        id
    )
    .fetch_all(&state.db)
    .await?
    .iter()
    .filter_map(|a| Address::from_bytes(a))
    .map(|a| a.ss58())
    .collect();
    Ok(axum::Json(Me {
        account_id: id,
        handle,
        identities,
        is_operator: crate::organizations::operator::is_operator(&state, id).await?,
        wallets,
    }))
}
