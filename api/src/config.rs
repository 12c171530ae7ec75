//! Typed settings: defaults, then an optional TOML file (`IKTOMI_API_CONFIG`), then `IKTOMI_API__*`
//! environment variables (`IKTOMI_API__TELEGRAM__BOT_TOKEN`), then `DATABASE_URL`.
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use secrecy::SecretString;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub listen: SocketAddr,
    /// How the API is reached from outside: credentials' issuer ids and share links use it.
    pub public_url: String,
    pub database_url: SecretString,
    /// Origins allowed by CORS; empty = same-origin only.
    #[serde(default)]
    pub cors_origins: Vec<String>,
    pub request_timeout_secs: u64,
    pub body_limit_bytes: usize,
    pub session_ttl_hours: i64,
    /// How recent a sign-in must be for sensitive actions (exporting a wallet seed).
    pub reauth_window_secs: i64,
    /// 32 bytes, hex: seals custodial wallet seeds. Never logged (`SecretString`).
    pub master_key: SecretString,
    /// SS58 addresses whose bound wallets make an account a platform operator.
    #[serde(default)]
    pub operators: Vec<String>,
    pub telegram: TelegramSettings,
    pub vk: VkSettings,
    pub wallet: WalletSettings,
    pub chain: ChainSettings,
    pub artifacts: ArtifactSettings,
    #[serde(default)]
    pub gamification: crate::gamification::settings::GamificationSettings,
    #[serde(default)]
    pub outbox: OutboxSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ArtifactSettings {
    /// Where uploaded files are kept, each named by its SHA-256.
    pub dir: PathBuf,
    /// The largest upload accepted.
    pub max_bytes: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TelegramSettings {
    pub bot_token: Option<SecretString>,
    /// The Bot API's base URL: `https://api.telegram.org`, or a local server in tests.
    pub api_base: String,
    /// Where notification buttons lead, in private chats (a `web_app` button).
    #[serde(default = "default_mini_app_url")]
    pub mini_app_url: String,
    /// `t.me/<bot_username>/<app_name>?startapp=…` for buttons in groups, where `web_app` is refused.
    #[serde(default = "default_bot_username")]
    pub bot_username: String,
    #[serde(default = "default_app_name")]
    pub app_name: String,
    /// The group (and forum topic) the audit log is posted to; none = not posted.
    #[serde(default)]
    pub audit_chat_id: Option<i64>,
    #[serde(default)]
    pub audit_thread_id: Option<i64>,
    /// initData older than this is refused (replay window).
    pub max_age_secs: i64,
}

fn default_mini_app_url() -> String {
    "https://app.iktomi.dev".into()
}

fn default_bot_username() -> String {
    "iktomi_bot".into()
}

fn default_app_name() -> String {
    "app".into()
}

/// The Telegram sender of the outbox.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct OutboxSettings {
    /// How often the sender looks for due deliveries.
    pub poll_ms: u64,
    /// How long a claimed delivery stays the claimer's before another sender may take it.
    pub lease_secs: i64,
    /// Failures (other than 429) before a delivery is given up.
    pub max_attempts: i32,
}

impl Default for OutboxSettings {
    fn default() -> Self {
        Self {
            poll_ms: 500,
            lease_secs: 60,
            max_attempts: 10,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct VkSettings {
    /// `https://id.vk.com` in production; a local fake in tests.
    pub base_url: String,
    pub client_id: Option<String>,
    /// Redirect URIs a client may ask for; the first is the default.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WalletSettings {
    /// The domain named in the sign-in message, so a signature cannot be replayed elsewhere.
    pub domain: String,
    pub challenge_ttl_secs: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ChainSettings {
    /// `.data/deployment.json`; without it, verification approvals answer 503.
    pub deployment: Option<PathBuf>,
    /// Where the contract bundles are (`contracts/target/ink`).
    pub contracts_dir: Option<PathBuf>,
    /// The registry operator's secret URI (`//Alice` on the dev chain).
    pub operator_suri: Option<SecretString>,
    /// Funds (in the chain's smallest unit) the operator sends a newly registered issuer for
    /// its fees and storage deposits; 0 = none (the issuer funds itself).
    #[serde(default)]
    pub issuer_funds: u64,
    /// Funds the operator sends a person's custodial wallet once, before its first own
    /// transaction (a stake or a claim); 0 = none.
    #[serde(default)]
    pub holder_funds: u64,
}

impl Settings {
    pub fn load() -> anyhow::Result<Self> {
        let mut builder = config::Config::builder()
            .set_default("listen", "127.0.0.1:8080")?
            .set_default("public_url", "http://127.0.0.1:8080")?
            .set_default("request_timeout_secs", 30)?
            .set_default("body_limit_bytes", 64 * 1024)?
            .set_default("session_ttl_hours", 24 * 30)?
            .set_default("reauth_window_secs", 300)?
            .set_default("telegram.max_age_secs", 24 * 3600)?
            .set_default("telegram.api_base", "https://api.telegram.org")?
            .set_default("vk.base_url", "https://id.vk.com")?
            .set_default("wallet.domain", "iktomi.localhost")?
            .set_default("wallet.challenge_ttl_secs", 300)?
            .set_default("chain.deployment", None::<String>)?
            .set_default("artifacts.dir", ".data/artifacts")?
            .set_default("artifacts.max_bytes", 10 * 1024 * 1024)?;
        if let Ok(path) = std::env::var("IKTOMI_API_CONFIG") {
            builder = builder.add_source(config::File::with_name(&path));
        }
        builder = builder.add_source(
            config::Environment::with_prefix("IKTOMI_API")
                .prefix_separator("__")
                .separator("__")
                .list_separator(",")
                .with_list_parse_key("operators")
                .with_list_parse_key("cors_origins")
                .with_list_parse_key("vk.redirect_uris")
                .try_parsing(true),
        );
        if let Ok(url) = std::env::var("DATABASE_URL") {
            builder = builder.set_override("database_url", url)?;
        }
        builder
            .build()?
            .try_deserialize()
            .context("invalid API settings (see api/README.md)")
    }
}
