//! Keeps the `MatchIndex` as current as the database for every query. Triggers log each written
//! resume and vacancy in `match_changes` with the writing transaction's id; before answering, the
//! index reads the rows of transactions that may not have been visible last time (those at or
//! after the previous snapshot's xmin) and reloads the resumes and vacancies they name. A row of a
//! transaction still running is invisible now but has an id at or after this snapshot's xmin, so
//! the next look finds it: nothing is missed, and reloading current state makes repeats harmless.
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use sqlx::PgPool;
use tokio::sync::{RwLock, RwLockReadGuard};
use uuid::Uuid;

use crate::marketplace::matching::index::{Audience, MatchIndex};
use crate::marketplace::matching::lookup::Freshness;

/// A reader that has not looked for this long rebuilds instead: rows older than
/// `PRUNE_AFTER_SECS` may be gone.
const REBUILD_AFTER_SECS: i64 = 30 * 60;
const PRUNE_AFTER_SECS: i64 = 60 * 60;
const PRUNE_EVERY_SECS: u64 = 10 * 60;
/// How often `keep_current` looks: well inside `REBUILD_AFTER_SECS`.
const KEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Default)]
struct Synced {
    index: MatchIndex,
    built: bool,
    /// Rows of transactions with ids from here on may still appear.
    watermark: u64,
    /// Rows at or after the watermark already applied: seq → xid.
    applied: HashMap<i64, u64>,
    last_prune: Option<Instant>,
}

#[derive(Default)]
pub struct SyncedIndex {
    inner: RwLock<Synced>,
    /// Unix seconds of the last look at `match_changes`.
    last_look: AtomicI64,
    /// Whether each organization was a verified employer when last asked: which resumes to
    /// propose before the statement that tells.
    verified_employers: Mutex<HashMap<Uuid, bool>>,
}

/// The index as last synced, held while a statement checks that it is still current.
pub struct LastSynced<'a> {
    owner: &'a SyncedIndex,
    synced: RwLockReadGuard<'a, Synced>,
    /// Unix seconds when it was taken: a look that confirms it counts from then.
    at: i64,
}

impl LastSynced<'_> {
    pub fn index(&self) -> &MatchIndex {
        &self.synced.index
    }

    /// Change rows of transactions from here on may be missing from the index.
    pub fn watermark(&self) -> u64 {
        self.synced.watermark
    }

    /// Whether a snapshot whose change rows from the watermark on are `seen` shows nothing the
    /// index lacks: then the index is that snapshot's state. Rows of older transactions were
    /// visible to the look that set the watermark, so they are in. The snapshot's xmin need not
    /// equal the watermark (any transaction in the cluster moves it); the watermark moves on with
    /// the next catch-up.
    pub fn confirm(&self, seen: &Freshness) -> bool {
        let current = seen.complete()
            && seen
                .changed
                .iter()
                .all(|seq| self.synced.applied.contains_key(seq));
        if current {
            self.owner.last_look.store(self.at, Ordering::Relaxed);
        }
        current
    }
}

struct Change {
    seq: i64,
    xid: u64,
    entity: i8,
    id: Uuid,
}

fn xid(text: &str) -> anyhow::Result<u64> {
    text.parse()
        .map_err(|_| anyhow::anyhow!("not a transaction id: {text}"))
}

/// The snapshot's xmin and the change rows of transactions from `watermark` on.
async fn changes(db: &PgPool, watermark: u64) -> anyhow::Result<(u64, Vec<Change>)> {
    let rows = sqlx::query!(
        r#"WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin)
           SELECT snap.xmin AS "xmin!", c.seq AS "seq?", c.xid::text AS "xid?", c.entity AS "entity?",
                  c.id AS "id?"
           FROM snap LEFT JOIN match_changes c ON c.xid >= $1::text::xid8
           ORDER BY c.seq"#,
        watermark.to_string()
    )
    .fetch_all(db)
    .await?;
    let xmin = xid(&rows[0].xmin)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if let (Some(seq), Some(x), Some(entity), Some(id)) = (r.seq, r.xid, r.entity, r.id) {
            out.push(Change {
                seq,
                xid: xid(&x)?,
                entity,
                id,
            });
        }
    }
    Ok((xmin, out))
}

fn pairs(skills: Vec<String>, levels: Vec<i16>) -> Vec<(String, i16)> {
    skills.into_iter().zip(levels).collect()
}

/// Loads resumes (all, or those in `ids`) into the index; ids not found leave it.
async fn load_resumes(
    db: &PgPool,
    index: &mut MatchIndex,
    ids: Option<&[Uuid]>,
) -> anyhow::Result<()> {
    let rows = sqlx::query!(
        r#"SELECT r.id, r.visibility = 'public' AS "public!",
                  coalesce(array_agg(s.skill ORDER BY s.skill) FILTER (WHERE s.skill IS NOT NULL), '{}') AS "skills!",
                  coalesce(array_agg(s.level ORDER BY s.skill) FILTER (WHERE s.skill IS NOT NULL), '{}') AS "levels!"
           FROM resumes r LEFT JOIN resume_skills s ON s.resume_id = r.id
           WHERE r.visibility <> 'private' AND ($1::uuid[] IS NULL OR r.id = ANY($1))
           GROUP BY r.id"#,
        ids as Option<&[Uuid]>
    )
    .fetch_all(db)
    .await?;
    let mut seen = HashSet::with_capacity(rows.len());
    for r in rows {
        seen.insert(r.id);
        let audience = if r.public {
            Audience::Public
        } else {
            Audience::Employers
        };
        index.put_resume(r.id, Some(audience), &pairs(r.skills, r.levels));
    }
    for id in ids.unwrap_or_default() {
        if !seen.contains(id) {
            index.put_resume(*id, None, &[]);
        }
    }
    Ok(())
}

/// Loads open vacancies (all, or those in `ids`); ids not found open leave the index.
async fn load_vacancies(
    db: &PgPool,
    index: &mut MatchIndex,
    ids: Option<&[Uuid]>,
) -> anyhow::Result<()> {
    let rows = sqlx::query!(
        r#"SELECT v.id, v.organization_id,
                  coalesce(array_agg(s.skill ORDER BY s.skill) FILTER (WHERE s.skill IS NOT NULL), '{}') AS "skills!",
                  coalesce(array_agg(s.level ORDER BY s.skill) FILTER (WHERE s.skill IS NOT NULL), '{}') AS "levels!"
           FROM vacancies v LEFT JOIN vacancy_skills s ON s.vacancy_id = v.id
           WHERE v.status = 'open' AND ($1::uuid[] IS NULL OR v.id = ANY($1))
           GROUP BY v.id"#,
        ids as Option<&[Uuid]>
    )
    .fetch_all(db)
    .await?;
    let mut seen = HashSet::with_capacity(rows.len());
    for r in rows {
        seen.insert(r.id);
        index.put_vacancy(r.id, Some(r.organization_id), &pairs(r.skills, r.levels));
    }
    for id in ids.unwrap_or_default() {
        if !seen.contains(id) {
            index.put_vacancy(*id, None, &[]);
        }
    }
    Ok(())
}

/// Builds the index as the API starts and looks at the changes every `KEEP_EVERY`, so no
/// request pays for a build (30 s at a million resumes and vacancies): a first match after
/// start-up waits for this build instead of starting its own, and a quiet spell never makes a
/// reader rebuild.
pub async fn keep_current(index: Arc<SyncedIndex>, db: PgPool) {
    loop {
        if let Err(error) = index.current(&db).await.map(drop) {
            tracing::warn!(%error, "match index: cannot sync; requests will");
        }
        tokio::time::sleep(KEEP_EVERY).await;
    }
}

impl SyncedIndex {
    /// The index as last synced, without asking the database unless it must be built first;
    /// the caller confirms it with the change rows its own statement reads.
    pub async fn last_synced(&self, db: &PgPool) -> anyhow::Result<LastSynced<'_>> {
        let now = chrono::Utc::now().timestamp();
        if now - self.last_look.load(Ordering::Relaxed) >= REBUILD_AFTER_SECS
            || !self.inner.read().await.built
        {
            drop(self.current(db).await?);
        }
        Ok(LastSynced {
            owner: self,
            synced: self.inner.read().await,
            at: now,
        })
    }

    /// Whether it has been built since the API started.
    pub async fn is_built(&self) -> bool {
        self.inner.read().await.built
    }

    /// Whether `organization` was a verified employer when last seen (`None`: never seen).
    pub fn verified_employer_hint(&self, organization: Uuid) -> Option<bool> {
        self.verified_employers
            .lock()
            .ok()?
            .get(&organization)
            .copied()
    }

    pub fn remember_verified_employer(&self, organization: Uuid, verified: bool) {
        if let Ok(mut hints) = self.verified_employers.lock() {
            hints.insert(organization, verified);
        }
    }

    /// The index, current as of now.
    pub async fn current(&self, db: &PgPool) -> anyhow::Result<RwLockReadGuard<'_, MatchIndex>> {
        let now = chrono::Utc::now().timestamp();
        let fresh = now - self.last_look.load(Ordering::Relaxed) < REBUILD_AFTER_SECS;
        {
            let synced = self.inner.read().await;
            if synced.built && fresh {
                let (xmin, rows) = changes(db, synced.watermark).await?;
                self.last_look.store(now, Ordering::Relaxed);
                if xmin == synced.watermark
                    && rows.iter().all(|c| synced.applied.contains_key(&c.seq))
                {
                    return Ok(RwLockReadGuard::map(synced, |s| &s.index));
                }
            }
        }
        let mut synced = self.inner.write().await;
        if !synced.built || !fresh {
            self.rebuild(db, &mut synced).await?;
        } else {
            Self::catch_up(db, &mut synced).await?;
        }
        self.last_look.store(now, Ordering::Relaxed);
        Self::prune(db, &mut synced).await;
        drop(synced);
        Ok(RwLockReadGuard::map(self.inner.read().await, |s| &s.index))
    }

    async fn rebuild(&self, db: &PgPool, synced: &mut Synced) -> anyhow::Result<()> {
        let started = Instant::now();
        // The xmin first: whatever commits while loading is read again next time.
        let (xmin, _) = changes(db, u64::MAX).await?;
        let mut index = MatchIndex::default();
        load_resumes(db, &mut index, None).await?;
        load_vacancies(db, &mut index, None).await?;
        let (resumes, vacancies) = index.len();
        tracing::info!(
            resumes,
            vacancies,
            ms = started.elapsed().as_millis() as u64,
            "match index built"
        );
        *synced = Synced {
            index,
            built: true,
            watermark: xmin,
            applied: HashMap::new(),
            last_prune: synced.last_prune,
        };
        Ok(())
    }

    async fn catch_up(db: &PgPool, synced: &mut Synced) -> anyhow::Result<()> {
        let (xmin, rows) = changes(db, synced.watermark).await?;
        let mut resumes = Vec::new();
        let mut vacancies = Vec::new();
        for c in &rows {
            if synced.applied.insert(c.seq, c.xid).is_none() {
                match c.entity as u8 {
                    b'r' => resumes.push(c.id),
                    _ => vacancies.push(c.id),
                }
            }
        }
        resumes.sort();
        resumes.dedup();
        vacancies.sort();
        vacancies.dedup();
        if !resumes.is_empty() {
            load_resumes(db, &mut synced.index, Some(&resumes)).await?;
        }
        if !vacancies.is_empty() {
            load_vacancies(db, &mut synced.index, Some(&vacancies)).await?;
        }
        synced.watermark = xmin;
        synced.applied.retain(|_, x| *x >= xmin);
        Ok(())
    }

    /// Now and then, drops change rows every reader has long read.
    async fn prune(db: &PgPool, synced: &mut Synced) {
        if synced
            .last_prune
            .is_some_and(|t| t.elapsed().as_secs() < PRUNE_EVERY_SECS)
        {
            return;
        }
        synced.last_prune = Some(Instant::now());
        let pruned = sqlx::query!(
            "DELETE FROM match_changes WHERE at < now() - make_interval(secs => $1)",
            PRUNE_AFTER_SECS as f64
        )
        .execute(db)
        .await;
        if let Err(error) = pruned {
            tracing::warn!(%error, "pruning match_changes failed");
        }
    }
}
