//! A load generator for indexer tests and benchmarks: issuers that keep issuing certificates in
//! batches, revoking one and superseding another each round, concurrently.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context;
use iktomi_chain::Keypair;
use iktomi_shared::events::CertificateIssued;
use iktomi_shared::{AccountId, CertificateId, IssueItem, Kind, RevocationReason};

use crate::platform::{id, Platform};

/// What a load run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LoadReport {
    pub transactions: u64,
    pub certificates: u64,
}

impl std::ops::Add for LoadReport {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self {
            transactions: self.transactions + other.transactions,
            certificates: self.certificates + other.certificates,
        }
    }
}

/// A holder account of the load; no key is needed to receive a certificate.
pub fn holder(issuer: u8, round: u32, n: u32) -> AccountId {
    let mut bytes = [0u8; 32];
    bytes[0] = 0xA0 | (issuer & 0x0F);
    bytes[1..5].copy_from_slice(&round.to_le_bytes());
    bytes[5..9].copy_from_slice(&n.to_le_bytes());
    AccountId::from(bytes)
}

/// Registers each issuer (once) and runs `rounds` rounds per issuer, all issuers at the same
/// time, or until `stop` is set. A round is one batch issue of `batch` certificates, one
/// revocation and one supersede.
pub async fn generate(
    p: &Platform,
    issuers: &[Keypair],
    batch: u32,
    rounds: u32,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<LoadReport> {
    for issuer in issuers {
        let known: Option<iktomi_shared::Issuer> = p.read("issuer", id(issuer)).await?;
        if known.is_none() {
            p.register_issuer(issuer).await?;
        }
    }
    let runs = issuers.iter().enumerate().map(|(n, issuer)| {
        let stop = stop.clone();
        async move { issuer_load(p, issuer, n as u8, batch, rounds, &stop).await }
    });
    let reports = futures::future::try_join_all(runs).await?;
    Ok(reports
        .into_iter()
        .fold(LoadReport::default(), |a, b| a + b))
}

async fn issuer_load(
    p: &Platform,
    issuer: &Keypair,
    index: u8,
    batch: u32,
    rounds: u32,
    stop: &AtomicBool,
) -> anyhow::Result<LoadReport> {
    let mut report = LoadReport::default();
    for round in 0..rounds {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let items: Vec<IssueItem> = (0..batch.max(2))
            .map(|n| IssueItem {
                holder: holder(index, round, n),
                kind: if n % 2 == 0 {
                    Kind::Employment
                } else {
                    Kind::Course
                },
                content_hash: [index; 32],
                expires_at: None,
            })
            .collect();
        let issued = p
            .registry_call::<Vec<CertificateId>>(issuer, "issue_batch", items)
            .await?;
        issued
            .value
            .as_ref()
            .map_err(|e| anyhow::anyhow!("issue_batch: {e:?}"))?;
        // The answer is the dry run's; with other issuers writing at the same time, the ids
        // actually given are the ones in the events.
        let ids: Vec<CertificateId> = issued
            .emitted::<CertificateIssued>()
            .iter()
            .map(|e| e.id)
            .collect();
        anyhow::ensure!(
            ids.len() >= 2,
            "issue_batch emitted {} certificates",
            ids.len()
        );
        report.certificates += ids.len() as u64;
        let revoked = p
            .registry_call::<()>(issuer, "revoke", (ids[0], RevocationReason::Dismissed))
            .await?;
        revoked
            .value
            .map_err(|e| anyhow::anyhow!("revoke: {e:?}"))?;
        let promoted = p
            .registry_call::<CertificateId>(
                issuer,
                "issue",
                (
                    holder(index, round, 1),
                    Kind::Course,
                    [index.wrapping_add(1); 32],
                    None::<u64>,
                    Some(ids[1]),
                ),
            )
            .await
            .context("supersede")?;
        promoted
            .value
            .map_err(|e| anyhow::anyhow!("supersede: {e:?}"))?;
        report.certificates += 1;
        report.transactions += 3;
    }
    Ok(report)
}
