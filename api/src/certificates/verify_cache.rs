//! Verification answers (`GET /v1/verify/{id}`, `/c/{id}`) kept in memory until the database
//! announces a change to what they were built from (`http::announced`). Each time the cache
//! starts serving, the newest certificates' answers are read in ahead of any request, so a
//! first verification of a certificate nobody asked for yet is served from memory too.
use std::sync::Mutex;
use std::time::Instant;

use axum::body::Bytes;
use tokio::task::JoinHandle;

use crate::certificates::lookup::{fetch, fetch_many, newest_ids, Fetched, Verification};
use crate::http::announced::{token, AnnouncedCache, Follower, Loaded};
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

/// A kept answer, as the JSON `GET /v1/verify/{id}` sends. Only the JSON is kept: a million
/// answers must fit in memory, and the few readers that want fields (`/c/{id}`) parse it.
#[derive(Clone)]
pub struct Kept {
    pub json: Bytes,
}

impl Kept {
    pub fn verification(&self) -> ApiResult<Verification> {
        serde_json::from_slice(&self.json)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("a kept verification: {e}")))
    }
}

pub type VerifyCache = AnnouncedCache<i64, Kept>;

/// Certificates read in per statement while warming.
const WARM_PAGE: usize = 2_000;
/// Reads of one page while announcements keep overtaking it, before warming gives up.
const WARM_TRIES: usize = 5;

/// Certificate `id` verified: from the cache when it holds it, else read and kept.
pub async fn verified(state: &AppState, id: i64) -> ApiResult<Option<Kept>> {
    let load = async {
        let fetched = state.public_read(|db| fetch(db, id)).await?;
        Ok(fetched.map(loaded))
    };
    state.verify_cache.through(id, load).await
}

fn loaded(fetched: Fetched) -> Loaded<Kept> {
    Loaded {
        lapses_at: fetched.verification.expires_at,
        sources: Some(sources(&fetched)),
        value: Kept {
            json: Bytes::from(serde_json::to_vec(&fetched.verification).unwrap_or_default()),
        },
    }
}

/// Everything an answer is built from, as announcement tokens: the certificate and its supersede
/// chain, the issuer and holder accounts, the stored document, the organization's name.
fn sources(fetched: &Fetched) -> Box<[u64]> {
    let v = &fetched.verification;
    let mut tokens: Vec<u64> = std::iter::once(v.id)
        .chain(v.supersedes.iter().copied())
        .chain(v.superseded_by.iter().copied())
        .map(|id| token('c', &id.to_string()))
        .collect();
    tokens.push(token('a', &hex::encode(&fetched.issuer)));
    tokens.push(token('a', &hex::encode(&fetched.holder)));
    tokens.push(token(
        'h',
        v.content_hash.strip_prefix("0x").unwrap_or(&v.content_hash),
    ));
    if let Some(organization) = v.issuer.organization_id {
        tokens.push(token('o', &organization.to_string()));
    }
    tokens.into_boxed_slice()
}

/// Follows the announcements beside the verification cache: each time the cache starts serving
/// (empty), it reads in the newest certificates' answers, as many as the cache holds.
pub struct Warmer {
    state: AppState,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Warmer {
    pub fn new(state: AppState) -> Self {
        Self {
            state,
            task: Mutex::new(None),
        }
    }

    fn replace(&self, next: Option<JoinHandle<()>>) {
        let mut task = self.task.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(running) = std::mem::replace(&mut *task, next) {
            running.abort();
        }
    }
}

impl Follower for Warmer {
    fn announced(&self, _payload: &str) {}

    fn start_serving(&self) {
        self.state.verify_cache.metrics.warmed.set(0);
        let state = self.state.clone();
        self.replace(Some(tokio::spawn(async move {
            let started = Instant::now();
            match warm(&state).await {
                Ok(kept) => {
                    state.verify_cache.metrics.warmed.set(1);
                    tracing::info!(
                        kept,
                        ms = started.elapsed().as_millis() as u64,
                        "verification answers read in"
                    );
                }
                // The cache still fills as it is asked.
                Err(error) => tracing::warn!(%error, "verification answers not read in"),
            }
        })));
    }

    fn stop_serving(&self) {
        self.state.verify_cache.metrics.warmed.set(0);
        self.replace(None);
    }
}

/// Reads the newest certificates' answers into the cache, newest first, until it is full or
/// the mirror has no more; returns how many were kept. A page is read again when a change was
/// announced while it was read, since the cache refuses what may predate a change.
async fn warm(state: &AppState) -> ApiResult<usize> {
    let cache = &state.verify_cache;
    let mut before = i64::MAX;
    let mut kept = 0;
    while kept < cache.capacity() {
        let page = (cache.capacity() - kept).min(WARM_PAGE);
        let ids = state
            .public_read(|db| newest_ids(db, before, page as i64))
            .await?;
        let Some(&oldest) = ids.last() else {
            break;
        };
        for _ in 0..WARM_TRIES {
            let generation = cache.generation();
            let fetched = state.public_read(|db| fetch_many(db, &ids)).await?;
            if !cache.is_live() {
                return Ok(kept);
            }
            for one in fetched {
                let key = i64::try_from(one.verification.id).unwrap_or_default();
                let Loaded {
                    value,
                    sources,
                    lapses_at,
                } = loaded(one);
                cache.keep(
                    generation,
                    key,
                    value,
                    sources.unwrap_or_default(),
                    lapses_at,
                );
            }
            if cache.generation() == generation {
                break;
            }
        }
        kept += ids.len();
        before = oldest;
    }
    Ok(kept)
}
