//! Issue 15, item 5 on a real node: tenure moved to a new wallet by a whole-issuer migration
//! cannot be claimed again there, nor after it moves once more.
use iktomi_chain::dev;
use iktomi_shared::*;

use crate::support::{id, within, Platform, RegistryError, TenureError};
use crate::tenure_career::wait_for_tenure;

#[tokio::test]
async fn moved_tenure_cannot_claim_the_same_award_again() -> anyhow::Result<()> {
    within(240, async {
        let p = Platform::start().await?;
        let (employer, employee) = (dev::bob(), dev::charlie());
        let wallets = [dev::charlie(), dev::dave(), dev::eve()];
        p.register_issuer(&employer).await?;
        let job = p
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
            .await?
            .value
            .expect("hired");
        assert_eq!(
            p.registry_call::<()>(&employee, "stake", job).await?.value,
            Ok(())
        );
        let tenure = AccountId::from(p.tenure.address);
        p.registry_call::<()>(&employer, "set_minter", (tenure, Kind::Award, true))
            .await?
            .value
            .expect("minter");
        let program = p
            .tenure_call::<ProgramId>(
                &employer,
                "create_program",
                (2_000u64, Kind::Award, [12u8; 32]),
            )
            .await?
            .value
            .expect("program");
        wait_for_tenure(&p, &employee, &employer, 2_000).await?;
        let claimed = p
            .tenure_call::<CertificateId>(&employee, "claim", program)
            .await?;
        assert!(claimed.value.is_ok(), "{:?}", claimed.value);

        for pair in wallets.windows(2) {
            let (from, to) = (&pair[0], &pair[1]);
            let migration = p
                .registry_call::<MigrationId>(
                    from,
                    "request_migration",
                    (id(&employer), MigrationScope::AllFromIssuer, id(to)),
                )
                .await?
                .value
                .expect("requested");
            let early = p
                .registry_call::<u32>(&employer, "approve_migration", migration)
                .await?;
            assert_eq!(early.value, Err(RegistryError::MigrationNotAccepted));
            assert_eq!(
                p.registry_call::<()>(to, "accept_migration", migration)
                    .await?
                    .value,
                Ok(())
            );
            assert!(p
                .registry_call::<u32>(&employer, "approve_migration", migration)
                .await?
                .value
                .is_ok());
            let again = p.tenure_call::<CertificateId>(to, "claim", program).await?;
            assert_eq!(
                again.value,
                Err(TenureError::AlreadyClaimed),
                "the moved tenure was already claimed"
            );
        }
        let lineage: Vec<AccountId> = p
            .read("tenure_lineage", (id(&dev::eve()), id(&employer)))
            .await?;
        assert_eq!(
            lineage,
            vec![id(&dev::eve()), id(&dev::dave()), id(&dev::charlie())]
        );
        Ok(())
    })
    .await
}
