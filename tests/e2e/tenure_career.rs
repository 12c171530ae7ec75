//! PRODUCT.md scenario 3: hire, stake, promote, claim a tenure award once, dismiss.
use std::time::Duration;

use iktomi_chain::dev;
use iktomi_shared::events::*;
use iktomi_shared::*;

use crate::support::{id, within, Platform, RegistryError, TenureError};

#[tokio::test]
async fn an_employee_is_hired_staked_promoted_awarded_once_and_dismissed() -> anyhow::Result<()> {
    within(240, async {
        // given an employer verified by the operator
        let p = Platform::start().await?;
        let (employer, employee) = (dev::bob(), dev::charlie());
        p.register_issuer(&employer).await?;

        // when it hires the employee
        let hired = p
            .registry_call::<CertificateId>(
                &employer,
                "issue",
                (
                    id(&employee),
                    Kind::Employment,
                    [10u8; 32],
                    None::<u64>,
                    None::<u64>,
                ),
            )
            .await?;
        let job = hired.value.expect("hired");
        let issued = hired.emitted::<CertificateIssued>();
        assert_eq!(issued.len(), 1);
        assert_eq!(
            (issued[0].id, issued[0].issuer, issued[0].holder),
            (job, id(&employer), id(&employee))
        );
        let topics = &hired.events()[0].topics;
        assert_eq!(topics[2], account_bytes(&employer), "the issuer is a topic");
        assert_eq!(topics[3], account_bytes(&employee), "the holder is a topic");

        // and the employee stakes the employment certificate
        let staked = p.registry_call::<()>(&employee, "stake", job).await?;
        assert_eq!(staked.value, Ok(()));
        assert_eq!(staked.emitted::<Staked>()[0].id, job);
        let again = p.registry_call::<()>(&employee, "stake", job).await?;
        assert_eq!(again.value, Err(RegistryError::AlreadyStaked));
        assert!(
            again.inclusion.is_none(),
            "a rejected call is never submitted"
        );

        // and the employer runs two award programs through the tenure contract
        let tenure_address = iktomi_shared::AccountId::from(p.tenure.address);
        let allowed = p
            .registry_call::<()>(&employer, "set_minter", (tenure_address, Kind::Award, true))
            .await?;
        assert_eq!(allowed.value, Ok(()));
        let year = p
            .tenure_call::<ProgramId>(
                &employer,
                "create_program",
                (365 * DAY_MS, Kind::Award, [11u8; 32]),
            )
            .await?
            .value
            .expect("program");
        let short = p
            .tenure_call::<ProgramId>(
                &employer,
                "create_program",
                (3_000u64, Kind::Award, [12u8; 32]),
            )
            .await?
            .value
            .expect("program");
        let early = p
            .tenure_call::<CertificateId>(&employee, "claim", year)
            .await?;
        assert_eq!(early.value, Err(TenureError::MilestoneNotReached));

        // when the employee is promoted
        let promoted = p
            .registry_call::<CertificateId>(
                &employer,
                "issue",
                (
                    id(&employee),
                    Kind::Employment,
                    [13u8; 32],
                    None::<u64>,
                    Some(job),
                ),
            )
            .await?;
        let senior = promoted.value.expect("promoted");
        // then the old certificate is superseded, both link, and the stake carried over
        assert_eq!(
            p.read::<Option<CertificateStatus>>("status", job).await?,
            Some(CertificateStatus::Superseded(senior))
        );
        assert_eq!(
            p.read::<Option<Certificate>>("certificate", senior)
                .await?
                .expect("exists")
                .supersedes,
            Some(job)
        );
        let revoked = promoted.emitted::<CertificateRevoked>();
        assert_eq!(
            (revoked[0].id, revoked[0].reason, revoked[0].superseded_by),
            (job, RevocationReason::Superseded, Some(senior))
        );
        let record: TenureRecord = p
            .read("tenure_record", (id(&employee), id(&employer)))
            .await?;
        assert_eq!(record.stake.map(|s| s.certificate), Some(senior));

        // when the short milestone is reached, the award is claimed once
        wait_for_tenure(&p, &employee, &employer, 3_000).await?;
        let claimed = p
            .tenure_call::<CertificateId>(&employee, "claim", short)
            .await?;
        let award = claimed.value.expect("claimed");
        let award_cert = p
            .read::<Option<Certificate>>("certificate", award)
            .await?
            .expect("award exists");
        assert_eq!(
            (
                award_cert.issuer,
                award_cert.holder,
                award_cert.kind,
                award_cert.content_hash
            ),
            (id(&employer), id(&employee), Kind::Award, [12u8; 32])
        );
        assert_eq!(claimed.emitted::<AwardClaimed>()[0].certificate, award);
        assert_eq!(
            claimed.emitted::<CertificateIssued>()[0].minter,
            Some(tenure_address)
        );
        let twice = p
            .tenure_call::<CertificateId>(&employee, "claim", short)
            .await?;
        assert_eq!(twice.value, Err(TenureError::AlreadyClaimed));

        // when the employee is dismissed, tenure stops at the revocation
        let dismissed = p
            .registry_call::<()>(&employer, "revoke", (senior, RevocationReason::Dismissed))
            .await?;
        assert_eq!(dismissed.value, Ok(()));
        assert_eq!(dismissed.emitted::<Unstaked>()[0].id, senior);
        assert_eq!(
            p.read::<Option<CertificateStatus>>("status", senior)
                .await?,
            Some(CertificateStatus::Revoked(RevocationReason::Dismissed))
        );
        let frozen: u64 = p.read("tenure_of", (id(&employee), id(&employer))).await?;
        tokio::time::sleep(Duration::from_millis(2_500)).await;
        let later: u64 = p.read("tenure_of", (id(&employee), id(&employer))).await?;
        assert_eq!(frozen, later, "no tenure accrues after dismissal");
        assert!(frozen >= 3_000);
        Ok(())
    })
    .await
}

fn account_bytes(signer: &iktomi_chain::Keypair) -> [u8; 32] {
    iktomi_chain::account_of(signer)
}

pub async fn wait_for_tenure(
    p: &Platform,
    holder: &iktomi_chain::Keypair,
    issuer: &iktomi_chain::Keypair,
    ms: u64,
) -> anyhow::Result<()> {
    loop {
        let tenure: u64 = p.read("tenure_of", (id(holder), id(issuer))).await?;
        if tenure >= ms {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}
