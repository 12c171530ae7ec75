//! Recall@10 of matching against exact search: for sampled vacancies and resumes of the database at
//! `DATABASE_URL`, the top 10 the API answers (the skill index proposes 200 candidates by declared
//! fit, which are then scored exactly) against the top 10 of scoring every candidate that shares a
//! skill. Used by `scripts/bench-matching`.
//!   iktomi-match-recall [samples per direction, default 20]
use std::collections::HashSet;
use std::time::Instant;

use anyhow::Context;
use iktomi_api::marketplace::matching::ranking::{resumes_for, vacancies_for};
use iktomi_api::marketplace::matching::sync::SyncedIndex;

const DEPTH: usize = 200;
const TOP: usize = 10;

fn recall<T: Eq + std::hash::Hash>(approx: &[T], exact: &[T]) -> Option<f64> {
    if exact.is_empty() {
        return None;
    }
    let found: HashSet<&T> = approx.iter().collect();
    Some(exact.iter().filter(|e| found.contains(e)).count() as f64 / exact.len() as f64)
}

fn report(direction: &str, recalls: &[f64], approx_ms: f64, exact_ms: f64) {
    let n = recalls.len().max(1) as f64;
    let mean = recalls.iter().sum::<f64>() / n;
    let min = recalls.iter().copied().fold(1.0, f64::min);
    println!(
        "{direction:<24} samples {:>3}  recall@{TOP} mean {mean:.3} min {min:.2}  \
         mean ms: depth {DEPTH} {approx_ms:.1}, exact {exact_ms:.1}",
        recalls.len()
    );
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let samples: i64 = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(20);
    let db = sqlx::PgPool::connect(&std::env::var("DATABASE_URL").context("DATABASE_URL")?).await?;
    let index = SyncedIndex::default();
    // Built before anything is timed.
    drop(index.current(&db).await?);

    let vacancies = sqlx::query!(
        "SELECT v.id FROM vacancies v WHERE v.status = 'open' ORDER BY md5(v.id::text) LIMIT $1",
        samples
    )
    .fetch_all(&db)
    .await?;
    let (mut recalls, mut approx_ms, mut exact_ms) = (Vec::new(), 0.0, 0.0);
    for v in &vacancies {
        let t = Instant::now();
        let approx = resumes_for(&db, &index, v.id, None, DEPTH, TOP).await?;
        approx_ms += t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let exact = resumes_for(&db, &index, v.id, None, usize::MAX, TOP).await?;
        exact_ms += t.elapsed().as_secs_f64() * 1e3;
        let ids = |m: &[iktomi_api::marketplace::matching::ranking::ResumeMatch]| {
            m.iter().map(|r| r.resume_id).collect::<Vec<_>>()
        };
        recalls.extend(recall(&ids(&approx), &ids(&exact)));
    }
    let n = vacancies.len().max(1) as f64;
    report("vacancy -> resumes", &recalls, approx_ms / n, exact_ms / n);

    let resumes = sqlx::query!(
        "SELECT r.id, r.account_id FROM resumes r WHERE r.visibility <> 'private'
         ORDER BY md5(r.id::text) LIMIT $1",
        samples
    )
    .fetch_all(&db)
    .await?;
    let (mut recalls, mut approx_ms, mut exact_ms) = (Vec::new(), 0.0, 0.0);
    for r in &resumes {
        let t = Instant::now();
        let approx = vacancies_for(&db, &index, r.id, r.account_id, DEPTH, TOP).await?;
        approx_ms += t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let exact = vacancies_for(&db, &index, r.id, r.account_id, usize::MAX, TOP).await?;
        exact_ms += t.elapsed().as_secs_f64() * 1e3;
        let ids = |m: &[iktomi_api::marketplace::matching::ranking::VacancyMatch]| {
            m.iter().map(|v| v.vacancy_id).collect::<Vec<_>>()
        };
        recalls.extend(recall(&ids(&approx), &ids(&exact)));
    }
    let n = resumes.len().max(1) as f64;
    report("resume -> vacancies", &recalls, approx_ms / n, exact_ms / n);
    Ok(())
}
