//! After a key rotation the organization keeps its relationships: holders who trusted the old
//! key trust its successor (and hiding one of the successor's certificates ends both), and the
//! successor promotes an employee whose certificate the old key issued. Tenure stays per
//! account: the promotion ends the old stake instead of moving it to another issuer's record.
use crate::rotation_tests::{as_caller, issue, retire, world};
use iktomi_shared::*;

#[ink::test]
fn trust_in_the_old_key_carries_over_to_its_successor() {
    let (mut r, a) = world();
    retire(&mut r, a.bob, a.eve);
    assert!(r.trusts(a.charlie, a.eve), "charlie trusted bob");
    let listed = issue(&mut r, a.eve, None);
    assert_eq!(r.placement(listed), Some(Placement::Listed));
    // Django's key has no predecessor charlie trusted.
    as_caller(a.django);
    let unasked = r
        .issue(a.charlie, Kind::Diploma, [1; 32], None, None)
        .unwrap();
    assert_eq!(r.placement(unasked), Some(Placement::Pending));

    // Hiding the successor's certificate ends the trust it inherited as well.
    as_caller(a.charlie);
    r.hide_certificate(listed).unwrap();
    assert!(!r.trusts(a.charlie, a.eve));
    assert!(!r.trusts(a.charlie, a.bob));
    let next = issue(&mut r, a.eve, None);
    assert_eq!(r.placement(next), Some(Placement::Pending));
}

#[ink::test]
fn a_successor_promotes_what_the_old_key_issued_and_the_stake_ends() {
    let (mut r, a) = world();
    let job = issue(&mut r, a.bob, None);
    as_caller(a.charlie);
    r.stake(job).unwrap();
    retire(&mut r, a.bob, a.eve);
    as_caller(a.eve);
    let promotion = r
        .issue(a.charlie, Kind::Employment, [2; 32], None, Some(job))
        .unwrap();
    assert_eq!(
        r.status(job),
        Some(CertificateStatus::Superseded(promotion))
    );
    assert_eq!(r.certificate(job).unwrap().superseded_by, Some(promotion));
    assert_eq!(r.tenure_record(a.charlie, a.bob).stake, None);
    assert_eq!(r.tenure_record(a.charlie, a.eve).stake, None);
    as_caller(a.charlie);
    r.stake(promotion).unwrap();
    assert!(r.tenure_record(a.charlie, a.eve).stake.is_some());

    // Another organization's key still cannot supersede it.
    as_caller(a.django);
    let foreign = r.issue(a.charlie, Kind::Employment, [3; 32], None, Some(promotion));
    assert_eq!(foreign, Err(crate::Error::ForeignSupersede));
}
