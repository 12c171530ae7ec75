//! The contract's status rule (`Certificate::status_at` in contracts/shared) and the mirror's
//! (`certificate_status`, fed by the indexer's typed projection) cannot drift: random event
//! sequences go through the real writer into PostgreSQL and through a model that keeps the
//! contract's own records, and every certificate's status, holder and placement must agree.
//! Blocks and transactions are cut at random, so set-wise and in-order application meet every
//! interleaving a batch can hold.
use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use iktomi_indexer::decode::ContractEvent;
use iktomi_indexer::payload::payload;
use iktomi_indexer::store::{self, Cursor, IndexedBlock, IndexedEvent};
use iktomi_shared::events::*;
use iktomi_shared::ink::env::Event as InkEvent;
use iktomi_shared::{
    AccountId, Certificate, CertificateStatus, Kind, Placement, Revocation, RevocationReason,
    Timestamp, DAY_MS,
};
use parity_scale_codec::Encode;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, PgPool};

const ISSUERS: u8 = 3;
const HOLDERS: u8 = 4;

/// When a certificate expires, relative to the test's now. Never within a day of it, so the
/// database's `now()` and ours agree on which side of it they are.
#[derive(Debug, Clone, Copy)]
enum Expiry {
    Never,
    Past,
    Future,
}

#[derive(Debug, Clone)]
enum Op {
    Issue {
        issuer: u8,
        holder: u8,
        expiry: Expiry,
        pending: bool,
    },
    Supersede {
        target: usize,
        expiry: Expiry,
    },
    Revoke {
        target: usize,
        reason: u8,
    },
    Accept {
        target: usize,
    },
    Hide {
        target: usize,
    },
    SetExpiry {
        target: usize,
        expiry: Expiry,
    },
    Suspend {
        issuer: u8,
    },
    Reinstate {
        issuer: u8,
    },
    Migrate {
        target: usize,
        to: u8,
    },
    NextBlock,
    Commit,
}

fn expiry() -> impl Strategy<Value = Expiry> {
    prop_oneof![
        Just(Expiry::Never),
        Just(Expiry::Past),
        Just(Expiry::Future)
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..ISSUERS, 0..HOLDERS, expiry(), any::<bool>()).prop_map(
            |(issuer, holder, expiry, pending)| Op::Issue { issuer, holder, expiry, pending }
        ),
        2 => (any::<usize>(), expiry()).prop_map(|(target, expiry)| Op::Supersede { target, expiry }),
        2 => (any::<usize>(), 0..4u8).prop_map(|(target, reason)| Op::Revoke { target, reason }),
        1 => any::<usize>().prop_map(|target| Op::Accept { target }),
        1 => any::<usize>().prop_map(|target| Op::Hide { target }),
        2 => (any::<usize>(), expiry()).prop_map(|(target, expiry)| Op::SetExpiry { target, expiry }),
        1 => (0..ISSUERS).prop_map(|issuer| Op::Suspend { issuer }),
        1 => (0..ISSUERS).prop_map(|issuer| Op::Reinstate { issuer }),
        1 => (any::<usize>(), 0..HOLDERS).prop_map(|(target, to)| Op::Migrate { target, to }),
        2 => Just(Op::NextBlock),
        1 => Just(Op::Commit),
    ]
}

fn issuer(n: u8) -> AccountId {
    AccountId::from([10 + n; 32])
}

fn holder(n: u8) -> AccountId {
    AccountId::from([20 + n; 32])
}

/// The contracts' records after the events, as the registry keeps them.
struct Model {
    now: Timestamp,
    certificates: BTreeMap<u64, (Certificate, Placement)>,
    suspended: BTreeMap<AccountId, bool>,
    migrations: u64,
}

impl Model {
    fn time(&self, expiry: Expiry) -> Option<Timestamp> {
        match expiry {
            Expiry::Never => None,
            Expiry::Past => Some(self.now - DAY_MS),
            Expiry::Future => Some(self.now + DAY_MS),
        }
    }

    /// The `n`th (modulo) certificate that `eligible` admits.
    fn pick(&self, n: usize, eligible: impl Fn(&Certificate, Placement) -> bool) -> Option<u64> {
        let ids: Vec<u64> = self
            .certificates
            .iter()
            .filter(|(_, (c, p))| eligible(c, *p))
            .map(|(id, _)| *id)
            .collect();
        (!ids.is_empty()).then(|| ids[n % ids.len()])
    }

    fn issue(
        &mut self,
        issuer: AccountId,
        holder: AccountId,
        expires_at: Option<Timestamp>,
        supersedes: Option<u64>,
        pending: bool,
    ) -> ContractEvent {
        let id = self.certificates.len() as u64 + 1;
        let certificate = Certificate {
            issuer,
            holder,
            kind: Kind::Employment,
            content_hash: [id as u8; 32],
            issued_at: self.now - 2 * DAY_MS,
            expires_at,
            revocation: None,
            supersedes,
            superseded_by: None,
        };
        let placement = if pending {
            Placement::Pending
        } else {
            Placement::Listed
        };
        let event = CertificateIssued {
            id,
            issuer,
            holder,
            kind: certificate.kind,
            content_hash: certificate.content_hash,
            issued_at: certificate.issued_at,
            expires_at,
            supersedes,
            request: None,
            minter: None,
            pending,
        };
        self.certificates.insert(id, (certificate, placement));
        ContractEvent::CertificateIssued(event)
    }

    fn revoke(
        &mut self,
        id: u64,
        reason: RevocationReason,
        superseded_by: Option<u64>,
    ) -> Option<ContractEvent> {
        let at = self.now - DAY_MS / 2;
        let (c, _) = self.certificates.get_mut(&id)?;
        c.revocation = Some(Revocation { at, reason });
        c.superseded_by = superseded_by;
        Some(ContractEvent::CertificateRevoked(CertificateRevoked {
            id,
            issuer: c.issuer,
            holder: c.holder,
            reason,
            at,
            superseded_by,
        }))
    }

    /// The events `op` makes the contracts emit (none when it would be refused).
    fn events(&mut self, op: &Op) -> Vec<ContractEvent> {
        let now = self.now;
        let unrevoked = |c: &Certificate, _: Placement| c.revocation.is_none();
        match *op {
            Op::Issue {
                issuer: i,
                holder: h,
                expiry,
                pending,
            } => {
                let expires = self.time(expiry);
                vec![self.issue(issuer(i), holder(h), expires, None, pending)]
            }
            Op::Supersede { target, expiry } => {
                let Some(old) = self.pick(target, unrevoked) else {
                    return Vec::new();
                };
                let (c, _) = &self.certificates[&old];
                let (i, h) = (c.issuer, c.holder);
                let expires = self.time(expiry);
                let issued = self.issue(i, h, expires, Some(old), false);
                let new = self.certificates.len() as u64;
                let revoked = self.revoke(old, RevocationReason::Superseded, Some(new));
                std::iter::once(issued).chain(revoked).collect()
            }
            Op::Revoke { target, reason } => {
                let reason = match reason {
                    0 => RevocationReason::Dismissed,
                    1 => RevocationReason::IssuedInError,
                    2 => RevocationReason::Fraud,
                    _ => RevocationReason::Other(7),
                };
                self.pick(target, unrevoked)
                    .and_then(|id| self.revoke(id, reason, None))
                    .into_iter()
                    .collect()
            }
            Op::Accept { target } => {
                let Some(id) = self.pick(target, |_, p| p == Placement::Pending) else {
                    return Vec::new();
                };
                let (c, p) = self.certificates.get_mut(&id).expect("picked");
                *p = Placement::Listed;
                vec![ContractEvent::CertificateAccepted(CertificateAccepted {
                    id,
                    issuer: c.issuer,
                    holder: c.holder,
                    at: now,
                })]
            }
            Op::Hide { target } => {
                let Some(id) = self.pick(target, |_, p| p != Placement::Hidden) else {
                    return Vec::new();
                };
                let (c, p) = self.certificates.get_mut(&id).expect("picked");
                *p = Placement::Hidden;
                vec![ContractEvent::CertificateHidden(CertificateHidden {
                    id,
                    issuer: c.issuer,
                    holder: c.holder,
                    at: now,
                })]
            }
            Op::SetExpiry { target, expiry } => {
                let Some(id) = self.pick(target, unrevoked) else {
                    return Vec::new();
                };
                let expires_at = self.time(expiry);
                let (c, _) = self.certificates.get_mut(&id).expect("picked");
                c.expires_at = expires_at;
                vec![ContractEvent::ExpiryChanged(ExpiryChanged {
                    id,
                    issuer: c.issuer,
                    holder: c.holder,
                    expires_at,
                    at: now,
                    tenure_accrued_ms: None,
                })]
            }
            Op::Suspend { issuer: i } => self.set_suspended(issuer(i), true),
            Op::Reinstate { issuer: i } => self.set_suspended(issuer(i), false),
            Op::Migrate { target, to } => {
                let to = holder(to);
                let Some(id) = self.pick(target, |c, _| c.holder != to) else {
                    return Vec::new();
                };
                self.migrations += 1;
                let (c, _) = self.certificates.get_mut(&id).expect("picked");
                let from = std::mem::replace(&mut c.holder, to);
                vec![ContractEvent::CertificateMigrated(CertificateMigrated {
                    id,
                    from,
                    to,
                    migration: self.migrations,
                })]
            }
            Op::NextBlock | Op::Commit => Vec::new(),
        }
    }

    fn set_suspended(&mut self, account: AccountId, suspend: bool) -> Vec<ContractEvent> {
        let suspended = self.suspended.entry(account).or_default();
        if *suspended == suspend {
            return Vec::new();
        }
        *suspended = suspend;
        let at = self.now;
        vec![if suspend {
            ContractEvent::IssuerSuspended(IssuerSuspended {
                issuer: account,
                at,
            })
        } else {
            ContractEvent::IssuerReinstated(IssuerReinstated {
                issuer: account,
                at,
            })
        }]
    }
}

/// The SCALE bytes and signature topic the contract would have logged.
fn logged(event: &ContractEvent) -> (Vec<u8>, [u8; 32]) {
    fn of<E: InkEvent + Encode>(e: &E) -> (Vec<u8>, [u8; 32]) {
        (e.encode(), E::SIGNATURE_TOPIC.unwrap_or_default())
    }
    match event {
        ContractEvent::IssuerRegistered(e) => of(e),
        ContractEvent::IssuerSuspended(e) => of(e),
        ContractEvent::IssuerReinstated(e) => of(e),
        ContractEvent::CertificateIssued(e) => of(e),
        ContractEvent::CertificateRevoked(e) => of(e),
        ContractEvent::CertificateAccepted(e) => of(e),
        ContractEvent::CertificateHidden(e) => of(e),
        ContractEvent::ExpiryChanged(e) => of(e),
        ContractEvent::CertificateMigrated(e) => of(e),
        other => panic!("the model does not emit {}", other.name()),
    }
}

fn status_name(s: CertificateStatus) -> &'static str {
    match s {
        CertificateStatus::Active => "active",
        CertificateStatus::Expired => "expired",
        CertificateStatus::Revoked(_) => "revoked",
        CertificateStatus::Superseded(_) => "superseded",
        CertificateStatus::IssuerSuspended => "issuer_suspended",
    }
}

fn placement_name(p: Placement) -> &'static str {
    match p {
        Placement::Listed => "listed",
        Placement::Pending => "pending",
        Placement::Hidden => "hidden",
    }
}

/// Cuts the events into blocks and batches as `ops` says, writes them, and compares.
async fn check(pool: &PgPool, ops: &[Op]) -> anyhow::Result<()> {
    sqlx::query!("TRUNCATE chain_events, indexer_cursor, certificates, issuers, certificate_moves")
        .execute(pool)
        .await?;
    store::init_cursor(
        pool,
        &Cursor {
            genesis_hash: [0; 32],
            registry: [1; 32],
            tenure: [2; 32],
            last_block_number: 0,
            last_block_hash: [0; 32],
        },
    )
    .await?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() as u64;
    let mut model = Model {
        now,
        certificates: BTreeMap::new(),
        suspended: BTreeMap::new(),
        migrations: 0,
    };
    let registrations = (0..ISSUERS).map(|i| {
        ContractEvent::IssuerRegistered(IssuerRegistered {
            issuer: issuer(i),
            organization: [i; 16],
            metadata_hash: [i; 32],
            at: now - 3 * DAY_MS,
        })
    });
    let mut batches: Vec<Vec<IndexedBlock>> = vec![Vec::new()];
    let mut block = IndexedBlock {
        number: 1,
        hash: [1; 32],
        events: Vec::new(),
    };
    let mut logged_events = Vec::new();
    let mut steps: Vec<(Option<&Op>, Vec<ContractEvent>)> = vec![(None, registrations.collect())];
    for op in ops {
        steps.push((Some(op), model.events(op)));
    }
    for (op, events) in steps {
        for event in events {
            let (raw, topic) = logged(&event);
            logged_events.push(event.clone());
            block.events.push(IndexedEvent {
                index: block.events.len() as u32,
                extrinsic: Some(1),
                contract: [1; 32],
                topics: vec![topic],
                raw,
                event,
            });
        }
        if matches!(op, Some(Op::NextBlock | Op::Commit)) {
            let number = block.number + 1;
            let done = std::mem::replace(
                &mut block,
                IndexedBlock {
                    number,
                    hash: [number as u8; 32],
                    events: Vec::new(),
                },
            );
            batches.last_mut().expect("one batch").push(done);
            if matches!(op, Some(Op::Commit)) {
                batches.push(Vec::new());
            }
        }
    }
    batches.last_mut().expect("one batch").push(block);
    for batch in &batches {
        store::write_blocks(pool, batch).await?;
    }

    let rows = sqlx::query!(
        r#"SELECT s.id AS "id!", s.status AS "status!", c.holder, c.placement
           FROM certificate_status s JOIN certificates c USING (id) ORDER BY id"#
    )
    .fetch_all(pool)
    .await?;
    // Holders by their one repeated byte, so a failure reads.
    let found: Vec<(u64, &str, Option<u8>, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.id as u64,
                r.status.as_str(),
                r.holder.first().copied(),
                r.placement.as_str(),
            )
        })
        .collect();
    let expected: Vec<(u64, &str, Option<u8>, &str)> = model
        .certificates
        .iter()
        .map(|(id, (c, p))| {
            let suspended = model.suspended.get(&c.issuer).copied().unwrap_or_default();
            (
                *id,
                status_name(c.status_at(now, suspended)),
                AsRef::<[u8]>::as_ref(&c.holder).first().copied(),
                placement_name(*p),
            )
        })
        .collect();
    anyhow::ensure!(
        found == expected,
        "the mirror differs from the contract's records:\n found    {found:?}\n expected {expected:?}"
    );

    // The JSON rendering, written later in small rounds, is each event's own.
    while store::render_payloads(pool, 7).await? > 0 {}
    let rendered: Vec<Option<serde_json::Value>> =
        sqlx::query_scalar!("SELECT payload FROM chain_events ORDER BY block_number, event_index")
            .fetch_all(pool)
            .await?;
    let expected: Vec<Option<serde_json::Value>> =
        logged_events.iter().map(|e| Some(payload(e))).collect();
    anyhow::ensure!(rendered == expected, "rendered payloads differ");
    Ok(())
}

/// A database of its own, dropped at the end (a sync test drives proptest's runner, so
/// `#[sqlx::test]`'s async harness does not fit).
struct ScratchDb {
    admin: PgPool,
    name: String,
    pool: PgPool,
}

impl ScratchDb {
    async fn create() -> anyhow::Result<Self> {
        let url = std::env::var("DATABASE_URL")?;
        let options = PgConnectOptions::from_str(&url)?;
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone().database("postgres"))
            .await?;
        // Built from a fixed label and the process id only.
        let name = format!("iktomi_status_parity_{}", std::process::id());
        sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}")))
            .execute(&admin)
            .await?;
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await?;
        let pool = PgPoolOptions::new()
            .max_connections(2)
            .connect_with(options.database(&name))
            .await?;
        store::migrate(&pool).await?;
        Ok(Self { admin, name, pool })
    }

    async fn drop(self) -> anyhow::Result<()> {
        self.pool.close().await;
        sqlx::query(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {}",
            self.name
        )))
        .execute(&self.admin)
        .await?;
        Ok(())
    }
}

#[test]
fn the_mirrored_status_is_the_contracts_status_rule_for_random_event_sequences() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let db = runtime.block_on(ScratchDb::create()).expect("a database");
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&proptest::collection::vec(op(), 1..80), |ops| {
        runtime
            .block_on(check(&db.pool, &ops))
            .map_err(|e| TestCaseError::fail(format!("{e:#}")))
    });
    runtime.block_on(db.drop()).expect("dropping the database");
    if let Err(e) = result {
        panic!("{e}");
    }
}
