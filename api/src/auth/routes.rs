//! The sign-in routes: Telegram, VK ID, a wallet signature; sign-out; who am I.
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::accounts::{self, Me};
use crate::auth::challenges::{self, Challenge, ChallengeRequest, SignedChallenge};
use crate::auth::session::{self, SignedIn};
use crate::auth::sign_ins::{self, TelegramSignIn, VkCallback, VkStart, VkStarted};
use crate::http::error::{ApiResult, Problem};
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

/// Sign in from a Telegram Mini App. With a session, the Telegram account is added to it.
#[utoipa::path(post, path = "/v1/auth/telegram", tag = "auth", request_body = TelegramSignIn,
    responses((status = 200, body = SignedIn), (status = 401, body = Problem), (status = 409, body = Problem),
              (status = 503, body = Problem)))]
async fn telegram_sign_in(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(current): MaybeAuthUser,
    Json(body): Json<TelegramSignIn>,
) -> ApiResult<axum::Json<SignedIn>> {
    Ok(axum::Json(
        sign_ins::with_telegram(&state, &body, current).await?,
    ))
}

/// Start a VK ID sign-in (OAuth 2.1, PKCE S256). With a session, VK is added to that account.
#[utoipa::path(post, path = "/v1/auth/vk/start", tag = "auth", request_body = VkStart,
    responses((status = 200, body = VkStarted), (status = 422, body = Problem), (status = 503, body = Problem)))]
async fn vk_start(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(current): MaybeAuthUser,
    Json(body): Json<VkStart>,
) -> ApiResult<axum::Json<VkStarted>> {
    Ok(axum::Json(sign_ins::start_vk(&state, body, current).await?))
}

/// Finish a VK ID sign-in with what VK returned to the redirect URI.
#[utoipa::path(post, path = "/v1/auth/vk/callback", tag = "auth", request_body = VkCallback,
    responses((status = 200, body = SignedIn), (status = 401, body = Problem), (status = 409, body = Problem),
              (status = 502, body = Problem)))]
async fn vk_callback(
    state: axum::extract::State<AppState>,
    Json(body): Json<VkCallback>,
) -> ApiResult<axum::Json<SignedIn>> {
    Ok(axum::Json(sign_ins::finish_vk(&state, &body).await?))
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
    Ok(axum::Json(
        sign_ins::with_wallet(&state, &body, current).await?,
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

/// The signed-in account and how it can sign in.
#[utoipa::path(get, path = "/v1/me", tag = "auth", security(("session" = [])),
    responses((status = 200, body = Me), (status = 401, body = Problem)))]
async fn me(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Me>> {
    Ok(axum::Json(accounts::me(&state, session.account_id).await?))
}
