//! Typed settings: defaults, then an optional TOML file (`IKTOMI_API_CONFIG`), then `IKTOMI_API__*`
//! environment variables (`IKTOMI_API__TELEGRAM__BOT_TOKEN`), then `DATABASE_URL`.
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
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
    /// The built web app (`web/dist`), served at `/app/`.
    pub web_dir: PathBuf,
    pub request_timeout_secs: u64,
    pub body_limit_bytes: usize,
    pub session_ttl_hours: i64,
    /// How recent a sign-in must be for sensitive actions (exporting a wallet seed), and how
    /// recent the wallet signature behind an operator's session.
    pub reauth_window_secs: i64,
    /// How long a handle someone gave up stays reserved for them.
    pub handle_reservation_days: i64,
    /// 32 bytes, hex: seals custodial wallet seeds. Never logged (`SecretString`).
    pub master_key: SecretString,
    /// The version of `master_key`; raise it by one with each new master key.
    #[serde(default = "default_master_key_version")]
    pub master_key_version: i32,
    /// Earlier master keys as `version:hex`, kept until `iktomi-rotate-master-key` has re-sealed
    /// every seed under the current one (and while credentials they signed should verify).
    #[serde(default)]
    pub previous_master_keys: Vec<SecretString>,
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
    /// Quotas per client address and account on sign-in, search, matching, verification, uploads.
    #[serde(default)]
    pub rate_limits: crate::http::rate_limit_settings::RateLimitSettings,
    #[serde(default)]
    pub audit: AuditSettings,
    #[serde(default)]
    pub email: EmailSettings,
    /// Most answers each replica keeps in memory per cache (verifications, public profiles).
    #[serde(default = "default_cache_entries")]
    pub cache_entries: usize,
    /// Most verification answers each replica keeps. Every time it starts listening it reads in
    /// the newest certificates' answers up to this many, so memory grows with the certificates
    /// that exist (about 1.5 KiB each) and a deployment of up to a million verifies from memory.
    #[serde(default = "default_verify_cache_entries")]
    pub verify_cache_entries: usize,
}

/// The e-mail channel: SMTP by URL (`smtp://user:pass@host:587?tls=required`, `smtps://…`, or
/// `smtp://127.0.0.1:2525` for a local server); none = no e-mail is sent.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct EmailSettings {
    pub smtp_url: Option<SecretString>,
    /// The sender, as the recipient sees it.
    pub from: String,
    /// How long a confirmation link works.
    pub confirm_ttl_hours: i64,
}

impl Default for EmailSettings {
    fn default() -> Self {
        Self {
            smtp_url: None,
            from: "Iktomi <noreply@iktomi.localhost>".into(),
            confirm_ttl_hours: 48,
        }
    }
}

/// The audit log's chain (api/src/http/audit).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct AuditSettings {
    /// The chain's HMAC key, hex (at least 32 bytes); never stored in the database. Auditors
    /// running `iktomi-audit-verify` need it. None = derived from `master_key`.
    pub key: Option<SecretString>,
    /// How often the chain's head is put on chain as a remark (and posted); 0 = never.
    pub anchor_every_secs: u64,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self {
            key: None,
            anchor_every_secs: 3600,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ArtifactSettings {
    /// Where uploaded files are kept, each named by its SHA-256.
    pub dir: PathBuf,
    /// The largest upload accepted.
    pub max_bytes: usize,
    /// Uploads (files and CVs) one person may make in 24 hours.
    #[serde(default = "default_daily_uploads")]
    pub daily_uploads: i64,
    /// Bytes one person may have uploaded in all (replaced CVs included: their files stay).
    #[serde(default = "default_quota_bytes")]
    pub quota_bytes: i64,
}

fn default_daily_uploads() -> i64 {
    50
}

fn default_quota_bytes() -> i64 {
    200 * 1024 * 1024
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
    /// initData older than this is refused; within it, each initData signs in once.
    pub max_age_secs: i64,
    /// How the bot reads updates: `off`, `poll` (one poller across replicas) or `webhook`.
    #[serde(default)]
    pub updates: UpdatesMode,
    /// The public HTTPS URL Telegram posts updates to; `{public_url}/telegram/webhook` if empty.
    #[serde(default)]
    pub webhook_url: String,
    /// The secret Telegram sends with each webhook call; the webhook mode requires it.
    #[serde(default)]
    pub webhook_secret: Option<SecretString>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UpdatesMode {
    #[default]
    Off,
    Poll,
    Webhook,
}

/// Empty: the app this API serves, `{public_url}/app` (filled in by `Settings::load_from`).
fn default_mini_app_url() -> String {
    String::new()
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
    /// The `Chain ID` named in the signed message: the chain the wallet's account lives on.
    pub chain_id: String,
}

fn default_verify_cache_entries() -> usize {
    1_000_000
}

fn default_cache_entries() -> usize {
    200_000
}

fn default_master_key_version() -> i32 {
    1
}

fn default_holder_fundings_per_hour() -> u32 {
    120
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
    #[serde(default, deserialize_with = "amount")]
    pub issuer_funds: u128,
    /// Funds the operator sends a person's custodial wallet once, when it is created, so they
    /// have landed by its first own transaction (a request, a stake, a claim); 0 = none.
    #[serde(default, deserialize_with = "amount")]
    pub holder_funds: u128,
    /// At most this many custodial wallets are funded per hour, all persons together: the cap
    /// on what Sybil accounts asking certificates can cost the operator.
    #[serde(default = "default_holder_fundings_per_hour")]
    pub holder_fundings_per_hour: u32,
}

/// Settings that are balances: u128, read from an integer or a decimal string.
const AMOUNTS: [&str; 2] = ["chain.issuer_funds", "chain.holder_funds"];

/// Secrets given as hex, which can be all digits.
const SECRETS: [&str; 4] = [
    "master_key",
    "audit.key",
    "telegram.webhook_secret",
    "email.smtp_url",
];

/// A balance in the chain's smallest unit. Balances outgrow TOML's integers (i64), so a
/// decimal string is accepted too: `issuer_funds = "1000000000000000000000"`. Floats are
/// refused: they cannot hold such a number exactly.
fn amount<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u128, D::Error> {
    struct Amount;
    impl serde::de::Visitor<'_> for Amount {
        type Value = u128;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a whole amount: a non-negative integer or a decimal string")
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u128, E> {
            Ok(u128::from(v))
        }

        fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<u128, E> {
            Ok(v)
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u128, E> {
            u128::try_from(v).map_err(|_| E::custom("an amount cannot be negative"))
        }

        fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<u128, E> {
            u128::try_from(v).map_err(|_| E::custom("an amount cannot be negative"))
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u128, E> {
            v.trim()
                .replace('_', "")
                .parse()
                .map_err(|_| E::custom(format!("`{v}` is not a whole non-negative amount")))
        }
    }
    deserializer.deserialize_any(Amount)
}

impl Settings {
    pub fn load() -> anyhow::Result<Self> {
        Self::load_from(
            std::env::var("IKTOMI_API_CONFIG").ok().as_deref(),
            std::env::vars().collect(),
        )
    }

    /// `load` with the settings file and the environment given, so tests need not touch the
    /// process's environment.
    pub fn load_from(file: Option<&str>, env: HashMap<String, String>) -> anyhow::Result<Self> {
        let mut builder = config::Config::builder()
            .set_default("listen", "127.0.0.1:8080")?
            .set_default("public_url", "http://127.0.0.1:8080")?
            .set_default("request_timeout_secs", 30)?
            .set_default("body_limit_bytes", 64 * 1024)?
            .set_default("session_ttl_hours", 24 * 30)?
            .set_default("reauth_window_secs", 300)?
            .set_default("telegram.max_age_secs", 3600)?
            .set_default("telegram.api_base", "https://api.telegram.org")?
            .set_default("vk.base_url", "https://id.vk.com")?
            .set_default("wallet.domain", "iktomi.localhost")?
            .set_default("wallet.challenge_ttl_secs", 300)?
            .set_default("wallet.chain_id", "iktomi-dev")?
            .set_default("handle_reservation_days", 90)?
            .set_default("chain.deployment", None::<String>)?
            .set_default("artifacts.dir", ".data/artifacts")?
            .set_default("web_dir", "web/dist")?
            .set_default("artifacts.max_bytes", 10 * 1024 * 1024)?;
        if let Some(path) = file {
            builder = builder.add_source(config::File::with_name(path));
        }
        builder = builder.add_source(
            config::Environment::with_prefix("IKTOMI_API")
                .prefix_separator("__")
                .separator("__")
                .list_separator(",")
                .with_list_parse_key("operators")
                .with_list_parse_key("previous_master_keys")
                .with_list_parse_key("cors_origins")
                .with_list_parse_key("vk.redirect_uris")
                .with_list_parse_key("rate_limits.trusted_proxies")
                .try_parsing(true)
                .source(Some(env.clone().into_iter().collect())),
        );
        // `try_parsing` reads a number past i64 as an f64, which rounds it, and a hex secret of
        // digits alone as a number; the text is exact.
        for key in AMOUNTS.iter().chain(&SECRETS) {
            let var = format!("IKTOMI_API__{}", key.replace('.', "__").to_uppercase());
            if let Some(text) = env.get(&var) {
                builder = builder.set_override(key, text.as_str())?;
            }
        }
        if let Some(url) = env.get("DATABASE_URL") {
            builder = builder.set_override("database_url", url.as_str())?;
        }
        let mut settings: Self = builder
            .build()?
            .try_deserialize()
            .context("invalid API settings (see api/README.md)")?;
        if settings.telegram.mini_app_url.is_empty() {
            settings.telegram.mini_app_url =
                format!("{}/app", settings.public_url.trim_end_matches('/'));
        }
        if settings.telegram.webhook_url.is_empty() {
            settings.telegram.webhook_url = format!(
                "{}{}",
                settings.public_url.trim_end_matches('/'),
                crate::bot::webhook::PATH
            );
        }
        if settings.telegram.updates == UpdatesMode::Webhook {
            let secret = settings.telegram.webhook_secret.as_ref();
            let valid = secret.is_some_and(|s| {
                let s = s.expose_secret();
                (1..=256).contains(&s.len())
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            });
            anyhow::ensure!(
                valid,
                "telegram.updates = \"webhook\" needs telegram.webhook_secret: 1-256 of A-Z a-z 0-9 _ -"
            );
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn env(vars: &[(&str, &str)]) -> HashMap<String, String> {
        [
            ("DATABASE_URL", "postgres://localhost/iktomi"),
            ("IKTOMI_API__MASTER_KEY", "00"),
        ]
        .iter()
        .chain(vars)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn balances_past_u64_come_exactly_from_the_environment() -> anyhow::Result<()> {
        let settings = Settings::load_from(
            None,
            env(&[
                (
                    "IKTOMI_API__CHAIN__ISSUER_FUNDS",
                    "340282366920938463463374607431768211455",
                ),
                ("IKTOMI_API__CHAIN__HOLDER_FUNDS", "1000000000000000000001"),
            ]),
        )?;
        assert_eq!(settings.chain.issuer_funds, u128::MAX);
        assert_eq!(settings.chain.holder_funds, 1_000_000_000_000_000_000_001);
        Ok(())
    }

    #[test]
    fn a_master_key_of_digits_alone_stays_text() -> anyhow::Result<()> {
        let key = "11".repeat(32);
        let settings = Settings::load_from(None, env(&[("IKTOMI_API__MASTER_KEY", &key)]))?;
        assert_eq!(settings.master_key.expose_secret(), key);
        Ok(())
    }

    #[test]
    fn a_settings_file_gives_balances_as_numbers_or_decimal_strings() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("api.toml");
        std::fs::write(
            &file,
            "[chain]\nissuer_funds = \"1_000_000_000_000_000_000_000\"\nholder_funds = 5000\n",
        )?;
        let settings = Settings::load_from(file.to_str(), env(&[]))?;
        assert_eq!(settings.chain.issuer_funds, 10u128.pow(21));
        assert_eq!(settings.chain.holder_funds, 5_000);
        Ok(())
    }

    #[test]
    fn rate_limits_and_trusted_proxies_come_from_the_environment() -> anyhow::Result<()> {
        let settings = Settings::load_from(
            None,
            env(&[
                ("IKTOMI_API__RATE_LIMITS__SIGN_IN__PER_MINUTE", "3"),
                ("IKTOMI_API__RATE_LIMITS__SIGN_IN__BURST", "1"),
                (
                    "IKTOMI_API__RATE_LIMITS__TRUSTED_PROXIES",
                    "10.0.0.0/8,192.0.2.7",
                ),
            ]),
        )?;
        let limits = &settings.rate_limits;
        assert_eq!((limits.sign_in.per_minute, limits.sign_in.burst), (3, 1));
        assert_eq!(limits.trusted_proxies.len(), 2);
        assert!(limits.trusted_proxies[1].contains(&"192.0.2.7".parse::<std::net::IpAddr>()?));
        assert_eq!(
            limits.upload.per_minute, 10,
            "the others keep their defaults"
        );
        let bad = env(&[("IKTOMI_API__RATE_LIMITS__TRUSTED_PROXIES", "proxy.local")]);
        assert!(Settings::load_from(None, bad).is_err());
        Ok(())
    }

    #[test]
    fn a_negative_or_fractional_balance_is_refused() {
        for bad in ["-1", "1.5", "ten"] {
            let loaded =
                Settings::load_from(None, env(&[("IKTOMI_API__CHAIN__HOLDER_FUNDS", bad)]));
            assert!(loaded.is_err(), "{bad} was accepted");
        }
    }
}
