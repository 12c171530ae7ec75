//! Benchmark, not a test (`./scripts/bench-queue`): certificates per second through the API's
//! queue against the same number of direct submissions by one signer that each wait for
//! finality, as `cargo contract call` does; and the p50/p99 of request → 202 and 202 → finalized.
use std::time::{Duration, Instant};

use futures::StreamExt;
use iktomi_chain::dev;
use iktomi_shared::{AccountId, CertificateId, Kind};
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::chain_support::{spawn_chain_app, verified_organization};
use crate::support::answer;

fn certificates() -> usize {
    std::env::var("IKTOMI_BENCH_CERTIFICATES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(60)
}

/// The registry keeps at most `MAX_PENDING` (10) unaccepted certificates of one issuer per
/// holder, so the certificates go round this many holders.
fn holders(certificates: usize) -> usize {
    certificates.div_ceil(8)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank]
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
#[ignore = "a benchmark: ./scripts/bench-queue"]
async fn bench_queue_against_direct_submissions(db: PgPool) -> anyhow::Result<()> {
    let n = certificates();
    let chain = spawn_chain_app(db.clone()).await?;
    let app = &chain.app;
    let platform = &chain.platform;

    // Direct: one signer, one call at a time, each waiting for its finalized block.
    let bob = dev::bob();
    platform.register_issuer(&bob).await?;
    let started = Instant::now();
    for i in 0..n {
        let mut hash = [0u8; 32];
        hash[..8].copy_from_slice(&(i as u64).to_le_bytes());
        let mut holder = [0u8; 32];
        holder[..8].copy_from_slice(&((i % holders(n)) as u64 + 1).to_le_bytes());
        platform
            .registry_call::<CertificateId>(
                &bob,
                "issue",
                (
                    AccountId::from(holder),
                    Kind::Course,
                    hash,
                    None::<u64>,
                    None::<CertificateId>,
                ),
            )
            .await?
            .value
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    let direct = started.elapsed();

    // Through the API: concurrent requests, answered 202, then followed to finality.
    let hr = app.named_user("hr_lead").await;
    for h in 0..holders(n) {
        app.named_user(&format!("anna{h}")).await;
    }
    let org = verified_organization(app, &hr, "Acme").await;
    let client = reqwest::Client::new();
    let started = Instant::now();
    let accepted: Vec<(String, f64)> = futures::stream::iter(0..n)
        .map(|i| {
            let client = client.clone();
            let (url, token) = (app.at(&format!("/v1/organizations/{org}/certificates")), hr.token.clone());
            async move {
                let sent = Instant::now();
                let response = client
                    .post(url)
                    .bearer_auth(token)
                    .header("idempotency-key", format!("bench-{i}"))
                    .json(&json!({ "holder": format!("anna{}", i % holders(n)), "kind": "course", "title": format!("Course {i}") }))
                    .send()
                    .await
                    .expect("request");
                let took = sent.elapsed().as_secs_f64();
                let (status, body) = answer(response).await;
                assert_eq!(status, StatusCode::ACCEPTED, "{body}");
                (body["id"].as_str().unwrap_or_default().to_owned(), took)
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    loop {
        let left: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM chain_operations WHERE kind = 'certificate.issue' AND status <> 'finalized'",
        )
        .fetch_one(&db)
        .await?;
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let queued = started.elapsed();
    let mut to_accept: Vec<f64> = accepted.iter().map(|(_, t)| *t).collect();
    to_accept.sort_by(f64::total_cmp);
    let mut to_final: Vec<f64> = sqlx::query_scalar(
        "SELECT extract(epoch FROM finalized_at - created_at)::float8 FROM chain_operations
         WHERE kind = 'certificate.issue' ORDER BY 1",
    )
    .fetch_all(&db)
    .await?;
    to_final.sort_by(f64::total_cmp);

    let rate = |d: Duration| n as f64 / d.as_secs_f64();
    println!("certificates: {n}, node finality 1 s (substrate-contracts-node --dev)");
    println!(
        "direct, one signer, each call waits for finality: {:>8.2} certificates/s ({:.1} s)",
        rate(direct),
        direct.as_secs_f64()
    );
    println!(
        "through the API queue, 16 concurrent requests:    {:>8.2} certificates/s ({:.1} s)",
        rate(queued),
        queued.as_secs_f64()
    );
    println!("ratio queue / direct: {:.1}x", rate(queued) / rate(direct));
    println!(
        "request -> 202:       p50 {:>7.1} ms   p99 {:>7.1} ms",
        percentile(&to_accept, 0.5) * 1e3,
        percentile(&to_accept, 0.99) * 1e3
    );
    println!(
        "202 -> finalized:     p50 {:>7.1} ms   p99 {:>7.1} ms",
        percentile(&to_final, 0.5) * 1e3,
        percentile(&to_final, 0.99) * 1e3
    );
    // For ./scripts/bench's report.
    println!(
        "report\tchain writes through the queue ({n} certificates)\t{:.2} certificates/s\t{:.2} certificates/s (direct, one signer)\t{:.2}\t> 1",
        rate(queued),
        rate(direct),
        rate(queued) / rate(direct)
    );
    println!(
        "report\tchain writes: request -> 202 p99 / 202 -> finalized p99\t{:.1} ms / {:.1} ms\t-\t-\t-",
        percentile(&to_accept, 0.99) * 1e3,
        percentile(&to_final, 0.99) * 1e3
    );
    Ok(())
}
