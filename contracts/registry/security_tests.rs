//! Attacks on the registry replayed as the attacker would make them (issue 15): migrations
//! the destination never agreed to, tenure claimed again after a move, suspended issuers still
//! acting, and junk certificates filling a holder's cap.
use crate::{Error, Registry, MAX_HOLDINGS, MAX_PENDING};
use iktomi_shared::{events::*, *};
use ink::env::test::{self, DefaultAccounts};
use ink::env::DefaultEnvironment as Env;

const HASH: Hash32 = [7; 32];

fn as_caller(account: AccountId) {
    test::set_caller::<Env>(account);
}

/// bob employs charlie (charlie trusts him); django is an organization charlie never dealt
/// with; frank is charlie's second wallet; eve is a buyer.
fn world() -> (Registry, DefaultAccounts<Env>) {
    let a = test::default_accounts::<Env>();
    test::set_block_timestamp::<Env>(1_000);
    as_caller(a.alice);
    let mut registry = Registry::new();
    registry.register_issuer(a.bob, [9; 16], HASH).unwrap();
    registry.register_issuer(a.django, [8; 16], HASH).unwrap();
    as_caller(a.charlie);
    registry.trust_issuer(a.bob, true).unwrap();
    (registry, a)
}

fn issue(r: &mut Registry, issuer: AccountId, holder: AccountId, kind: Kind) -> CertificateId {
    as_caller(issuer);
    r.issue(holder, kind, HASH, None, None).unwrap()
}

#[ink::test]
fn a_diploma_handed_to_a_buyer_needs_the_buyers_wallet_to_accept() {
    let (mut r, a) = world();
    let diploma = issue(&mut r, a.bob, a.charlie, Kind::Diploma);
    as_caller(a.charlie);
    let sale = r
        .request_migration(a.bob, MigrationScope::One(diploma), a.eve)
        .unwrap();
    as_caller(a.bob);
    assert_eq!(r.approve_migration(sale), Err(Error::MigrationNotAccepted));
    as_caller(a.frank);
    assert_eq!(r.accept_migration(sale), Err(Error::NotDestination));
    as_caller(a.charlie);
    assert_eq!(r.accept_migration(sale), Err(Error::NotDestination));
    assert_eq!(r.owner_of(diploma), Some(a.charlie));
    as_caller(a.eve);
    r.cancel_migration(sale).unwrap();
    assert_eq!(
        r.migration(sale).unwrap().state,
        MigrationState::Cancelled,
        "the destination can decline"
    );
}

#[ink::test]
fn an_accepted_migration_moves_once_the_issuer_approves() {
    let (mut r, a) = world();
    let diploma = issue(&mut r, a.bob, a.charlie, Kind::Diploma);
    as_caller(a.charlie);
    let id = r
        .request_migration(a.bob, MigrationScope::One(diploma), a.frank)
        .unwrap();
    as_caller(a.frank);
    r.accept_migration(id).unwrap();
    assert_eq!(r.migration(id).unwrap().state, MigrationState::Accepted);
    assert_eq!(r.accept_migration(id), Err(Error::NotPending));
    assert!(r.trusts(a.frank, a.bob), "receiving is a relationship");
    as_caller(a.bob);
    assert_eq!(r.approve_migration(id), Ok(1));
    assert_eq!(r.certificates_of(a.frank, 0, 10), vec![diploma]);
}

#[ink::test]
fn moved_tenure_keeps_the_lineage_of_every_wallet_it_came_from() {
    let (mut r, a) = world();
    let job = issue(&mut r, a.bob, a.charlie, Kind::Employment);
    as_caller(a.charlie);
    r.stake(job).unwrap();
    for (from, to) in [(a.charlie, a.frank), (a.frank, a.eve)] {
        as_caller(from);
        let id = r
            .request_migration(a.bob, MigrationScope::AllFromIssuer, to)
            .unwrap();
        as_caller(to);
        r.accept_migration(id).unwrap();
        as_caller(a.bob);
        r.approve_migration(id).unwrap();
    }
    assert_eq!(
        r.tenure_lineage(a.eve, a.bob),
        vec![a.eve, a.frank, a.charlie]
    );
    assert_eq!(r.tenure_lineage(a.charlie, a.bob), vec![a.charlie]);
    assert_eq!(r.tenure_lineage(a.eve, a.django), vec![a.eve]);
}

#[ink::test]
fn a_suspended_issuer_cannot_redate_or_approve_migrations() {
    let (mut r, a) = world();
    let diploma = issue(&mut r, a.bob, a.charlie, Kind::Diploma);
    as_caller(a.charlie);
    let id = r
        .request_migration(a.bob, MigrationScope::One(diploma), a.frank)
        .unwrap();
    as_caller(a.frank);
    r.accept_migration(id).unwrap();
    as_caller(a.alice);
    r.suspend_issuer(a.bob).unwrap();
    as_caller(a.bob);
    assert_eq!(
        r.set_expiry(diploma, Some(9_000)),
        Err(Error::IssuerSuspended)
    );
    assert_eq!(r.approve_migration(id), Err(Error::IssuerSuspended));
    assert_eq!(r.certificate(diploma).unwrap().expires_at, None);
    assert_eq!(r.owner_of(diploma), Some(a.charlie));
}

#[ink::test]
fn an_unrelated_organization_cannot_flood_a_holder() {
    let (mut r, a) = world();
    let first = issue(&mut r, a.django, a.charlie, Kind::Badge);
    assert_eq!(r.placement(first), Some(Placement::Pending));
    assert!(emitted_pending(first));
    assert_eq!(
        r.balance_of(a.charlie),
        0,
        "pending ones are not in the list"
    );
    for _ in 1..MAX_PENDING {
        issue(&mut r, a.django, a.charlie, Kind::Badge);
    }
    as_caller(a.django);
    assert_eq!(
        r.issue(a.charlie, Kind::Badge, HASH, None, None),
        Err(Error::TooManyPending)
    );
    let batch = IssueItem {
        holder: a.charlie,
        kind: Kind::Badge,
        content_hash: HASH,
        expires_at: None,
    };
    assert_eq!(r.issue_batch(vec![batch]), Err(Error::TooManyPending));
    as_caller(a.charlie);
    r.hide_certificate(first).unwrap();
    assert_eq!(r.placement(first), Some(Placement::Hidden));
    assert_eq!(r.hide_certificate(first), Err(Error::CertificateHidden));
    assert_eq!(
        r.accept_certificate(first),
        Err(Error::CertificateNotPending)
    );
    assert_eq!(
        r.pending_of(a.charlie, a.django).len() as u32,
        MAX_PENDING - 1
    );
    let kept = r.pending_of(a.charlie, a.django)[0];
    as_caller(a.eve);
    assert_eq!(r.accept_certificate(kept), Err(Error::NotHolder));
    as_caller(a.charlie);
    r.accept_certificate(kept).unwrap();
    assert_eq!(r.certificates_of(a.charlie, 0, 10), vec![kept]);
    assert!(r.trusts(a.charlie, a.django));
    let listed = issue(&mut r, a.django, a.charlie, Kind::Badge);
    assert_eq!(r.placement(listed), Some(Placement::Listed));
    as_caller(a.charlie);
    r.hide_certificate(listed).unwrap();
    assert!(
        !r.trusts(a.charlie, a.django),
        "hiding ends the relationship"
    );
    assert_eq!(r.certificates_of(a.charlie, 0, 10), vec![kept]);
}

fn emitted_pending(id: CertificateId) -> bool {
    let signature = <CertificateIssued as ink::env::Event>::SIGNATURE_TOPIC.unwrap();
    test::recorded_events()
        .filter(|e| e.topics.first().map(|t| &t[..]) == Some(&signature[..]))
        .filter_map(|e| <CertificateIssued as ink::scale::Decode>::decode(&mut &e.data[..]).ok())
        .any(|e| e.id == id && e.pending)
}

#[ink::test]
fn revoked_certificates_do_not_count_toward_the_cap() {
    let (mut r, a) = world();
    let ids: Vec<_> = (0..MAX_HOLDINGS)
        .map(|_| issue(&mut r, a.bob, a.charlie, Kind::Badge))
        .collect();
    as_caller(a.bob);
    assert_eq!(
        r.issue(a.charlie, Kind::Badge, HASH, None, None),
        Err(Error::HolderFull)
    );
    r.revoke(ids[0], RevocationReason::IssuedInError).unwrap();
    assert_eq!(r.balance_of(a.charlie), MAX_HOLDINGS - 1);
    r.issue(a.charlie, Kind::Badge, HASH, None, None).unwrap();
    assert!(r.certificate(ids[0]).is_some(), "the revoked record stays");
}

#[ink::test]
fn staking_or_asking_to_move_accepts_pending_certificates() {
    let (mut r, a) = world();
    let job = issue(&mut r, a.django, a.charlie, Kind::Employment);
    let badge = issue(&mut r, a.django, a.charlie, Kind::Badge);
    as_caller(a.charlie);
    r.stake(job).unwrap();
    assert_eq!(r.placement(job), Some(Placement::Listed));
    let id = r
        .request_migration(a.django, MigrationScope::AllFromIssuer, a.frank)
        .unwrap();
    assert_eq!(r.placement(badge), Some(Placement::Listed));
    assert_eq!(r.hide_certificate(job), Err(Error::CertificateStaked));
    as_caller(a.frank);
    r.accept_migration(id).unwrap();
    as_caller(a.django);
    assert_eq!(r.approve_migration(id), Ok(2));
}
