//! The signed revocation lists kept between requests, by organization, with the version each
//! was built from (`status_cache` decides when a kept one still holds).
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

const MAX_AGE: Duration = Duration::from_secs(600);

/// What a list is built from; a different version means a different list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub certificates: i64,
    pub revoked: i64,
    pub last_revoked: Option<DateTime<Utc>>,
    /// The signing key's version: a rotation signs the list anew.
    pub key_version: i32,
}

/// A list and its JWT, as built from `version`.
#[derive(Clone)]
pub struct SignedList {
    pub credential: Value,
    pub jwt: String,
    version: Version,
    built: Instant,
}

#[derive(Default)]
pub struct StatusListCache {
    lists: Mutex<HashMap<Uuid, SignedList>>,
    builds: AtomicU64,
}

impl SignedList {
    /// When its `validFrom` stops being recent enough to serve.
    pub fn fresh_until(&self) -> DateTime<Utc> {
        let left = MAX_AGE.saturating_sub(self.built.elapsed());
        Utc::now() + chrono::Duration::from_std(left).unwrap_or_default()
    }
}

impl StatusListCache {
    /// How many lists were built (not served from the cache), for tests and metrics.
    pub fn builds(&self) -> u64 {
        self.builds.load(Ordering::Relaxed)
    }

    /// The list kept for `organization` if it was built from `version` recently enough.
    pub fn kept(&self, organization: Uuid, version: &Version) -> Option<SignedList> {
        self.lists
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&organization)
            .filter(|l| &l.version == version && l.built.elapsed() < MAX_AGE)
            .cloned()
    }

    /// Keeps a freshly built list and returns it.
    pub fn keep(
        &self,
        organization: Uuid,
        credential: Value,
        jwt: String,
        version: Version,
    ) -> SignedList {
        let list = SignedList {
            credential,
            jwt,
            version,
            built: Instant::now(),
        };
        self.builds.fetch_add(1, Ordering::Relaxed);
        self.lists
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(organization, list.clone());
        list
    }
}
