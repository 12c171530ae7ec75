use chrono::{Duration, Utc};

use super::*;

type Cache = AnnouncedCache<i64, &'static str>;

fn cache() -> Cache {
    AnnouncedCache::new(10, CacheMetrics::default())
}

fn serving() -> Cache {
    let cache = cache();
    cache.start_serving();
    cache
}

/// Keeps answer `id` built from certificate `id` and the tokens `extra` names.
fn keep(cache: &Cache, id: i64, extra: &[(char, &str)]) {
    let generation = cache.generation();
    let sources = std::iter::once(token('c', &id.to_string()))
        .chain(extra.iter().map(|(kind, value)| token(*kind, value)))
        .collect();
    cache.keep(generation, id, "answer", sources, None);
}

#[test]
fn nothing_is_served_or_kept_while_not_listening() {
    let cache = cache();
    keep(&cache, 1, &[]);
    cache.start_serving();
    assert!(cache.get(&1, Utc::now()).is_none());
    keep(&cache, 1, &[]);
    assert!(cache.get(&1, Utc::now()).is_some());
    cache.stop_serving();
    assert!(cache.get(&1, Utc::now()).is_none());
    cache.start_serving();
    assert!(
        cache.get(&1, Utc::now()).is_none(),
        "reconnecting starts empty"
    );
}

#[test]
fn an_answer_read_before_an_announcement_is_not_kept() {
    let cache = serving();
    let generation = cache.generation();
    cache.announced("c99");
    cache.keep(generation, 1, "stale", Box::new([token('c', "1")]), None);
    assert!(cache.get(&1, Utc::now()).is_none());
}

#[test]
fn announcements_drop_what_was_built_from_what_they_name() {
    let cache = serving();
    keep(&cache, 1, &[('a', "0101")]);
    keep(&cache, 2, &[]);
    keep(&cache, 3, &[('c', "7")]);
    cache.announced("c2");
    assert!(cache.get(&1, Utc::now()).is_some());
    assert!(cache.get(&2, Utc::now()).is_none());
    cache.announced("c7");
    assert!(
        cache.get(&3, Utc::now()).is_none(),
        "built from certificate 7 too"
    );
    cache.announced("x1 a0101");
    assert!(cache.get(&1, Utc::now()).is_none(), "named among others");
    keep(&cache, 1, &[]);
    keep(&cache, 2, &[]);
    cache.announced("c5 * c6");
    assert!(cache.get(&1, Utc::now()).is_none());
    assert!(cache.get(&2, Utc::now()).is_none());
}

#[test]
fn an_answer_lapses_at_its_instant() {
    let cache = serving();
    let at = Utc::now() + Duration::seconds(60);
    cache.keep(cache.generation(), 1, "answer", Box::new([]), Some(at));
    assert!(cache.get(&1, at - Duration::seconds(1)).is_some());
    assert!(cache.get(&1, at).is_none());
}

#[test]
fn the_cache_keeps_at_most_its_capacity_and_forgets_cleanly() {
    let cache = serving();
    for id in 1..=25 {
        keep(&cache, id, &[('o', "shared")]);
    }
    assert_eq!(
        cache.counts(),
        (10, 20),
        "each answer under its id and the shared token"
    );
    cache.announced("oshared");
    assert_eq!(cache.counts(), (0, 0));
}

#[test]
fn a_token_shared_by_answers_still_drops_those_left_after_one_goes() {
    let cache = serving();
    keep(&cache, 1, &[('a', "holder")]);
    keep(&cache, 2, &[('a', "holder")]);
    keep(&cache, 1, &[('a', "holder")]);
    assert_eq!(cache.counts(), (2, 4), "kept again, not twice");
    cache.announced("c1");
    assert_eq!(cache.counts(), (1, 2));
    cache.announced("aholder");
    assert!(cache.get(&2, Utc::now()).is_none());
    assert_eq!(cache.counts(), (0, 0));
}
