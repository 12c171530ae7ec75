//! Signed revocation lists kept between requests: building one counts every certificate of the
//! organization's issuer accounts, gzips a 16 KiB bitstring and signs it, which an anonymous caller must not be able to
//! make the server repeat at will. A kept list is served while the issuer's certificates are
//! unchanged: a cheap aggregate over them (how many, how many revoked, the latest revocation) is
//! read first on every request, so a revocation the indexer writes, in any process, is in the
//! next answer. An age limit keeps `validFrom` recent.
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

use crate::certificates::export::credentials;
use crate::certificates::signing::IssuerKey;
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

const MAX_AGE: Duration = Duration::from_secs(600);

/// What a list is built from; a different version means a different list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub certificates: i64,
    pub revoked: i64,
    pub last_revoked: Option<DateTime<Utc>>,
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
    builds: std::sync::atomic::AtomicU64,
}

impl StatusListCache {
    /// How many lists were built (not served from the cache), for tests and metrics.
    pub fn builds(&self) -> u64 {
        self.builds.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// The organization's signed revocation list, from the cache while its version holds.
pub async fn revocation_list(state: &AppState, organization: Uuid) -> ApiResult<SignedList> {
    // The version is read before the list is built: a revocation landing in between makes the
    // kept list newer than its version, never older, and the next request rebuilds it.
    let version = version(state, organization).await?;
    let cache = &state.status_lists;
    let kept = cache
        .lists
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&organization)
        .filter(|l| l.version == version && l.built.elapsed() < MAX_AGE)
        .cloned();
    if let Some(list) = kept {
        return Ok(list);
    }
    let credential = credentials::revocation_list(state, organization).await?;
    let key = IssuerKey::of(&state.master_key, &state.settings.public_url, organization);
    let list = SignedList {
        jwt: key.sign(&credential),
        credential,
        version,
        built: Instant::now(),
    };
    cache
        .builds
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    cache
        .lists
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(organization, list.clone());
    Ok(list)
}

async fn version(state: &AppState, organization: Uuid) -> ApiResult<Version> {
    if !credentials::is_issuer(&state.db, organization).await? {
        return Err(ApiError::NotFound("issuer"));
    }
    // Over every issuer account the organization has had, as the list itself counts.
    Ok(sqlx::query_as!(
        Version,
        r#"SELECT count(*) AS "certificates!", count(c.revoked_at) AS "revoked!",
                  max(c.revoked_at) AS last_revoked
           FROM certificates c JOIN issuers i ON i.account = c.issuer
           WHERE i.organization_id = $1"#,
        organization
    )
    .fetch_one(&state.db)
    .await?)
}
