//! A holder moves a certificate to a new wallet: nothing moves until the issuer approves.
use iktomi_chain::dev;
use iktomi_shared::events::*;
use iktomi_shared::*;

use crate::support::{id, within, Platform, RegistryError};

#[tokio::test]
async fn a_certificate_moves_to_a_new_wallet_only_with_the_issuers_approval() -> anyhow::Result<()>
{
    within(180, async {
        // given a university diploma held by a graduate who lost their key
        let p = Platform::start().await?;
        let (university, graduate, new_wallet) = (dev::bob(), dev::charlie(), dev::ferdie());
        p.register_issuer(&university).await?;
        let diploma = p
            .registry_call::<CertificateId>(
                &university,
                "issue",
                (
                    id(&graduate),
                    Kind::Diploma,
                    [30u8; 32],
                    None::<u64>,
                    None::<u64>,
                ),
            )
            .await?
            .value
            .expect("issued");

        // when the graduate asks to move it
        let asked = p
            .registry_call::<MigrationId>(
                &graduate,
                "request_migration",
                (
                    id(&university),
                    MigrationScope::One(diploma),
                    id(&new_wallet),
                ),
            )
            .await?;
        let migration = asked.value.expect("requested");
        assert_eq!(asked.emitted::<MigrationRequested>()[0].to, id(&new_wallet));

        // then nothing moves without the issuer, and nobody else can approve
        assert_eq!(
            p.read::<Option<AccountId>>("owner_of", diploma).await?,
            Some(id(&graduate))
        );
        let self_approved = p
            .registry_call::<u32>(&graduate, "approve_migration", migration)
            .await?;
        assert_eq!(self_approved.value, Err(RegistryError::NotIssuer));
        let by_new_wallet = p
            .registry_call::<u32>(&new_wallet, "approve_migration", migration)
            .await?;
        assert_eq!(by_new_wallet.value, Err(RegistryError::NotIssuer));
        assert_eq!(
            p.read::<Option<AccountId>>("owner_of", diploma).await?,
            Some(id(&graduate))
        );

        // and the university cannot approve before the new wallet accepts
        let unaccepted = p
            .registry_call::<u32>(&university, "approve_migration", migration)
            .await?;
        assert_eq!(unaccepted.value, Err(RegistryError::MigrationNotAccepted));
        let accepted = p
            .registry_call::<()>(&new_wallet, "accept_migration", migration)
            .await?;
        assert_eq!(accepted.value, Ok(()));

        // when the university approves
        let approved = p
            .registry_call::<u32>(&university, "approve_migration", migration)
            .await?;
        assert_eq!(approved.value, Ok(1));
        let moved = approved.emitted::<CertificateMigrated>();
        assert_eq!(
            (moved[0].id, moved[0].from, moved[0].to),
            (diploma, id(&graduate), id(&new_wallet))
        );

        // then the new wallet holds it and the old one does not
        assert_eq!(
            p.read::<Option<AccountId>>("owner_of", diploma).await?,
            Some(id(&new_wallet))
        );
        assert_eq!(
            p.read::<Vec<CertificateId>>("certificates_of", (id(&new_wallet), 0u32, 10u32))
                .await?,
            vec![diploma]
        );
        assert_eq!(p.read::<u32>("balance_of", id(&graduate)).await?, 0);
        assert_eq!(
            p.read::<Option<Migration>>("migration", migration)
                .await?
                .expect("kept")
                .state,
            MigrationState::Approved(1)
        );
        Ok(())
    })
    .await
}
