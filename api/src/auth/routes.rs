//! The sign-in routes: Telegram, VK ID, a wallet signature; sign-out; who am I.
use axum::http::{header, HeaderMap, HeaderName, StatusCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::accounts::{self, Me};
use crate::auth::challenges::{self, Challenge, ChallengeRequest, SignedChallenge};
use crate::auth::session::{self, SignedIn};
use crate::auth::sign_ins::{
    self, TelegramSignIn, VkCallback, VkCaller, VkStart, VkStarted, VK_NONCE_COOKIE,
};
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

/// Start a VK ID sign-in (OAuth 2.1, PKCE S256). With a session, VK is added to that account and
/// only that session can finish the flow; without one, only this browser can (an HttpOnly
/// cookie holds its nonce).
#[utoipa::path(post, path = "/v1/auth/vk/start", tag = "auth", request_body = VkStart,
    responses((status = 200, body = VkStarted), (status = 422, body = Problem), (status = 503, body = Problem)))]
async fn vk_start(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(current): MaybeAuthUser,
    Json(body): Json<VkStart>,
) -> ApiResult<([(HeaderName, String); 1], axum::Json<VkStarted>)> {
    let (started, nonce) = sign_ins::start_vk(&state, body, current).await?;
    let secure = if state.settings.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    // Path-scoped to the VK routes and gone with the login row it matches.
    let cookie = format!(
        "{VK_NONCE_COOKIE}={nonce}; Path=/v1/auth/vk; Max-Age=600; HttpOnly; SameSite=Lax{secure}"
    );
    Ok(([(header::SET_COOKIE, cookie)], axum::Json(started)))
}

/// Finish a VK ID sign-in with what VK returned to the redirect URI: from the session that
/// started it, or for an anonymous start from the browser that did (its cookie).
#[utoipa::path(post, path = "/v1/auth/vk/callback", tag = "auth", request_body = VkCallback,
    responses((status = 200, body = SignedIn), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 502, body = Problem),
              (status = 503, body = Problem)))]
async fn vk_callback(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(current): MaybeAuthUser,
    headers: HeaderMap,
    Json(body): Json<VkCallback>,
) -> ApiResult<axum::Json<SignedIn>> {
    let nonce = cookie(&headers, VK_NONCE_COOKIE);
    let caller = VkCaller {
        session: current.as_ref(),
        browser_nonce: nonce.as_deref(),
    };
    Ok(axum::Json(
        sign_ins::finish_vk(&state, &body, caller).await?,
    ))
}

/// The value of cookie `name` among the request's `Cookie` headers.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Ask for a message to sign with a wallet: to sign in, or (`purpose: bind`, with a session) to
/// bind the wallet to the signed-in account, which the message names.
#[utoipa::path(post, path = "/v1/auth/wallet/challenge", tag = "auth", request_body = ChallengeRequest,
    responses((status = 201, body = Challenge), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn wallet_challenge(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(current): MaybeAuthUser,
    Json(body): Json<ChallengeRequest>,
) -> ApiResult<(StatusCode, axum::Json<Challenge>)> {
    let challenge = challenges::issue(&state, &body, current.as_ref()).await?;
    Ok((StatusCode::CREATED, axum::Json(challenge)))
}

/// Sign in with a signed `sign-in` challenge. With a session, a `bind` challenge naming its
/// account binds the wallet to it.
#[utoipa::path(post, path = "/v1/auth/wallet", tag = "auth", request_body = SignedChallenge,
    responses((status = 200, body = SignedIn), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem),
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
