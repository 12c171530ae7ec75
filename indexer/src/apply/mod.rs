//! Folds a batch's decoded events into the state tables, from the contracts' own types to typed
//! SQL parameters: a field renamed in `contracts/shared` stops the build here instead of quietly
//! writing NULL.
//!
//! Issues and revocations, most of the volume, are applied set-wise first. That equals applying
//! them in chain order: an issue only creates a row with a new id, nothing else touches the
//! revocation columns, and a certificate is revoked at most once. Every other event is applied
//! in chain order; a run of consecutive events of one kind becomes one statement, reduced first
//! to what applying them one by one would leave (the last write per key, or the first where a
//! later one would find nothing left to change).
use std::collections::HashMap;
use std::hash::Hash;
use std::mem::discriminant;

use iktomi_shared::AccountId;
use sqlx::PgConnection;

use crate::decode::ContractEvent;

mod certificates;
mod issuers;
mod migrations;
mod requests;
mod tenure;

use certificates::{expiry_changed, issue, placement, revoke};
use issuers::{
    issuer_registered, issuer_reinstated, issuer_retired, issuer_suspended, minter_changed,
    operator,
};
use migrations::{migrated, migration_requested, migration_resolved};
use requests::{request_resolved, requested};
use tenure::{award_claimed, program_closed, program_created, staked, tenure_moved, unstaked};
/// An event and the block it is in.
pub type Located<'a> = (u64, &'a ContractEvent);

/// Applies `events` (in chain order) to the state tables, on the batch's transaction.
pub async fn apply(conn: &mut PgConnection, events: &[Located<'_>]) -> sqlx::Result<()> {
    issue(
        conn,
        &of(events, |e| match e {
            ContractEvent::CertificateIssued(x) => Some(x),
            _ => None,
        }),
    )
    .await?;
    revoke(
        conn,
        &of(events, |e| match e {
            ContractEvent::CertificateRevoked(x) => Some(x),
            _ => None,
        }),
    )
    .await?;
    let rest: Vec<Located<'_>> = events
        .iter()
        .copied()
        .filter(|(_, e)| {
            !matches!(
                e,
                ContractEvent::CertificateIssued(_) | ContractEvent::CertificateRevoked(_)
            )
        })
        .collect();
    for run in rest.chunk_by(|a, b| discriminant(a.1) == discriminant(b.1)) {
        apply_run(conn, run).await?;
    }
    Ok(())
}
/// The events of `events` that `pick` selects, with their blocks as database numbers.
fn of<'a, T>(
    events: &[Located<'a>],
    pick: impl Fn(&'a ContractEvent) -> Option<&'a T>,
) -> Vec<(i64, &'a T)> {
    events
        .iter()
        .filter_map(|&(block, e)| pick(e).map(|x| (int8(block), x)))
        .collect()
}
/// Keeps, per key, the last event (chain order), or the first when `first` is set.
fn reduce<'a, T, K: Hash + Eq>(
    run: &[(i64, &'a T)],
    first: bool,
    key: impl Fn(&T) -> K,
) -> Vec<(i64, &'a T)> {
    let mut kept: HashMap<K, (i64, &'a T)> = HashMap::with_capacity(run.len());
    for &(block, e) in run {
        if first {
            kept.entry(key(e)).or_insert((block, e));
        } else {
            kept.insert(key(e), (block, e));
        }
    }
    kept.into_values().collect()
}
fn int8(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
fn int4(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn account(a: &AccountId) -> Vec<u8> {
    AsRef::<[u8]>::as_ref(a).to_vec()
}
async fn apply_run(conn: &mut PgConnection, run: &[Located<'_>]) -> sqlx::Result<()> {
    use ContractEvent as E;
    let Some(&(_, head)) = run.first() else {
        return Ok(());
    };
    macro_rules! run_of {
        ($variant:ident) => {
            of(run, |e| match e {
                E::$variant(x) => Some(x),
                _ => None,
            })
        };
    }
    match head {
        E::OperatorProposed(_) | E::OperatorChanged(_) => operator(conn, run).await,
        E::IssuerRegistered(_) => issuer_registered(conn, &run_of!(IssuerRegistered)).await,
        E::IssuerSuspended(_) => issuer_suspended(conn, &run_of!(IssuerSuspended)).await,
        E::IssuerReinstated(_) => issuer_reinstated(conn, &run_of!(IssuerReinstated)).await,
        E::IssuerRetired(_) => issuer_retired(conn, &run_of!(IssuerRetired)).await,
        E::MinterChanged(_) => minter_changed(conn, &run_of!(MinterChanged)).await,
        E::CertificateAccepted(_) => {
            let run = run_of!(CertificateAccepted);
            placement(conn, run.iter().map(|&(b, e)| (b, e.id)), "listed").await
        }
        E::CertificateHidden(_) => {
            let run = run_of!(CertificateHidden);
            placement(conn, run.iter().map(|&(b, e)| (b, e.id)), "hidden").await
        }
        E::ExpiryChanged(_) => expiry_changed(conn, &run_of!(ExpiryChanged)).await,
        E::CertificateRequested(_) => requested(conn, &run_of!(CertificateRequested)).await,
        E::RequestResolved(_) => request_resolved(conn, &run_of!(RequestResolved)).await,
        E::MigrationRequested(_) => migration_requested(conn, &run_of!(MigrationRequested)).await,
        E::MigrationResolved(_) => migration_resolved(conn, &run_of!(MigrationResolved)).await,
        E::CertificateMigrated(_) => migrated(conn, &run_of!(CertificateMigrated)).await,
        E::TenureMoved(_) => {
            for (_, e) in run_of!(TenureMoved) {
                tenure_moved(conn, e).await?;
            }
            Ok(())
        }
        E::Staked(_) => staked(conn, &run_of!(Staked)).await,
        E::Unstaked(_) => unstaked(conn, &run_of!(Unstaked)).await,
        E::ProgramCreated(_) => program_created(conn, &run_of!(ProgramCreated)).await,
        E::ProgramClosed(_) => program_closed(conn, &run_of!(ProgramClosed)).await,
        E::AwardClaimed(_) => award_claimed(conn, &run_of!(AwardClaimed)).await,
        // Applied set-wise before the runs.
        E::CertificateIssued(_) | E::CertificateRevoked(_) => Ok(()),
    }
}
