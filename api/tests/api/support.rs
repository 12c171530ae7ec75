//! `spawn_app`: the API on port 0 over the test's own database, a fake VK ID server that speaks
//! the real protocol, and helpers that sign in the way real clients do.
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use iktomi_api::auth::telegram;
use iktomi_api::config::{
    ArtifactSettings, ChainSettings, Settings, TelegramSettings, UpdatesMode, VkSettings,
    WalletSettings,
};
use iktomi_api::http::clock::ManualClock;
use iktomi_api::http::rate_limit::{Quota, RateLimitSettings};
use iktomi_api::startup::{state_with_pool, Application};
use iktomi_api::state::AppState;
use secrecy::SecretString;
use serde_json::{json, Value};
use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
use sp_core::{sr25519, Pair};
use sqlx::PgPool;

pub const BOT_TOKEN: &str = "7342037359:AAHI25ES9xCOMPaBy8TLz9Hs4dGxd5wYtOc";
pub const VK_CLIENT: &str = "51234567";
pub const VK_REDIRECT: &str = "https://app.iktomi.test/vk";

pub struct TestApp {
    pub url: String,
    /// The clock exact time rules read; tests move it.
    pub clock: Arc<ManualClock>,
    /// The app's state, for driving its background work (the outbox, the sweeper) by hand.
    pub state: AppState,
    pub http: reqwest::Client,
    pub vk: FakeVk,
    pub operator: sr25519::Pair,
    /// Uploaded files; removed with the app.
    pub artifacts: tempfile::TempDir,
}

pub fn settings(vk_base: &str, operator: &sr25519::Pair, artifacts: &std::path::Path) -> Settings {
    Settings {
        listen: "127.0.0.1:0".parse().expect("address"),
        public_url: "https://iktomi.test".into(),
        database_url: SecretString::from("unused: the test passes its pool"),
        cors_origins: vec!["https://app.iktomi.test".into()],
        web_dir: artifacts.join("no-web-app"),
        request_timeout_secs: 30,
        body_limit_bytes: 64 * 1024,
        session_ttl_hours: 24,
        reauth_window_secs: 300,
        handle_reservation_days: 90,
        master_key: SecretString::from("11".repeat(32)),
        master_key_version: 1,
        previous_master_keys: vec![],
        operators: vec![ss58(operator)],
        telegram: TelegramSettings {
            bot_token: Some(SecretString::from(BOT_TOKEN)),
            api_base: "http://127.0.0.1:9".into(),
            mini_app_url: "https://app.iktomi.test".into(),
            bot_username: "iktomi_test_bot".into(),
            app_name: "app".into(),
            audit_chat_id: None,
            audit_thread_id: None,
            max_age_secs: 3600,
            updates: UpdatesMode::Off,
            webhook_url: "https://api.iktomi.test/telegram/webhook".into(),
            webhook_secret: None,
        },
        vk: VkSettings {
            base_url: vk_base.to_owned(),
            client_id: Some(VK_CLIENT.into()),
            redirect_uris: vec![VK_REDIRECT.into()],
        },
        wallet: WalletSettings {
            domain: "iktomi.test".into(),
            challenge_ttl_secs: 300,
            chain_id: "iktomi-test".into(),
        },
        chain: ChainSettings {
            deployment: None,
            contracts_dir: None,
            operator_suri: None,
            issuer_funds: 0,
            holder_funds: 0,
            holder_fundings_per_hour: 120,
        },
        artifacts: ArtifactSettings {
            dir: artifacts.to_owned(),
            max_bytes: 256 * 1024,
            daily_uploads: 1_000,
            quota_bytes: 1 << 30,
        },
        gamification: Default::default(),
        outbox: Default::default(),
        email: Default::default(),
        cache_entries: 1_000,
        verify_cache_entries: 1_000,
        audit: Default::default(),
        rate_limits: generous_rate_limits(),
    }
}

/// Limits no scripted test reaches; a test of the limits tightens the one it tries.
pub fn generous_rate_limits() -> RateLimitSettings {
    let wide = Quota::new(60_000, 10_000);
    RateLimitSettings {
        enabled: true,
        trusted_proxies: Vec::new(),
        sign_in: wide,
        challenge: wide,
        search: wide,
        matching: wide,
        verify: wide,
        upload: wide,
        ask: wide,
    }
}

pub async fn spawn_app(db: PgPool) -> TestApp {
    spawn_app_with(db, |_| {}).await
}

pub async fn spawn_app_with(db: PgPool, change: impl FnOnce(&mut Settings)) -> TestApp {
    // Logs show with `--nocapture`; errors (500 causes) are logged at error level.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_test_writer()
        .try_init();
    let vk = FakeVk::start().await;
    let operator = sr25519::Pair::generate().0;
    let artifacts = tempfile::tempdir().expect("artifact dir");
    let mut settings = settings(&vk.url, &operator, artifacts.path());
    change(&mut settings);
    let mut state = state_with_pool(settings, db.clone()).await.expect("state");
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    state.clock = clock.clone();
    let app = Application::build(state.clone()).await.expect("bind");
    let url = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until(std::future::pending()));
    TestApp {
        url,
        clock,
        state,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // Scripted flows wait for their chain writes (RFC 7240); the 202 path has its own tests.
            .default_headers(waiting())
            .build()
            .expect("client"),
        vk,
        operator,
        artifacts,
    }
}

fn waiting() -> reqwest::header::HeaderMap {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "prefer",
        reqwest::header::HeaderValue::from_static("wait=25"),
    );
    // The tests read English pages; Russian, the default, has tests of its own.
    headers.insert(
        "accept-language",
        reqwest::header::HeaderValue::from_static("en"),
    );
    headers
}

pub fn ss58(pair: &sr25519::Pair) -> String {
    pair.public()
        .to_ss58check_with_version(Ss58AddressFormat::custom(42))
}

/// A signed-in person: their token and account.
#[derive(Clone, Debug)]
pub struct User {
    pub token: String,
    pub account_id: String,
    pub handle: String,
}

impl TestApp {
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let mut req = self.http.get(self.at(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        answer(req.send().await.expect("request")).await
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.http.request(method, self.at(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        answer(req.send().await.expect("request")).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, token, Some(body))
            .await
    }

    /// A fresh sr25519 wallet that signs in (creating an account) and is bound to it.
    pub async fn wallet_user(&self) -> (User, sr25519::Pair) {
        let pair = sr25519::Pair::generate().0;
        let user = self.sign_in_with_wallet(&pair, None).await;
        (user, pair)
    }

    pub async fn sign_in_with_wallet(&self, pair: &sr25519::Pair, token: Option<&str>) -> User {
        let (status, body) = self.wallet_attempt(pair, token, false).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        user(&body)
    }

    /// Challenge, sign (optionally polkadot.js-wrapped), sign in.
    pub async fn wallet_attempt(
        &self,
        pair: &sr25519::Pair,
        token: Option<&str>,
        wrapped: bool,
    ) -> (StatusCode, Value) {
        let signed = self.signed_challenge(pair, wrapped).await;
        self.post("/v1/auth/wallet", token, signed).await
    }

    /// A signed sign-in challenge, as a wallet app gives it.
    pub async fn signed_challenge(&self, pair: &sr25519::Pair, wrapped: bool) -> Value {
        let (status, challenge) = self
            .post(
                "/v1/auth/wallet/challenge",
                None,
                json!({ "address": ss58(pair) }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{challenge}");
        sign_challenge(pair, &challenge, wrapped)
    }

    /// A signed challenge to bind `pair` to `token`'s account (for `POST /v1/me/wallets`).
    pub async fn bind_challenge(&self, pair: &sr25519::Pair, token: &str) -> Value {
        let (status, challenge) = self
            .post(
                "/v1/auth/wallet/challenge",
                Some(token),
                json!({ "address": ss58(pair), "purpose": "bind" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{challenge}");
        sign_challenge(pair, &challenge, false)
    }

    pub async fn telegram_attempt(&self, user_id: i64, token: Option<&str>) -> (StatusCode, Value) {
        self.telegram_attempt_in(user_id, None, token).await
    }

    /// A Telegram sign-in from an app in `language_code`.
    pub async fn telegram_attempt_in(
        &self,
        user_id: i64,
        language_code: Option<&str>,
        token: Option<&str>,
    ) -> (StatusCode, Value) {
        let init_data = init_data_in(user_id, chrono::Utc::now().timestamp(), language_code);
        self.post(
            "/v1/auth/telegram",
            token,
            json!({ "init_data": init_data }),
        )
        .await
    }

    /// The whole VK ID dance, as the web app in one browser does it: start (keeping the nonce
    /// cookie), follow the authorize URL to the fake, come back with the cookie and the session.
    pub async fn vk_attempt(&self, vk_user: &str, token: Option<&str>) -> (StatusCode, Value) {
        let started = self.vk_start(token).await;
        let back = self.vk_authorize(&started, vk_user).await;
        self.vk_callback(&back, token, started.cookie.as_deref())
            .await
    }

    /// `POST /v1/auth/vk/start`, with the cookie the browser would keep.
    pub async fn vk_start(&self, token: Option<&str>) -> VkStarted {
        let mut req = self
            .http
            .post(self.at("/v1/auth/vk/start"))
            .json(&json!({}));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let response = req.send().await.expect("start");
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_owned);
        let (status, body) = answer(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        VkStarted { body, cookie }
    }

    /// Follows the authorize URL as `vk_user` would; what VK sends back to the redirect URI.
    pub async fn vk_authorize(&self, started: &VkStarted, vk_user: &str) -> Value {
        self.vk.next_user(vk_user);
        let authorize = started.body["authorize_url"].as_str().expect("url");
        let redirect = self.http.get(authorize).send().await.expect("authorize");
        assert_eq!(redirect.status(), StatusCode::SEE_OTHER);
        let location = redirect.headers()["location"].to_str().expect("location");
        let back = url::Url::parse(location).expect("redirect url");
        let q: HashMap<_, _> = back.query_pairs().into_owned().collect();
        assert_eq!(q["state"], started.body["state"].as_str().expect("state"));
        json!({ "code": q["code"], "state": q["state"], "device_id": q["device_id"] })
    }

    /// `POST /v1/auth/vk/callback` with what VK sent back, a session and a cookie.
    pub async fn vk_callback(
        &self,
        back: &Value,
        token: Option<&str>,
        cookie: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut req = self.http.post(self.at("/v1/auth/vk/callback")).json(back);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        answer(req.send().await.expect("callback")).await
    }

    /// A user with a profile handle `handle` (set through the API).
    pub async fn named_user(&self, handle: &str) -> User {
        self.named_wallet_user(handle).await.0
    }

    /// A named user and the external wallet they signed in with.
    pub async fn named_wallet_user(&self, handle: &str) -> (User, sr25519::Pair) {
        let (mut user, pair) = self.wallet_user().await;
        let (status, body) = self
            .send(
                reqwest::Method::PUT,
                "/v1/me/profile",
                Some(&user.token),
                Some(json!({ "handle": handle, "display_name": handle })),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        user.handle = handle.to_owned();
        (user, pair)
    }

    /// An organization created by `admin`; returns its id.
    pub async fn organization(&self, admin: &User, name: &str) -> String {
        let (status, body) = self
            .post(
                "/v1/organizations",
                Some(&admin.token),
                json!({ "name": name, "kind": "employer", "website": "https://example.com" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["id"].as_str().expect("id").to_owned()
    }

    /// POST with an `Idempotency-Key`, as every transaction-submitting route requires.
    pub async fn submit(
        &self,
        who: &User,
        path: &str,
        key: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.at(path))
            .bearer_auth(&who.token)
            .header("idempotency-key", key)
            .json(&body)
            .send()
            .await
            .expect("request");
        answer(response).await
    }

    /// POST without a body of interest (actions such as accept, approve, export).
    pub async fn act(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.post(path, Some(token), json!({})).await
    }

    /// The notices of `kind` in `who`'s inbox, newest first.
    pub async fn notices_of(&self, who: &User, kind: &str) -> Vec<Value> {
        let (_, inbox) = self.get("/v1/me/notifications", Some(&who.token)).await;
        inbox
            .as_array()
            .into_iter()
            .flatten()
            .filter(|n| n["kind"] == kind)
            .cloned()
            .collect()
    }

    /// `admin` invites `member` into `org` as `role` and the member accepts.
    pub async fn join(&self, org: &str, admin: &User, member: &User, role: &str) {
        let (status, body) = self
            .post(
                &format!("/v1/organizations/{org}/members"),
                Some(&admin.token),
                json!({ "handle": member.handle, "role": role }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (status, body) = self
            .act(
                &format!("/v1/organizations/{org}/invitation/accept"),
                &member.token,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }

    /// Signs in as the configured operator.
    pub async fn operator(&self) -> User {
        self.sign_in_with_wallet(&self.operator, None).await
    }
}

/// A started VK ID flow: the answer and the `name=value` of the cookie it set.
pub struct VkStarted {
    pub body: Value,
    pub cookie: Option<String>,
}

pub fn user(body: &Value) -> User {
    User {
        token: body["token"].as_str().expect("token").to_owned(),
        account_id: body["account_id"].as_str().expect("account").to_owned(),
        handle: body["handle"].as_str().expect("handle").to_owned(),
    }
}

/// What a wallet app sends back for `challenge`: its message signed (optionally the way
/// polkadot.js `signRaw` wraps it).
pub fn sign_challenge(pair: &sr25519::Pair, challenge: &Value, wrapped: bool) -> Value {
    let message = challenge["message"].as_str().expect("message");
    let bytes = if wrapped {
        format!("<Bytes>{message}</Bytes>").into_bytes()
    } else {
        message.as_bytes().to_vec()
    };
    json!({
        "address": ss58(pair),
        "nonce": challenge["nonce"],
        "signature": format!("0x{}", hex::encode(pair.sign(&bytes).0)),
    })
}

/// Mini App initData for `user_id`, with a fresh `query_id` as each launch of the Mini App has.
pub fn init_data(user_id: i64, auth_date: i64) -> String {
    init_data_in(user_id, auth_date, None)
}

/// initData of a Telegram user whose app speaks `language_code`.
pub fn init_data_in(user_id: i64, auth_date: i64, language_code: Option<&str>) -> String {
    let mut user =
        json!({ "id": user_id, "first_name": "Anna", "username": format!("anna{user_id}") });
    if let Some(code) = language_code {
        user["language_code"] = json!(code);
    }
    telegram::build(
        &[
            ("auth_date", &auth_date.to_string()),
            ("query_id", &format!("AAH{}", rand_hex())),
            ("signature", "c2lnbmF0dXJlLWZyb20tdGVsZWdyYW0"),
            ("user", &user.to_string()),
        ],
        BOT_TOKEN,
    )
}

pub async fn answer(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let is_problem = response
        .headers()
        .get("content-type")
        .is_some_and(|v| v == "application/problem+json");
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    if status.is_client_error() || status.is_server_error() {
        assert!(is_problem, "{status} without problem+json: {body}");
    }
    (status, body)
}

/// The problem `type` slug of an error answer.
pub fn kind(body: &Value) -> &str {
    body["type"]
        .as_str()
        .and_then(|t| t.rsplit('/').next())
        .unwrap_or("")
}

/// A VK ID server in miniature: `/authorize` remembers the S256 challenge and redirects back
/// with `code`, `state` and `device_id`; `/oauth2/auth` checks code, client, redirect URI,
/// device and verifier exactly once.
#[derive(Clone)]
pub struct FakeVk {
    pub url: String,
    inner: Arc<Mutex<VkState>>,
}

#[derive(Default)]
struct VkState {
    next_user: String,
    codes: HashMap<String, Grant>,
    /// How many exchanges the fake answered, successful or not.
    pub exchanges: usize,
}

struct Grant {
    challenge: String,
    client_id: String,
    redirect_uri: String,
    device_id: String,
    user_id: String,
}

impl FakeVk {
    async fn start() -> Self {
        let inner = Arc::new(Mutex::new(VkState::default()));
        let router = Router::new()
            .route("/authorize", get(authorize))
            .route("/oauth2/auth", post(token))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr: SocketAddr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self {
            url: format!("http://{addr}"),
            inner,
        }
    }

    pub fn next_user(&self, user: &str) {
        self.inner.lock().expect("lock").next_user = user.to_owned();
    }

    pub fn exchanges(&self) -> usize {
        self.inner.lock().expect("lock").exchanges
    }
}

async fn authorize(
    State(state): State<Arc<Mutex<VkState>>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if q.get("code_challenge_method").map(String::as_str) != Some("S256")
        || q.get("response_type").map(String::as_str) != Some("code")
    {
        return (StatusCode::BAD_REQUEST, "PKCE S256 is mandatory").into_response();
    }
    let code = format!("code-{}", rand_hex());
    let device_id = format!("device-{}", rand_hex());
    let mut s = state.lock().expect("lock");
    let user_id = s.next_user.clone();
    s.codes.insert(
        code.clone(),
        Grant {
            challenge: q.get("code_challenge").cloned().unwrap_or_default(),
            client_id: q.get("client_id").cloned().unwrap_or_default(),
            redirect_uri: q.get("redirect_uri").cloned().unwrap_or_default(),
            device_id: device_id.clone(),
            user_id,
        },
    );
    let redirect = format!(
        "{}?code={code}&state={}&device_id={device_id}&type=code_v2",
        q.get("redirect_uri").cloned().unwrap_or_default(),
        q.get("state").cloned().unwrap_or_default(),
    );
    Redirect::to(&redirect).into_response()
}

async fn token(
    State(state): State<Arc<Mutex<VkState>>>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let mut s = state.lock().expect("lock");
    s.exchanges += 1;
    let field = |k: &str| f.get(k).cloned().unwrap_or_default();
    let refuse = |why: &str| {
        (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({ "error": "invalid_grant", "error_description": why })),
        )
            .into_response()
    };
    if field("grant_type") != "authorization_code" {
        return refuse("grant_type");
    }
    // A code is single-use, as in VK ID.
    let Some(grant) = s.codes.remove(&field("code")) else {
        return refuse("unknown or used code");
    };
    if grant.client_id != field("client_id")
        || grant.redirect_uri != field("redirect_uri")
        || grant.device_id != field("device_id")
    {
        return refuse("client, redirect_uri or device_id mismatch");
    }
    if iktomi_api::auth::vk::challenge(&field("code_verifier")) != grant.challenge {
        return refuse("code_verifier does not match the code_challenge");
    }
    axum::Json(json!({
        "access_token": format!("vk1.a.{}", rand_hex()),
        "refresh_token": format!("vk1.a.{}", rand_hex()),
        "id_token": "header.payload.signature",
        "token_type": "Bearer",
        "expires_in": 3600,
        "user_id": grant.user_id.parse::<i64>().unwrap_or_default(),
        "state": field("state"),
        "scope": "vkid.personal_info",
    }))
    .into_response()
}

fn rand_hex() -> String {
    let bytes: [u8; 8] = rand::random();
    hex::encode(bytes)
}
