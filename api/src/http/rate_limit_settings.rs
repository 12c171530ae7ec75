//! The quotas `http::rate_limit` enforces, as settings read with the rest of `config` (kept
//! apart from the limiter so that `config` needs nothing from the running app).
use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;
use serde::{Deserialize, Deserializer};

/// A sustained rate with a burst allowance (GCRA: `burst` requests at once, then one every
/// `60 / per_minute` seconds).
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Quota {
    pub per_minute: u32,
    pub burst: u32,
}

impl Quota {
    pub const fn new(per_minute: u32, burst: u32) -> Self {
        Self { per_minute, burst }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct RateLimitSettings {
    pub enabled: bool,
    /// Proxies (addresses or CIDR ranges) whose forwarding headers name the client.
    #[serde(deserialize_with = "networks")]
    pub trusted_proxies: Vec<IpNet>,
    pub sign_in: Quota,
    pub challenge: Quota,
    pub search: Quota,
    pub matching: Quota,
    pub verify: Quota,
    pub upload: Quota,
    pub ask: Quota,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            trusted_proxies: Vec::new(),
            sign_in: Quota::new(10, 5),
            challenge: Quota::new(20, 10),
            search: Quota::new(60, 20),
            matching: Quota::new(30, 10),
            verify: Quota::new(120, 30),
            upload: Quota::new(10, 5),
            ask: Quota::new(20, 10),
        }
    }
}

fn networks<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<IpNet>, D::Error> {
    let texts = Vec::<String>::deserialize(deserializer)?;
    texts
        .iter()
        .map(|t| {
            let t = t.trim();
            IpNet::from_str(t)
                .or_else(|_| IpAddr::from_str(t).map(IpNet::from))
                .map_err(|_| serde::de::Error::custom(format!("`{t}` is not an address or CIDR")))
        })
        .collect()
}
