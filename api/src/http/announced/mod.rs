//! Answers kept in memory that the database tells us to drop. Some public reads (a certificate's
//! verification, a person's public profile) are asked for far more often than anything they are
//! built from changes. Every such change announces itself on `iktomi_changes`
//! (migrations/*_announced_changes.sql) in the transaction that makes it, whoever writes it;
//! `listener` hands each announcement to every cache, which drops what was built from what it
//! names. While the listener is not connected the caches neither serve nor keep anything, and they
//! start empty each time it connects, since announcements sent in between are lost.
pub mod listener;

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;

use crate::http::error::ApiResult;

/// What a change announcement names, hashed: `kind` is its first letter (`c` certificate, `a`
/// account on chain, `o` organization, `h` content hash, `p` person). Two that hash alike only
/// drop an answer too many.
pub fn token(kind: char, value: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    kind.hash(&mut hasher);
    value.hash(&mut hasher);
    hasher.finish()
}

fn announced_token(text: &str) -> Option<u64> {
    let mut chars = text.chars();
    let kind = chars.next()?;
    Some(token(kind, chars.as_str()))
}

/// A cache the listener feeds.
pub trait Follower: Send + Sync {
    fn announced(&self, payload: &str);
    /// The listener is connected: whatever was announced while it was not is unknown.
    fn start_serving(&self);
    fn stop_serving(&self);
}

/// What a cache counts, registered with the API's metrics.
#[derive(Clone, Default)]
pub struct CacheMetrics {
    pub hits: Counter,
    pub misses: Counter,
    /// Announcements received.
    pub announcements: Counter,
    /// 1 while the listener is connected and the cache serves.
    pub live: Gauge,
    pub entries: Gauge,
    /// 1 once the newest answers have been read in since the cache last started serving; only
    /// the verification cache does (`certificates::verify_cache::Warmer`).
    pub warmed: Gauge,
}

/// What a read from the database gives a cache.
pub struct Loaded<V> {
    pub value: V,
    /// What it is built from, as tokens; none: not to be kept.
    pub sources: Option<Box<[u64]>>,
    /// When it changes without any write announcing it.
    pub lapses_at: Option<DateTime<Utc>>,
}

struct Entry<V> {
    value: V,
    /// The answer changes at this instant without any write announcing it (an expiry).
    lapses_at: Option<DateTime<Utc>>,
    sources: Box<[u64]>,
}

/// The keys of the answers built from one token. Most tokens (a certificate, a document) feed
/// one answer, and a set for each would cost more memory than the answers themselves.
enum Dependents<K> {
    One(K),
    Many(HashSet<K>),
}

impl<K: Hash + Eq + Clone> Dependents<K> {
    fn insert(&mut self, key: K) {
        match self {
            Self::Many(keys) => {
                keys.insert(key);
            }
            Self::One(one) if *one != key => {
                let first = one.clone();
                *self = Self::Many(HashSet::from([first, key]));
            }
            Self::One(_) => {}
        }
    }

    /// Removes `key`; true when none is left.
    fn remove(&mut self, key: &K) -> bool {
        match self {
            Self::One(one) => one == key,
            Self::Many(keys) => {
                keys.remove(key);
                keys.is_empty()
            }
        }
    }

    fn into_keys(self) -> Vec<K> {
        match self {
            Self::One(one) => vec![one],
            Self::Many(keys) => keys.into_iter().collect(),
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        match self {
            Self::One(_) => 1,
            Self::Many(keys) => keys.len(),
        }
    }
}

struct Entries<K, V> {
    by_key: HashMap<K, Entry<V>>,
    /// Token → the keys of the answers built from it.
    dependents: HashMap<u64, Dependents<K>>,
}

impl<K, V> Default for Entries<K, V> {
    fn default() -> Self {
        Self {
            by_key: HashMap::new(),
            dependents: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq + Clone, V> Entries<K, V> {
    fn remove(&mut self, key: &K) {
        let Some(entry) = self.by_key.remove(key) else {
            return;
        };
        for source in entry.sources.iter() {
            if let Some(keys) = self.dependents.get_mut(source) {
                if keys.remove(key) {
                    self.dependents.remove(source);
                }
            }
        }
    }
}

pub struct AnnouncedCache<K, V> {
    entries: Mutex<Entries<K, V>>,
    /// Raised by every announcement and flush, under the lock: an answer read from the database
    /// before a raise may predate the change announced and is not kept.
    generation: AtomicU64,
    live: AtomicBool,
    capacity: usize,
    pub metrics: CacheMetrics,
}

impl<K: Hash + Eq + Clone, V: Clone> AnnouncedCache<K, V> {
    pub fn new(capacity: usize, metrics: CacheMetrics) -> Self {
        Self {
            entries: Mutex::new(Entries::default()),
            generation: AtomicU64::new(0),
            live: AtomicBool::new(false),
            capacity,
            metrics,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Entries<K, V>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn is_live(&self) -> bool {
        self.live.load(Ordering::Acquire)
    }

    /// Where a read from the database starts; pass it to `keep`.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The answer kept under `key`, if the cache serves and it still holds at `now`.
    pub fn get(&self, key: &K, now: DateTime<Utc>) -> Option<V> {
        if !self.is_live() {
            return None;
        }
        let found = self
            .lock()
            .by_key
            .get(key)
            .filter(|e| e.lapses_at.is_none_or(|at| now < at))
            .map(|e| e.value.clone());
        match found {
            Some(_) => self.metrics.hits.inc(),
            None => self.metrics.misses.inc(),
        };
        found
    }

    /// The answer under `key`: kept, or what `load` reads (kept unless it says not to). `load`
    /// must not have been polled yet: the generation is taken before it reads anything.
    pub async fn through(
        &self,
        key: K,
        load: impl Future<Output = ApiResult<Option<Loaded<V>>>>,
    ) -> ApiResult<Option<V>> {
        if let Some(value) = self.get(&key, Utc::now()) {
            return Ok(Some(value));
        }
        let generation = self.generation();
        let Some(loaded) = load.await? else {
            return Ok(None);
        };
        if let Some(sources) = loaded.sources {
            self.keep(
                generation,
                key,
                loaded.value.clone(),
                sources,
                loaded.lapses_at,
            );
        }
        Ok(Some(loaded.value))
    }

    /// Keeps `value`, read from the database since `generation` and built from `sources`, unless
    /// a change was announced meanwhile (the read may predate it) or the cache does not serve.
    pub fn keep(
        &self,
        generation: u64,
        key: K,
        value: V,
        sources: Box<[u64]>,
        lapses_at: Option<DateTime<Utc>>,
    ) {
        if !self.is_live() {
            return;
        }
        let mut entries = self.lock();
        if self.generation.load(Ordering::Acquire) != generation {
            return;
        }
        entries.remove(&key);
        if entries.by_key.len() >= self.capacity {
            // Any one goes: these reads have no useful recency to keep.
            if let Some(victim) = entries.by_key.keys().next().cloned() {
                entries.remove(&victim);
            }
        }
        for source in sources.iter() {
            match entries.dependents.entry(*source) {
                std::collections::hash_map::Entry::Occupied(mut keys) => {
                    keys.get_mut().insert(key.clone())
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(Dependents::One(key.clone()));
                }
            }
        }
        entries.by_key.insert(
            key,
            Entry {
                value,
                lapses_at,
                sources,
            },
        );
        self.metrics.entries.set(entries.by_key.len() as i64);
    }

    fn flush(&self) {
        let mut entries = self.lock();
        self.generation.fetch_add(1, Ordering::AcqRel);
        *entries = Entries::default();
        self.metrics.entries.set(0);
    }

    #[cfg(test)]
    fn counts(&self) -> (usize, usize) {
        let entries = self.lock();
        (
            entries.by_key.len(),
            entries.dependents.values().map(Dependents::len).sum(),
        )
    }
}

impl<K: Hash + Eq + Clone + Send, V: Clone + Send> Follower for AnnouncedCache<K, V> {
    /// Drops every answer built from what `payload` names (`*`: everything).
    fn announced(&self, payload: &str) {
        self.metrics.announcements.inc();
        let mut entries = self.lock();
        self.generation.fetch_add(1, Ordering::AcqRel);
        for text in payload.split_ascii_whitespace() {
            if text == "*" {
                *entries = Entries::default();
                break;
            }
            let Some(token) = announced_token(text) else {
                continue;
            };
            if let Some(keys) = entries.dependents.remove(&token) {
                for key in keys.into_keys() {
                    entries.remove(&key);
                }
            }
        }
        self.metrics.entries.set(entries.by_key.len() as i64);
    }

    fn start_serving(&self) {
        self.flush();
        self.live.store(true, Ordering::Release);
        self.metrics.live.set(1);
    }

    fn stop_serving(&self) {
        self.live.store(false, Ordering::Release);
        self.metrics.live.set(0);
        self.flush();
    }
}

#[cfg(test)]
mod tests;
