//! Unit tests of the tenure contract's own rules. A successful claim calls into the registry,
//! which ink!'s off-chain engine cannot do; the node end-to-end tests cover it.
use crate::{Error, Tenure};
use iktomi_shared::{events::*, *};
use ink::env::test;
use ink::env::DefaultEnvironment as Env;
use ink::scale::Decode;

fn last<E: Decode + ink::env::Event>() -> E {
    let signature = E::SIGNATURE_TOPIC.unwrap().to_vec();
    let event = test::recorded_events()
        .filter(|event| event.topics.first() == Some(&signature))
        .last()
        .expect("event was emitted");
    E::decode(&mut &event.data[..]).unwrap()
}

fn contract() -> (Tenure, test::DefaultAccounts<Env>) {
    let a = test::default_accounts::<Env>();
    test::set_block_timestamp::<Env>(500);
    test::set_caller::<Env>(a.bob);
    (Tenure::new(a.alice), a)
}

#[ink::test]
fn an_issuer_creates_a_program_that_is_read_back_and_announced() {
    let (mut tenure, a) = contract();
    assert_eq!(tenure.registry(), a.alice);
    let id = tenure
        .create_program(365 * DAY_MS, Kind::Award, [4; 32])
        .unwrap();
    assert_eq!(id, 1);
    assert_eq!(
        tenure.program(id),
        Some(TenureProgram {
            issuer: a.bob,
            milestone_ms: 365 * DAY_MS,
            award_kind: Kind::Award,
            content_hash: [4; 32],
            created_at: 500,
            closed: false
        })
    );
    assert_eq!(
        last::<ProgramCreated>(),
        ProgramCreated {
            id,
            issuer: a.bob,
            milestone_ms: 365 * DAY_MS,
            award_kind: Kind::Award,
            content_hash: [4; 32]
        }
    );
    assert_eq!(tenure.create_program(DAY_MS, Kind::Award, [4; 32]), Ok(2));
    assert_eq!(tenure.claimed(id, a.charlie), None);
}

#[ink::test]
fn only_its_issuer_closes_a_program_once() {
    let (mut tenure, a) = contract();
    let id = tenure.create_program(DAY_MS, Kind::Award, [4; 32]).unwrap();
    test::set_caller::<Env>(a.eve);
    assert_eq!(tenure.close_program(id), Err(Error::NotIssuer));
    assert_eq!(tenure.close_program(9), Err(Error::ProgramNotFound));
    test::set_caller::<Env>(a.bob);
    tenure.close_program(id).unwrap();
    assert!(tenure.program(id).unwrap().closed);
    assert_eq!(last::<ProgramClosed>(), ProgramClosed { id, issuer: a.bob });
    assert_eq!(tenure.close_program(id), Err(Error::ProgramClosed));
}

#[ink::test]
fn unknown_and_closed_programs_cannot_be_claimed() {
    let (mut tenure, a) = contract();
    let id = tenure.create_program(DAY_MS, Kind::Award, [4; 32]).unwrap();
    tenure.close_program(id).unwrap();
    test::set_caller::<Env>(a.charlie);
    assert_eq!(tenure.claim(id), Err(Error::ProgramClosed));
    assert_eq!(tenure.claim(id + 1), Err(Error::ProgramNotFound));
}
