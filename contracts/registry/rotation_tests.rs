//! Issuer-key rotation replayed as the attacker would try it: a compromised key the operator
//! retired keeps trying to act, while its successor takes over what the old key issued and the
//! old certificates stay valid.
use crate::{Error, Registry, MAX_SUCCESSION};
use iktomi_shared::{events::*, *};
use ink::env::test::{self, DefaultAccounts};
use ink::env::DefaultEnvironment as Env;
use ink::scale::{Decode, Encode};

const HASH: Hash32 = [7; 32];
const ORG: OrganizationId = [9; 16];

pub(crate) fn as_caller(account: AccountId) {
    test::set_caller::<Env>(account);
}

/// bob is the organization's old (compromised) key, eve and frank its newer keys; django is
/// another organization; charlie works for bob's organization and trusts bob.
pub(crate) fn world() -> (Registry, DefaultAccounts<Env>) {
    let a = test::default_accounts::<Env>();
    test::set_block_timestamp::<Env>(1_000);
    as_caller(a.alice);
    let mut registry = Registry::new();
    registry.register_issuer(a.bob, ORG, HASH).unwrap();
    registry.register_issuer(a.eve, ORG, HASH).unwrap();
    registry.register_issuer(a.frank, ORG, HASH).unwrap();
    registry.register_issuer(a.django, [8; 16], HASH).unwrap();
    as_caller(a.charlie);
    registry.trust_issuer(a.bob, true).unwrap();
    (registry, a)
}

pub(crate) fn issue(
    r: &mut Registry,
    issuer: AccountId,
    expires_at: Option<Timestamp>,
) -> CertificateId {
    as_caller(issuer);
    let charlie = test::default_accounts::<Env>().charlie;
    r.issue(charlie, Kind::Employment, HASH, expires_at, None)
        .unwrap()
}

pub(crate) fn retire(r: &mut Registry, account: AccountId, successor: AccountId) {
    as_caller(test::default_accounts::<Env>().alice);
    r.retire_issuer(account, successor).unwrap();
}

fn last<E: Decode + ink::env::Event>() -> (E, Vec<Vec<u8>>) {
    let signature = E::SIGNATURE_TOPIC.unwrap().to_vec();
    let event = test::recorded_events()
        .filter(|e| e.topics.first() == Some(&signature))
        .last()
        .expect("event was emitted");
    (E::decode(&mut &event.data[..]).unwrap(), event.topics)
}

#[ink::test]
fn a_retired_key_can_no_longer_issue_revoke_redate_or_decide() {
    let (mut r, a) = world();
    let job = issue(&mut r, a.bob, Some(50_000));
    as_caller(a.bob);
    r.set_minter(a.django, Kind::Award, true).unwrap();
    as_caller(a.charlie);
    let request = r
        .request_certificate(a.bob, Kind::Course, HASH, None)
        .unwrap();
    let migration = r
        .request_migration(a.bob, MigrationScope::One(job), a.frank)
        .unwrap();
    as_caller(a.frank);
    r.accept_migration(migration).unwrap();
    retire(&mut r, a.bob, a.eve);

    // the attacker holds bob's key
    as_caller(a.bob);
    let refused = Some(Error::IssuerRetired);
    assert_eq!(
        r.issue(a.charlie, Kind::Diploma, HASH, None, None).err(),
        refused
    );
    let item = IssueItem {
        holder: a.charlie,
        kind: Kind::Diploma,
        content_hash: HASH,
        expires_at: None,
    };
    assert_eq!(r.issue_batch(vec![item]).err(), refused);
    assert_eq!(r.set_minter(a.eve, Kind::Award, true).err(), refused);
    assert_eq!(r.revoke(job, RevocationReason::Fraud).err(), refused);
    assert_eq!(r.set_expiry(job, Some(90_000)).err(), refused);
    assert_eq!(r.approve_request(request).err(), refused);
    assert_eq!(r.reject_request(request, 1).err(), refused);
    assert_eq!(r.approve_migration(migration).err(), refused);
    assert_eq!(r.reject_migration(migration).err(), refused);
    as_caller(a.django);
    assert_eq!(
        r.issue_for(a.bob, a.charlie, Kind::Award, HASH).err(),
        refused
    );
    as_caller(a.charlie);
    assert_eq!(
        r.request_certificate(a.bob, Kind::Course, HASH, None).err(),
        refused
    );

    assert_eq!(r.total_supply(), 1);
    assert_eq!(r.certificate(job).unwrap().expires_at, Some(50_000));
    assert_eq!(r.status(job), Some(CertificateStatus::Active));
    assert_eq!(r.request(request).unwrap().state, RequestState::Pending);
    assert_eq!(r.owner_of(job), Some(a.charlie));
}

#[ink::test]
fn a_retirement_is_recorded_and_announced_and_the_old_certificates_stay_active() {
    let (mut r, a) = world();
    let job = issue(&mut r, a.bob, None);
    test::set_block_timestamp::<Env>(2_000);
    retire(&mut r, a.bob, a.eve);
    assert_eq!(
        r.retirement(a.bob),
        Some(Retirement {
            successor: a.eve,
            at: 2_000
        })
    );
    assert_eq!(r.retirement(a.eve), None);
    assert_eq!(r.issuer(a.bob).unwrap().suspended_at, None);
    assert_eq!(r.status(job), Some(CertificateStatus::Active));
    assert_eq!(r.placement(job), Some(Placement::Listed));
    let (event, topics) = last::<IssuerRetired>();
    assert_eq!(
        event,
        IssuerRetired {
            issuer: a.bob,
            successor: a.eve,
            at: 2_000
        }
    );
    let mut issuer_topic = a.bob.encode();
    issuer_topic.resize(32, 0);
    assert_eq!(topics[1..], [issuer_topic]);
}

#[ink::test]
fn the_successor_revokes_and_renews_what_the_old_key_issued() {
    let (mut r, a) = world();
    let renewed = issue(&mut r, a.bob, Some(5_000));
    let revoked = issue(&mut r, a.bob, None);
    retire(&mut r, a.bob, a.eve);
    as_caller(a.django);
    assert_eq!(r.set_expiry(renewed, Some(9_000)), Err(Error::NotIssuer));
    assert_eq!(
        r.revoke(revoked, RevocationReason::Fraud),
        Err(Error::NotIssuer)
    );
    test::set_block_timestamp::<Env>(6_000);
    assert_eq!(r.status(renewed), Some(CertificateStatus::Expired));
    as_caller(a.eve);
    r.set_expiry(renewed, Some(9_000)).unwrap();
    assert_eq!(r.status(renewed), Some(CertificateStatus::Active));
    assert_eq!(last::<ExpiryChanged>().0.issuer, a.bob, "named as issued");
    r.revoke(revoked, RevocationReason::Fraud).unwrap();
    assert_eq!(
        r.status(revoked),
        Some(CertificateStatus::Revoked(RevocationReason::Fraud))
    );
    let (event, _) = last::<CertificateRevoked>();
    assert_eq!((event.id, event.issuer), (revoked, a.bob));
    assert_eq!(r.certificate(revoked).unwrap().issuer, a.bob);
}

#[ink::test]
fn the_successor_decides_the_old_keys_requests_and_migrations() {
    let (mut r, a) = world();
    let job = issue(&mut r, a.bob, None);
    as_caller(a.charlie);
    let approved = r
        .request_certificate(a.bob, Kind::Course, HASH, None)
        .unwrap();
    let rejected = r
        .request_certificate(a.bob, Kind::Course, HASH, None)
        .unwrap();
    let moved = r
        .request_migration(a.bob, MigrationScope::One(job), a.frank)
        .unwrap();
    let refused = r
        .request_migration(a.bob, MigrationScope::AllFromIssuer, a.frank)
        .unwrap();
    as_caller(a.frank);
    r.accept_migration(moved).unwrap();
    retire(&mut r, a.bob, a.eve);
    as_caller(a.django);
    assert_eq!(r.approve_request(approved), Err(Error::NotIssuer));
    assert_eq!(r.reject_migration(refused), Err(Error::NotIssuer));

    as_caller(a.eve);
    let course = r.approve_request(approved).unwrap();
    let cert = r.certificate(course).unwrap();
    assert_eq!(cert.issuer, a.eve, "issued in the successor's name");
    assert_eq!(r.placement(course), Some(Placement::Listed), "as asked");
    assert_eq!(
        r.request(approved).unwrap().state,
        RequestState::Approved(course)
    );
    assert_eq!(last::<RequestResolved>().0.issuer, a.bob);
    r.reject_request(rejected, 2).unwrap();
    assert_eq!(
        r.request(rejected).unwrap().state,
        RequestState::Rejected(2)
    );
    assert_eq!(r.approve_migration(moved), Ok(1));
    assert_eq!(r.owner_of(job), Some(a.frank));
    r.reject_migration(refused).unwrap();
    assert_eq!(
        r.migration(refused).unwrap().state,
        MigrationState::Rejected
    );
}

#[ink::test]
fn only_the_operator_retires_a_key() {
    let (mut r, a) = world();
    for caller in [a.bob, a.eve, a.charlie, a.django] {
        as_caller(caller);
        assert_eq!(r.retire_issuer(a.bob, a.eve), Err(Error::NotOperator));
    }
    assert_eq!(r.retirement(a.bob), None);
    as_caller(a.alice);
    assert_eq!(r.retire_issuer(a.charlie, a.eve), Err(Error::UnknownIssuer));
}

#[ink::test]
fn a_successor_is_another_active_key_of_the_same_organization() {
    let (mut r, a) = world();
    let stranger = AccountId::from([0x42; 32]);
    as_caller(a.alice);
    assert_eq!(r.retire_issuer(a.bob, a.django), Err(Error::NotIssuer));
    assert_eq!(r.retire_issuer(a.bob, stranger), Err(Error::UnknownIssuer));
    assert_eq!(r.retire_issuer(a.bob, a.bob), Err(Error::SameAccount));
    r.suspend_issuer(a.eve).unwrap();
    assert_eq!(r.retire_issuer(a.bob, a.eve), Err(Error::IssuerSuspended));
    r.retire_issuer(a.frank, a.bob).unwrap();
    assert_eq!(r.retire_issuer(a.bob, a.frank), Err(Error::IssuerRetired));
    assert_eq!(r.retire_issuer(a.frank, a.bob), Err(Error::IssuerRetired));
    assert_eq!(r.retirement(a.bob), None);
    assert_eq!(r.retirement(a.frank).unwrap().successor, a.bob);
}

#[ink::test]
fn after_two_rotations_the_newest_key_acts_for_the_first() {
    let (mut r, a) = world();
    let first = issue(&mut r, a.bob, None);
    retire(&mut r, a.bob, a.eve);
    let second = issue(&mut r, a.eve, None);
    retire(&mut r, a.eve, a.frank);
    for old in [a.bob, a.eve] {
        as_caller(old);
        assert_eq!(
            r.revoke(first, RevocationReason::Fraud),
            Err(Error::IssuerRetired)
        );
    }
    as_caller(a.frank);
    r.revoke(first, RevocationReason::Fraud).unwrap();
    r.set_expiry(second, Some(9_000)).unwrap();
    assert_eq!(r.status(second), Some(CertificateStatus::Active));
    assert_eq!(last::<CertificateRevoked>().0.issuer, a.bob);
}

#[ink::test]
fn a_suspended_successor_does_not_act_for_the_old_key() {
    let (mut r, a) = world();
    let job = issue(&mut r, a.bob, None);
    retire(&mut r, a.bob, a.eve);
    as_caller(a.alice);
    r.suspend_issuer(a.eve).unwrap();
    as_caller(a.eve);
    assert_eq!(
        r.revoke(job, RevocationReason::Fraud),
        Err(Error::IssuerSuspended)
    );
    assert_eq!(
        r.status(job),
        Some(CertificateStatus::Active),
        "the old key is not suspended"
    );
}

#[ink::test]
fn the_live_key_acts_for_a_key_retired_however_many_rotations_ago() {
    let (mut r, a) = world();
    let keys: Vec<AccountId> = (1..=MAX_SUCCESSION + 1)
        .map(|n| AccountId::from([0x40 + u8::try_from(n).unwrap(); 32]))
        .collect();
    as_caller(a.alice);
    for key in &keys {
        r.register_issuer(*key, ORG, HASH).unwrap();
    }
    let first = issue(&mut r, a.bob, None);
    let mut previous = a.bob;
    for key in &keys {
        retire(&mut r, previous, *key);
        previous = *key;
    }
    as_caller(a.django);
    assert_eq!(
        r.revoke(first, RevocationReason::Fraud),
        Err(Error::NotIssuer),
        "another organization's key"
    );
    as_caller(previous);
    r.revoke(first, RevocationReason::Fraud).unwrap();
}

#[ink::test]
fn a_suspended_key_cannot_be_rotated_out_of_its_suspension() {
    let (mut r, a) = world();
    let job = issue(&mut r, a.bob, None);
    as_caller(a.alice);
    r.suspend_issuer(a.bob).unwrap();
    let fresh = AccountId::from([0x43; 32]);
    assert_eq!(r.rotate_issuer(a.bob, fresh), Err(Error::IssuerSuspended));
    assert_eq!(r.retire_issuer(a.bob, a.eve), Err(Error::IssuerSuspended));
    assert_eq!(r.issuer(fresh), None, "nothing registered");
    // Suspended, it still withdraws what it issued.
    as_caller(a.bob);
    r.revoke(job, RevocationReason::IssuedInError).unwrap();
}

#[ink::test]
fn one_call_registers_the_new_key_and_retires_the_old() {
    let (mut r, a) = world();
    let job = issue(&mut r, a.bob, None);
    let fresh = AccountId::from([0x42; 32]);
    as_caller(a.bob);
    assert_eq!(r.rotate_issuer(a.bob, fresh), Err(Error::NotOperator));
    as_caller(a.alice);
    assert_eq!(r.rotate_issuer(a.bob, a.eve), Err(Error::IssuerExists));
    assert_eq!(r.rotate_issuer(a.bob, a.bob), Err(Error::SameAccount));
    assert_eq!(r.rotate_issuer(a.charlie, fresh), Err(Error::UnknownIssuer));
    assert_eq!(r.retirement(a.bob), None);
    r.rotate_issuer(a.bob, fresh).unwrap();
    let (old, new) = (r.issuer(a.bob).unwrap(), r.issuer(fresh).unwrap());
    assert_eq!(
        (new.organization, new.metadata_hash),
        (ORG, old.metadata_hash)
    );
    assert_eq!(r.retirement(a.bob).unwrap().successor, fresh);
    assert_eq!(last::<IssuerRegistered>().0.issuer, fresh);
    assert_eq!(last::<IssuerRetired>().0.successor, fresh);
    assert_eq!(r.rotate_issuer(a.bob, a.eve), Err(Error::IssuerRetired));
    as_caller(fresh);
    r.revoke(job, RevocationReason::Fraud).unwrap();
}
