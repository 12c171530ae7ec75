//! Unit tests of every registry message on ink!'s off-chain engine: each success, each
//! rejection, and the events (with their topics) each one emits.
use crate::{Error, Registry, MAX_BATCH, MAX_HOLDINGS, MAX_PAGE};
use iktomi_shared::{events::*, *};
use ink::env::test::{self, DefaultAccounts, EmittedEvent};
use ink::env::DefaultEnvironment as Env;
use ink::scale::{Decode, Encode};

const HASH: Hash32 = [7; 32];
const ORG: OrganizationId = [9; 16];
const YEAR_MS: u64 = 365 * DAY_MS;

struct World {
    registry: Registry,
    /// alice: operator; bob: employer; charlie: holder; django: university; eve: outsider;
    /// frank: charlie's new wallet.
    a: DefaultAccounts<Env>,
}

fn as_caller(account: AccountId) {
    test::set_caller::<Env>(account);
}

fn at(ms: Timestamp) {
    test::set_block_timestamp::<Env>(ms);
}

/// A registry with bob and django registered as issuers, the clock at 1,000 ms.
fn world() -> World {
    let a = test::default_accounts::<Env>();
    at(1_000);
    as_caller(a.alice);
    let mut registry = Registry::new();
    registry.register_issuer(a.bob, ORG, HASH).unwrap();
    registry.register_issuer(a.django, [8; 16], HASH).unwrap();
    // charlie works for bob and studied with django: their certificates are listed directly.
    as_caller(a.charlie);
    registry.trust_issuer(a.bob, true).unwrap();
    registry.trust_issuer(a.django, true).unwrap();
    as_caller(a.alice);
    World { registry, a }
}

impl World {
    /// `to` accepts migration `id`, as its second signature.
    fn accept_migration(&mut self, to: AccountId, id: MigrationId) {
        as_caller(to);
        self.registry.accept_migration(id).unwrap();
    }
    fn issue(&mut self, issuer: AccountId, holder: AccountId, kind: Kind) -> CertificateId {
        as_caller(issuer);
        self.registry.issue(holder, kind, HASH, None, None).unwrap()
    }

    fn employ(&mut self) -> CertificateId {
        let (bob, charlie) = (self.a.bob, self.a.charlie);
        self.issue(bob, charlie, Kind::Employment)
    }
}

fn recorded() -> Vec<EmittedEvent> {
    test::recorded_events().collect()
}

/// Every recorded event of type `E`, checked against its signature topic.
fn emitted<E: Decode + ink::env::Event>() -> Vec<(E, Vec<Vec<u8>>)> {
    let signature = E::SIGNATURE_TOPIC
        .expect("events are not anonymous")
        .to_vec();
    recorded()
        .into_iter()
        .filter(|event| event.topics.first() == Some(&signature))
        .map(|event| {
            (
                E::decode(&mut &event.data[..]).expect("event decodes"),
                event.topics,
            )
        })
        .collect()
}

fn last<E: Decode + ink::env::Event>() -> E {
    emitted::<E>().pop().expect("event was emitted").0
}

/// The topic ink! publishes for a value: its SCALE bytes, zero-padded to 32.
fn topic<T: Encode>(value: &T) -> Vec<u8> {
    let mut bytes = value.encode();
    bytes.resize(32, 0);
    bytes
}

// ---- operator --------------------------------------------------------------------------

#[ink::test]
fn the_deployer_is_the_operator() {
    let w = world();
    assert_eq!(w.registry.operator(), w.a.alice);
}

#[ink::test]
fn the_operator_registers_an_issuer_and_it_is_announced() {
    let w = world();
    let issuer = w.registry.issuer(w.a.bob).unwrap();
    assert_eq!(
        issuer,
        Issuer {
            organization: ORG,
            metadata_hash: HASH,
            registered_at: 1_000,
            suspended_at: None
        }
    );
    let (event, topics) = emitted::<IssuerRegistered>().remove(0);
    assert_eq!(
        event,
        IssuerRegistered {
            issuer: w.a.bob,
            organization: ORG,
            metadata_hash: HASH,
            at: 1_000
        }
    );
    assert_eq!(topics[1], topic(&w.a.bob));
}

#[ink::test]
fn only_the_operator_registers_suspends_and_reinstates() {
    let mut w = world();
    as_caller(w.a.eve);
    assert_eq!(
        w.registry.register_issuer(w.a.eve, ORG, HASH),
        Err(Error::NotOperator)
    );
    assert_eq!(w.registry.suspend_issuer(w.a.bob), Err(Error::NotOperator));
    assert_eq!(
        w.registry.reinstate_issuer(w.a.bob),
        Err(Error::NotOperator)
    );
    assert!(w.registry.issuer(w.a.eve).is_none());
}

#[ink::test]
fn an_issuer_is_registered_once() {
    let mut w = world();
    assert_eq!(
        w.registry.register_issuer(w.a.bob, [1; 16], [1; 32]),
        Err(Error::IssuerExists)
    );
    assert_eq!(w.registry.issuer(w.a.bob).unwrap().organization, ORG);
}

#[ink::test]
fn suspension_and_reinstatement_follow_each_other() {
    let mut w = world();
    assert_eq!(
        w.registry.suspend_issuer(w.a.eve),
        Err(Error::UnknownIssuer)
    );
    assert_eq!(
        w.registry.reinstate_issuer(w.a.bob),
        Err(Error::IssuerNotSuspended)
    );
    at(2_000);
    w.registry.suspend_issuer(w.a.bob).unwrap();
    assert_eq!(
        w.registry.suspend_issuer(w.a.bob),
        Err(Error::IssuerSuspended)
    );
    assert_eq!(
        w.registry.issuer(w.a.bob).unwrap().suspended_at,
        Some(2_000)
    );
    assert_eq!(
        last::<IssuerSuspended>(),
        IssuerSuspended {
            issuer: w.a.bob,
            at: 2_000
        }
    );
    w.registry.reinstate_issuer(w.a.bob).unwrap();
    assert_eq!(w.registry.issuer(w.a.bob).unwrap().suspended_at, None);
    assert_eq!(
        last::<IssuerReinstated>(),
        IssuerReinstated {
            issuer: w.a.bob,
            at: 2_000
        }
    );
}

#[ink::test]
fn the_operator_role_changes_hands_only_when_accepted() {
    let mut w = world();
    as_caller(w.a.eve);
    assert_eq!(
        w.registry.propose_operator(w.a.eve),
        Err(Error::NotOperator)
    );
    as_caller(w.a.alice);
    w.registry.propose_operator(w.a.frank).unwrap();
    assert_eq!(
        last::<OperatorProposed>(),
        OperatorProposed {
            operator: w.a.alice,
            proposed: w.a.frank
        }
    );
    as_caller(w.a.eve);
    assert_eq!(
        w.registry.accept_operator(),
        Err(Error::NotProposedOperator)
    );
    assert_eq!(w.registry.operator(), w.a.alice);
    as_caller(w.a.frank);
    w.registry.accept_operator().unwrap();
    assert_eq!(w.registry.operator(), w.a.frank);
    assert_eq!(
        last::<OperatorChanged>(),
        OperatorChanged {
            previous: w.a.alice,
            operator: w.a.frank
        }
    );
    as_caller(w.a.alice);
    assert_eq!(
        w.registry.register_issuer(w.a.eve, ORG, HASH),
        Err(Error::NotOperator)
    );
    as_caller(w.a.frank);
    assert_eq!(
        w.registry.accept_operator(),
        Err(Error::NotProposedOperator),
        "a proposal is used once"
    );
}

// ---- issuing ---------------------------------------------------------------------------

#[ink::test]
fn an_issuer_issues_a_certificate_that_is_read_back_and_announced() {
    let mut w = world();
    as_caller(w.a.bob);
    let id = w
        .registry
        .issue(w.a.charlie, Kind::Diploma, HASH, Some(50_000), None)
        .unwrap();
    assert_eq!(id, 1);
    let cert = w.registry.certificate(id).unwrap();
    assert_eq!(
        cert,
        Certificate {
            issuer: w.a.bob,
            holder: w.a.charlie,
            kind: Kind::Diploma,
            content_hash: HASH,
            issued_at: 1_000,
            expires_at: Some(50_000),
            revocation: None,
            supersedes: None,
            superseded_by: None,
        }
    );
    assert_eq!(w.registry.status(id), Some(CertificateStatus::Active));
    assert_eq!(w.registry.owner_of(id), Some(w.a.charlie));
    assert_eq!(w.registry.balance_of(w.a.charlie), 1);
    assert_eq!(w.registry.certificates_of(w.a.charlie, 0, 10), vec![id]);
    assert_eq!(w.registry.total_supply(), 1);
    let (event, topics) = emitted::<CertificateIssued>().remove(0);
    assert_eq!(event.id, id);
    assert_eq!(
        (event.issuer, event.holder, event.kind),
        (w.a.bob, w.a.charlie, Kind::Diploma)
    );
    assert_eq!(
        (
            event.expires_at,
            event.supersedes,
            event.request,
            event.minter
        ),
        (Some(50_000), None, None, None)
    );
    assert_eq!(
        topics[1..],
        [topic(&id), topic(&w.a.bob), topic(&w.a.charlie)]
    );
}

#[ink::test]
fn unknown_and_suspended_issuers_cannot_issue() {
    let mut w = world();
    as_caller(w.a.eve);
    assert_eq!(
        w.registry
            .issue(w.a.charlie, Kind::Course, HASH, None, None),
        Err(Error::UnknownIssuer)
    );
    as_caller(w.a.alice);
    w.registry.suspend_issuer(w.a.bob).unwrap();
    as_caller(w.a.bob);
    assert_eq!(
        w.registry
            .issue(w.a.charlie, Kind::Course, HASH, None, None),
        Err(Error::IssuerSuspended)
    );
    assert_eq!(w.registry.total_supply(), 0);
}

#[ink::test]
fn a_suspended_issuers_certificates_stay_readable_and_show_it() {
    let mut w = world();
    let id = w.issue(w.a.bob, w.a.charlie, Kind::Course);
    as_caller(w.a.alice);
    w.registry.suspend_issuer(w.a.bob).unwrap();
    assert_eq!(
        w.registry.status(id),
        Some(CertificateStatus::IssuerSuspended)
    );
    assert!(w.registry.certificate(id).is_some());
    w.registry.reinstate_issuer(w.a.bob).unwrap();
    assert_eq!(w.registry.status(id), Some(CertificateStatus::Active));
}

#[ink::test]
fn an_expiry_must_lie_in_the_future_and_is_honoured() {
    let mut w = world();
    as_caller(w.a.bob);
    assert_eq!(
        w.registry
            .issue(w.a.charlie, Kind::Course, HASH, Some(1_000), None),
        Err(Error::ExpiryInPast)
    );
    let id = w
        .registry
        .issue(w.a.charlie, Kind::Course, HASH, Some(5_000), None)
        .unwrap();
    at(4_999);
    assert_eq!(w.registry.status(id), Some(CertificateStatus::Active));
    at(5_000);
    assert_eq!(w.registry.status(id), Some(CertificateStatus::Expired));
}

#[ink::test]
fn the_issuer_renews_an_expiry_and_nobody_else_does() {
    let mut w = world();
    as_caller(w.a.bob);
    let id = w
        .registry
        .issue(w.a.charlie, Kind::Course, HASH, Some(5_000), None)
        .unwrap();
    at(6_000);
    as_caller(w.a.django);
    assert_eq!(
        w.registry.set_expiry(id, Some(10_000)),
        Err(Error::NotIssuer)
    );
    as_caller(w.a.bob);
    assert_eq!(
        w.registry.set_expiry(id, Some(6_000)),
        Err(Error::ExpiryInPast)
    );
    assert_eq!(
        w.registry.set_expiry(99, None),
        Err(Error::CertificateNotFound)
    );
    w.registry.set_expiry(id, Some(10_000)).unwrap();
    assert_eq!(w.registry.status(id), Some(CertificateStatus::Active));
    assert_eq!(
        last::<ExpiryChanged>(),
        ExpiryChanged {
            id,
            issuer: w.a.bob,
            holder: w.a.charlie,
            expires_at: Some(10_000),
            at: 6_000,
            tenure_accrued_ms: None,
        }
    );
    w.registry
        .revoke(id, RevocationReason::IssuedInError)
        .unwrap();
    assert_eq!(
        w.registry.set_expiry(id, None),
        Err(Error::CertificateRevoked)
    );
}

#[ink::test]
fn the_issuer_revokes_with_a_reason_and_the_record_stays() {
    let mut w = world();
    let id = w.employ();
    at(3_000);
    as_caller(w.a.django);
    assert_eq!(
        w.registry.revoke(id, RevocationReason::Fraud),
        Err(Error::NotIssuer)
    );
    as_caller(w.a.bob);
    assert_eq!(
        w.registry.revoke(id, RevocationReason::Superseded),
        Err(Error::ReservedReason)
    );
    assert_eq!(
        w.registry.revoke(42, RevocationReason::Fraud),
        Err(Error::CertificateNotFound)
    );
    w.registry.revoke(id, RevocationReason::Dismissed).unwrap();
    assert_eq!(
        w.registry.status(id),
        Some(CertificateStatus::Revoked(RevocationReason::Dismissed))
    );
    assert_eq!(
        w.registry.certificate(id).unwrap().revocation,
        Some(Revocation {
            at: 3_000,
            reason: RevocationReason::Dismissed
        })
    );
    assert_eq!(
        w.registry.balance_of(w.a.charlie),
        0,
        "a revoked certificate leaves the list (and the cap)"
    );
    assert!(w.registry.certificate(id).is_some(), "history is kept");
    assert_eq!(
        w.registry.revoke(id, RevocationReason::Fraud),
        Err(Error::CertificateRevoked)
    );
    let (event, topics) = emitted::<CertificateRevoked>().remove(0);
    assert_eq!(
        event,
        CertificateRevoked {
            id,
            issuer: w.a.bob,
            holder: w.a.charlie,
            reason: RevocationReason::Dismissed,
            at: 3_000,
            superseded_by: None
        }
    );
    assert_eq!(
        topics[1..],
        [topic(&id), topic(&w.a.bob), topic(&w.a.charlie)]
    );
}

#[ink::test]
fn a_promotion_supersedes_the_old_certificate_and_links_both() {
    let mut w = world();
    let old = w.employ();
    at(2_000);
    as_caller(w.a.bob);
    let new = w
        .registry
        .issue(w.a.charlie, Kind::Employment, [1; 32], None, Some(old))
        .unwrap();
    assert_eq!(
        w.registry.status(old),
        Some(CertificateStatus::Superseded(new))
    );
    assert_eq!(
        w.registry.certificate(old).unwrap().superseded_by,
        Some(new)
    );
    assert_eq!(
        w.registry
            .certificate(old)
            .unwrap()
            .revocation
            .unwrap()
            .reason,
        RevocationReason::Superseded
    );
    assert_eq!(w.registry.certificate(new).unwrap().supersedes, Some(old));
    assert_eq!(w.registry.status(new), Some(CertificateStatus::Active));
    assert_eq!(last::<CertificateIssued>().supersedes, Some(old));
    assert_eq!(
        last::<CertificateRevoked>(),
        CertificateRevoked {
            id: old,
            issuer: w.a.bob,
            holder: w.a.charlie,
            reason: RevocationReason::Superseded,
            at: 2_000,
            superseded_by: Some(new)
        }
    );
}

#[ink::test]
fn a_supersede_keeps_issuer_and_holder_and_needs_an_active_certificate() {
    let mut w = world();
    let old = w.employ();
    as_caller(w.a.django);
    assert_eq!(
        w.registry
            .issue(w.a.charlie, Kind::Employment, HASH, None, Some(old)),
        Err(Error::ForeignSupersede)
    );
    as_caller(w.a.bob);
    assert_eq!(
        w.registry
            .issue(w.a.eve, Kind::Employment, HASH, None, Some(old)),
        Err(Error::ForeignSupersede)
    );
    assert_eq!(
        w.registry
            .issue(w.a.charlie, Kind::Employment, HASH, None, Some(77)),
        Err(Error::CertificateNotFound)
    );
    w.registry.revoke(old, RevocationReason::Dismissed).unwrap();
    assert_eq!(
        w.registry
            .issue(w.a.charlie, Kind::Employment, HASH, None, Some(old)),
        Err(Error::CertificateRevoked)
    );
    let expiring = w
        .registry
        .issue(w.a.charlie, Kind::Employment, HASH, Some(2_000), None)
        .unwrap();
    at(2_000);
    assert_eq!(
        w.registry
            .issue(w.a.charlie, Kind::Employment, HASH, None, Some(expiring)),
        Err(Error::CertificateExpired)
    );
    assert_eq!(
        w.registry.total_supply(),
        2,
        "failed supersedes issue nothing"
    );
}

#[ink::test]
fn a_batch_issues_all_or_nothing() {
    let mut w = world();
    let item = |holder, expires_at| IssueItem {
        holder,
        kind: Kind::Event,
        content_hash: HASH,
        expires_at,
    };
    as_caller(w.a.bob);
    assert_eq!(w.registry.issue_batch(vec![]), Err(Error::BadBatchSize));
    let too_many = (0..=MAX_BATCH).map(|_| item(w.a.charlie, None)).collect();
    assert_eq!(w.registry.issue_batch(too_many), Err(Error::BadBatchSize));
    let one_bad = vec![item(w.a.charlie, None), item(w.a.eve, Some(10))];
    assert_eq!(w.registry.issue_batch(one_bad), Err(Error::ExpiryInPast));
    assert_eq!(w.registry.total_supply(), 0);
    let ids = w
        .registry
        .issue_batch(vec![
            item(w.a.charlie, None),
            item(w.a.eve, None),
            item(w.a.charlie, None),
        ])
        .unwrap();
    assert_eq!(ids, vec![1, 2, 3]);
    assert_eq!(w.registry.balance_of(w.a.charlie), 2);
    assert_eq!(emitted::<CertificateIssued>().len(), 3);
    as_caller(w.a.eve);
    assert_eq!(
        w.registry.issue_batch(vec![item(w.a.charlie, None)]),
        Err(Error::UnknownIssuer)
    );
}

#[ink::test]
fn a_holder_holds_at_most_max_holdings() {
    let mut w = world();
    as_caller(w.a.bob);
    let item = IssueItem {
        holder: w.a.charlie,
        kind: Kind::Badge,
        content_hash: HASH,
        expires_at: None,
    };
    for _ in 0..(MAX_HOLDINGS / MAX_BATCH) {
        w.registry
            .issue_batch(vec![item.clone(); MAX_BATCH as usize])
            .unwrap();
    }
    assert_eq!(
        w.registry.issue(w.a.charlie, Kind::Badge, HASH, None, None),
        Err(Error::HolderFull)
    );
    assert_eq!(w.registry.issue_batch(vec![item]), Err(Error::HolderFull));
    assert_eq!(
        w.registry.certificates_of(w.a.charlie, 0, 1_000).len() as u32,
        MAX_PAGE,
        "pages are capped"
    );
    assert_eq!(
        w.registry.certificates_of(w.a.charlie, 995, 10),
        vec![996, 997, 998, 999, 1000]
    );
}

#[ink::test]
fn a_minter_issues_only_the_kinds_its_issuer_allowed() {
    let mut w = world();
    let minter = w.a.frank;
    as_caller(minter);
    assert_eq!(
        w.registry
            .issue_for(w.a.bob, w.a.charlie, Kind::Award, HASH),
        Err(Error::NotMinter)
    );
    as_caller(w.a.eve);
    assert_eq!(
        w.registry.set_minter(minter, Kind::Award, true),
        Err(Error::UnknownIssuer)
    );
    as_caller(w.a.bob);
    w.registry.set_minter(minter, Kind::Award, true).unwrap();
    assert!(w.registry.is_minter(w.a.bob, minter, Kind::Award));
    assert_eq!(
        last::<MinterChanged>(),
        MinterChanged {
            issuer: w.a.bob,
            minter,
            kind: Kind::Award,
            allowed: true
        }
    );
    as_caller(minter);
    assert_eq!(
        w.registry
            .issue_for(w.a.bob, w.a.charlie, Kind::Diploma, HASH),
        Err(Error::NotMinter)
    );
    assert_eq!(
        w.registry
            .issue_for(w.a.django, w.a.charlie, Kind::Award, HASH),
        Err(Error::NotMinter)
    );
    let id = w
        .registry
        .issue_for(w.a.bob, w.a.charlie, Kind::Award, HASH)
        .unwrap();
    assert_eq!(w.registry.certificate(id).unwrap().issuer, w.a.bob);
    assert_eq!(last::<CertificateIssued>().minter, Some(minter));
    as_caller(w.a.bob);
    w.registry.set_minter(minter, Kind::Award, false).unwrap();
    as_caller(minter);
    assert_eq!(
        w.registry
            .issue_for(w.a.bob, w.a.charlie, Kind::Award, HASH),
        Err(Error::NotMinter)
    );
}

#[ink::test]
fn certificates_are_soulbound() {
    let mut w = world();
    let id = w.employ();
    as_caller(w.a.charlie);
    assert_eq!(
        w.registry.transfer(w.a.eve, id, vec![]),
        Err(Error::Soulbound)
    );
    assert_eq!(
        w.registry.approve(w.a.eve, Some(id), true),
        Err(Error::Soulbound)
    );
    assert_eq!(w.registry.owner_of(id), Some(w.a.charlie));
    assert_eq!(w.registry.locked(id), Ok(true));
    assert_eq!(w.registry.locked(id + 1), Err(Error::CertificateNotFound));
}

#[ink::test]
fn unknown_ids_read_as_nothing() {
    let w = world();
    assert_eq!(w.registry.certificate(1), None);
    assert_eq!(w.registry.status(1), None);
    assert_eq!(w.registry.owner_of(1), None);
    assert_eq!(w.registry.request(1), None);
    assert_eq!(w.registry.migration(1), None);
    assert_eq!(
        w.registry.certificates_of(w.a.charlie, 0, 10),
        Vec::<CertificateId>::new()
    );
}

// ---- requests --------------------------------------------------------------------------

fn request(w: &mut World) -> RequestId {
    as_caller(w.a.charlie);
    w.registry
        .request_certificate(w.a.django, Kind::Course, HASH, Some(90_000))
        .unwrap()
}

#[ink::test]
fn a_requested_certificate_is_issued_on_approval() {
    let mut w = world();
    let rid = request(&mut w);
    assert_eq!(
        w.registry.request(rid).unwrap().state,
        RequestState::Pending
    );
    let (event, topics) = emitted::<CertificateRequested>().remove(0);
    assert_eq!(
        event,
        CertificateRequested {
            id: rid,
            issuer: w.a.django,
            holder: w.a.charlie,
            kind: Kind::Course,
            content_hash: HASH,
            expires_at: Some(90_000),
            at: 1_000
        }
    );
    assert_eq!(
        topics[1..],
        [topic(&rid), topic(&w.a.django), topic(&w.a.charlie)]
    );
    as_caller(w.a.bob);
    assert_eq!(w.registry.approve_request(rid), Err(Error::NotIssuer));
    as_caller(w.a.django);
    let id = w.registry.approve_request(rid).unwrap();
    assert_eq!(
        w.registry.request(rid).unwrap().state,
        RequestState::Approved(id)
    );
    assert_eq!(w.registry.owner_of(id), Some(w.a.charlie));
    assert_eq!(last::<CertificateIssued>().request, Some(rid));
    assert_eq!(last::<RequestResolved>().state, RequestState::Approved(id));
    assert_eq!(w.registry.approve_request(rid), Err(Error::NotPending));
    assert_eq!(w.registry.reject_request(rid, 1), Err(Error::NotPending));
}

#[ink::test]
fn a_request_can_be_rejected_by_the_issuer_or_cancelled_by_the_holder() {
    let mut w = world();
    let rejected = request(&mut w);
    let cancelled = request(&mut w);
    as_caller(w.a.bob);
    assert_eq!(
        w.registry.reject_request(rejected, 3),
        Err(Error::NotIssuer)
    );
    as_caller(w.a.django);
    w.registry.reject_request(rejected, 3).unwrap();
    assert_eq!(
        w.registry.request(rejected).unwrap().state,
        RequestState::Rejected(3)
    );
    assert_eq!(w.registry.cancel_request(cancelled), Err(Error::NotHolder));
    as_caller(w.a.charlie);
    w.registry.cancel_request(cancelled).unwrap();
    assert_eq!(
        w.registry.request(cancelled).unwrap().state,
        RequestState::Cancelled
    );
    assert_eq!(w.registry.total_supply(), 0);
    assert_eq!(w.registry.cancel_request(9), Err(Error::RequestNotFound));
    let resolved: Vec<_> = emitted::<RequestResolved>()
        .into_iter()
        .map(|(e, _)| e.state)
        .collect();
    assert_eq!(
        resolved,
        vec![RequestState::Rejected(3), RequestState::Cancelled]
    );
}

#[ink::test]
fn requests_go_to_active_issuers_and_are_approved_by_active_issuers() {
    let mut w = world();
    as_caller(w.a.charlie);
    assert_eq!(
        w.registry
            .request_certificate(w.a.eve, Kind::Course, HASH, None),
        Err(Error::UnknownIssuer)
    );
    assert_eq!(
        w.registry
            .request_certificate(w.a.django, Kind::Course, HASH, Some(10)),
        Err(Error::ExpiryInPast)
    );
    let rid = request(&mut w);
    as_caller(w.a.alice);
    w.registry.suspend_issuer(w.a.django).unwrap();
    as_caller(w.a.django);
    assert_eq!(w.registry.approve_request(rid), Err(Error::IssuerSuspended));
    as_caller(w.a.alice);
    w.registry.reinstate_issuer(w.a.django).unwrap();
    at(90_000);
    as_caller(w.a.django);
    assert_eq!(
        w.registry.approve_request(rid),
        Err(Error::CertificateExpired)
    );
    assert_eq!(
        w.registry.request(rid).unwrap().state,
        RequestState::Pending
    );
}

// ---- wallet migration ------------------------------------------------------------------

#[ink::test]
fn a_certificate_moves_to_a_new_wallet_only_when_the_issuer_approves() {
    let mut w = world();
    let id = w.issue(w.a.django, w.a.charlie, Kind::Diploma);
    as_caller(w.a.eve);
    assert_eq!(
        w.registry
            .request_migration(w.a.django, MigrationScope::One(id), w.a.frank),
        Err(Error::NotHolder)
    );
    as_caller(w.a.charlie);
    assert_eq!(
        w.registry
            .request_migration(w.a.django, MigrationScope::One(id), w.a.charlie),
        Err(Error::SameAccount)
    );
    assert_eq!(
        w.registry
            .request_migration(w.a.bob, MigrationScope::One(id), w.a.frank),
        Err(Error::NotIssuer)
    );
    let mid = w
        .registry
        .request_migration(w.a.django, MigrationScope::One(id), w.a.frank)
        .unwrap();
    assert_eq!(
        w.registry.owner_of(id),
        Some(w.a.charlie),
        "nothing moves before approval"
    );
    assert_eq!(
        w.registry.approve_migration(mid),
        Err(Error::NotIssuer),
        "the holder cannot approve"
    );
    as_caller(w.a.bob);
    assert_eq!(w.registry.approve_migration(mid), Err(Error::NotIssuer));
    w.accept_migration(w.a.frank, mid);
    as_caller(w.a.django);
    assert_eq!(w.registry.approve_migration(mid), Ok(1));
    assert_eq!(w.registry.owner_of(id), Some(w.a.frank));
    assert_eq!(
        (
            w.registry.balance_of(w.a.charlie),
            w.registry.balance_of(w.a.frank)
        ),
        (0, 1)
    );
    assert_eq!(w.registry.certificates_of(w.a.frank, 0, 10), vec![id]);
    assert_eq!(
        w.registry.migration(mid).unwrap().state,
        MigrationState::Approved(1)
    );
    let (event, topics) = emitted::<CertificateMigrated>().remove(0);
    assert_eq!(
        event,
        CertificateMigrated {
            id,
            from: w.a.charlie,
            to: w.a.frank,
            migration: mid
        }
    );
    assert_eq!(
        topics[1..],
        [topic(&id), topic(&w.a.charlie), topic(&w.a.frank)]
    );
    assert_eq!(w.registry.approve_migration(mid), Err(Error::NotPending));
}

#[ink::test]
fn a_migration_can_be_rejected_or_cancelled() {
    let mut w = world();
    let id = w.issue(w.a.django, w.a.charlie, Kind::Diploma);
    as_caller(w.a.charlie);
    let rejected = w
        .registry
        .request_migration(w.a.django, MigrationScope::One(id), w.a.frank)
        .unwrap();
    let cancelled = w
        .registry
        .request_migration(w.a.django, MigrationScope::One(id), w.a.frank)
        .unwrap();
    as_caller(w.a.django);
    w.registry.reject_migration(rejected).unwrap();
    assert_eq!(
        w.registry.cancel_migration(cancelled),
        Err(Error::NotHolder)
    );
    as_caller(w.a.charlie);
    assert_eq!(
        w.registry.reject_migration(cancelled),
        Err(Error::NotIssuer)
    );
    w.registry.cancel_migration(cancelled).unwrap();
    assert_eq!(
        w.registry.cancel_migration(99),
        Err(Error::MigrationNotFound)
    );
    assert_eq!(w.registry.owner_of(id), Some(w.a.charlie));
    let states: Vec<_> = emitted::<MigrationResolved>()
        .into_iter()
        .map(|(e, _)| e.state)
        .collect();
    assert_eq!(
        states,
        vec![MigrationState::Rejected, MigrationState::Cancelled]
    );
}

#[ink::test]
fn a_whole_issuer_migration_moves_its_certificates_and_tenure_only() {
    let mut w = world();
    at(0);
    let job = w.employ();
    let course = w.issue(w.a.bob, w.a.charlie, Kind::Course);
    let diploma = w.issue(w.a.django, w.a.charlie, Kind::Diploma);
    as_caller(w.a.charlie);
    w.registry.stake(job).unwrap();
    assert_eq!(
        w.registry
            .request_migration(w.a.bob, MigrationScope::One(job), w.a.frank)
            .and_then(|mid| {
                as_caller(w.a.frank);
                w.registry.accept_migration(mid)?;
                as_caller(w.a.bob);
                w.registry.approve_migration(mid)
            }),
        Err(Error::CertificateStaked),
        "a staked certificate moves only with its tenure"
    );
    at(DAY_MS);
    as_caller(w.a.charlie);
    let mid = w
        .registry
        .request_migration(w.a.bob, MigrationScope::AllFromIssuer, w.a.frank)
        .unwrap();
    w.accept_migration(w.a.frank, mid);
    as_caller(w.a.bob);
    assert_eq!(w.registry.approve_migration(mid), Ok(2));
    assert_eq!(w.registry.owner_of(job), Some(w.a.frank));
    assert_eq!(w.registry.owner_of(course), Some(w.a.frank));
    assert_eq!(w.registry.owner_of(diploma), Some(w.a.charlie));
    assert_eq!(w.registry.tenure_of(w.a.charlie, w.a.bob), 0);
    at(2 * DAY_MS);
    assert_eq!(
        w.registry.tenure_of(w.a.frank, w.a.bob),
        2 * DAY_MS,
        "tenure and the stake moved along"
    );
    assert_eq!(
        last::<TenureMoved>(),
        TenureMoved {
            issuer: w.a.bob,
            from: w.a.charlie,
            to: w.a.frank,
            accrued_ms: DAY_MS,
            stake: Some(Stake {
                certificate: job,
                since: DAY_MS
            }),
            at: DAY_MS,
        }
    );
    as_caller(w.a.frank);
    w.registry.unstake(job).unwrap();
    as_caller(w.a.charlie);
    let none_left = w
        .registry
        .request_migration(w.a.bob, MigrationScope::AllFromIssuer, w.a.frank)
        .unwrap();
    w.accept_migration(w.a.frank, none_left);
    as_caller(w.a.bob);
    assert_eq!(
        w.registry.approve_migration(none_left),
        Err(Error::NothingToMigrate)
    );
    as_caller(w.a.charlie);
    assert_eq!(
        w.registry
            .request_migration(w.a.eve, MigrationScope::AllFromIssuer, w.a.frank),
        Err(Error::UnknownIssuer)
    );
}

// ---- tenure ----------------------------------------------------------------------------

#[ink::test]
fn tenure_accrues_while_staked_and_is_kept_on_unstake() {
    let mut w = world();
    at(0);
    let job = w.employ();
    as_caller(w.a.charlie);
    w.registry.stake(job).unwrap();
    let (event, topics) = emitted::<Staked>().remove(0);
    assert_eq!(
        event,
        Staked {
            id: job,
            holder: w.a.charlie,
            issuer: w.a.bob,
            at: 0
        }
    );
    assert_eq!(
        topics[1..],
        [topic(&job), topic(&w.a.charlie), topic(&w.a.bob)]
    );
    at(YEAR_MS + 1);
    assert_eq!(w.registry.tenure_of(w.a.charlie, w.a.bob), YEAR_MS + 1);
    w.registry.unstake(job).unwrap();
    assert_eq!(
        last::<Unstaked>(),
        Unstaked {
            id: job,
            holder: w.a.charlie,
            issuer: w.a.bob,
            at: YEAR_MS + 1,
            accrued_ms: YEAR_MS + 1
        }
    );
    at(2 * YEAR_MS);
    assert_eq!(
        w.registry.tenure_of(w.a.charlie, w.a.bob),
        YEAR_MS + 1,
        "nothing accrues unstaked"
    );
    assert_eq!(w.registry.unstake(job), Err(Error::NotStaked));
    w.registry.stake(job).unwrap();
    at(2 * YEAR_MS + 10);
    assert_eq!(
        w.registry.tenure_of(w.a.charlie, w.a.bob),
        YEAR_MS + 11,
        "a new stake adds on"
    );
}

#[ink::test]
fn only_the_holder_stakes_one_active_employment_certificate_per_issuer() {
    let mut w = world();
    let job = w.employ();
    let second = w.employ();
    let course = w.issue(w.a.bob, w.a.charlie, Kind::Course);
    as_caller(w.a.eve);
    assert_eq!(w.registry.stake(job), Err(Error::NotHolder));
    assert_eq!(w.registry.unstake(job), Err(Error::NotHolder));
    as_caller(w.a.charlie);
    assert_eq!(w.registry.stake(course), Err(Error::NotEmployment));
    assert_eq!(w.registry.stake(99), Err(Error::CertificateNotFound));
    w.registry.stake(job).unwrap();
    assert_eq!(w.registry.stake(job), Err(Error::AlreadyStaked));
    assert_eq!(w.registry.stake(second), Err(Error::AlreadyStaked));
    as_caller(w.a.bob);
    w.registry
        .revoke(second, RevocationReason::IssuedInError)
        .unwrap();
    as_caller(w.a.charlie);
    w.registry.unstake(job).unwrap();
    assert_eq!(w.registry.stake(second), Err(Error::CertificateRevoked));
    as_caller(w.a.bob);
    let expiring = w
        .registry
        .issue(w.a.charlie, Kind::Employment, HASH, Some(2_000), None)
        .unwrap();
    at(2_000);
    as_caller(w.a.charlie);
    assert_eq!(w.registry.stake(expiring), Err(Error::CertificateExpired));
}

#[ink::test]
fn revocation_stops_tenure_at_the_revocation_time() {
    let mut w = world();
    at(0);
    let job = w.employ();
    as_caller(w.a.charlie);
    w.registry.stake(job).unwrap();
    at(10 * DAY_MS);
    as_caller(w.a.bob);
    w.registry.revoke(job, RevocationReason::Dismissed).unwrap();
    assert_eq!(
        last::<Unstaked>(),
        Unstaked {
            id: job,
            holder: w.a.charlie,
            issuer: w.a.bob,
            at: 10 * DAY_MS,
            accrued_ms: 10 * DAY_MS
        }
    );
    at(YEAR_MS);
    assert_eq!(w.registry.tenure_of(w.a.charlie, w.a.bob), 10 * DAY_MS);
    assert_eq!(w.registry.tenure_record(w.a.charlie, w.a.bob).stake, None);
}

#[ink::test]
fn expiry_stops_tenure_and_a_renewal_does_not_count_the_lapse() {
    let mut w = world();
    at(0);
    as_caller(w.a.bob);
    let job = w
        .registry
        .issue(w.a.charlie, Kind::Employment, HASH, Some(10 * DAY_MS), None)
        .unwrap();
    as_caller(w.a.charlie);
    w.registry.stake(job).unwrap();
    at(15 * DAY_MS);
    assert_eq!(w.registry.tenure_of(w.a.charlie, w.a.bob), 10 * DAY_MS);
    as_caller(w.a.bob);
    w.registry.set_expiry(job, None).unwrap();
    assert_eq!(
        last::<ExpiryChanged>(),
        ExpiryChanged {
            id: job,
            issuer: w.a.bob,
            holder: w.a.charlie,
            expires_at: None,
            at: 15 * DAY_MS,
            tenure_accrued_ms: Some(10 * DAY_MS),
        },
        "the settlement is in the event, for the indexer"
    );
    at(20 * DAY_MS);
    assert_eq!(w.registry.tenure_of(w.a.charlie, w.a.bob), 15 * DAY_MS);
}

#[ink::test]
fn a_promotion_carries_tenure_over_to_the_new_certificate() {
    let mut w = world();
    at(0);
    let old = w.employ();
    as_caller(w.a.charlie);
    w.registry.stake(old).unwrap();
    at(100 * DAY_MS);
    as_caller(w.a.bob);
    let new = w
        .registry
        .issue(w.a.charlie, Kind::Employment, [2; 32], None, Some(old))
        .unwrap();
    assert_eq!(
        w.registry.tenure_record(w.a.charlie, w.a.bob).stake,
        Some(Stake {
            certificate: new,
            since: 100 * DAY_MS
        })
    );
    assert_eq!(
        last::<Staked>(),
        Staked {
            id: new,
            holder: w.a.charlie,
            issuer: w.a.bob,
            at: 100 * DAY_MS
        }
    );
    at(YEAR_MS);
    assert_eq!(w.registry.tenure_of(w.a.charlie, w.a.bob), YEAR_MS);
    as_caller(w.a.charlie);
    assert_eq!(w.registry.unstake(old), Err(Error::NotStaked));
    w.registry.unstake(new).unwrap();
}

#[ink::test]
fn tenure_is_counted_per_issuer() {
    let mut w = world();
    at(0);
    let job = w.employ();
    let other = w.issue(w.a.django, w.a.charlie, Kind::Employment);
    as_caller(w.a.charlie);
    w.registry.stake(job).unwrap();
    at(DAY_MS);
    w.registry.stake(other).unwrap();
    at(3 * DAY_MS);
    assert_eq!(w.registry.tenure_of(w.a.charlie, w.a.bob), 3 * DAY_MS);
    assert_eq!(w.registry.tenure_of(w.a.charlie, w.a.django), 2 * DAY_MS);
    assert_eq!(w.registry.tenure_of(w.a.eve, w.a.bob), 0);
}
