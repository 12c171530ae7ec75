//! PRODUCT.md scenario 8: a person requests a certificate from an organization, which approves
//! one request and rejects another; a suspended organization cannot issue.
use iktomi_chain::dev;
use iktomi_shared::events::*;
use iktomi_shared::*;

use crate::support::{id, within, Platform, RegistryError};

#[tokio::test]
async fn a_request_is_approved_into_a_certificate_and_another_is_rejected() -> anyhow::Result<()> {
    within(180, async {
        // given a verified course provider
        let p = Platform::start().await?;
        let (provider, learner) = (dev::dave(), dev::eve());
        p.register_issuer(&provider).await?;

        // when the learner requests two certificates
        let first = p
            .registry_call::<RequestId>(
                &learner,
                "request_certificate",
                (id(&provider), Kind::Course, [20u8; 32], None::<u64>),
            )
            .await?;
        let approved_id = first.value.expect("requested");
        assert_eq!(
            first.emitted::<CertificateRequested>()[0].holder,
            id(&learner)
        );
        let second = p
            .registry_call::<RequestId>(
                &learner,
                "request_certificate",
                (id(&provider), Kind::Course, [21u8; 32], None::<u64>),
            )
            .await?;
        let rejected_id = second.value.expect("requested");

        // then only the provider decides them
        let by_learner = p
            .registry_call::<CertificateId>(&learner, "approve_request", approved_id)
            .await?;
        assert_eq!(by_learner.value, Err(RegistryError::NotIssuer));
        let approved = p
            .registry_call::<CertificateId>(&provider, "approve_request", approved_id)
            .await?;
        let cert = approved.value.expect("approved");
        assert_eq!(
            approved.emitted::<CertificateIssued>()[0].request,
            Some(approved_id)
        );
        assert_eq!(
            approved.emitted::<RequestResolved>()[0].state,
            RequestState::Approved(cert)
        );
        assert_eq!(
            p.read::<Option<AccountId>>("owner_of", cert).await?,
            Some(id(&learner))
        );
        assert_eq!(
            p.read::<Option<Certificate>>("certificate", cert)
                .await?
                .expect("exists")
                .content_hash,
            [20u8; 32]
        );

        let rejected = p
            .registry_call::<()>(&provider, "reject_request", (rejected_id, 4u16))
            .await?;
        assert_eq!(rejected.value, Ok(()));
        assert_eq!(
            rejected.emitted::<RequestResolved>()[0].state,
            RequestState::Rejected(4)
        );
        let request: Option<Request> = p.read("request", rejected_id).await?;
        assert_eq!(request.expect("kept").state, RequestState::Rejected(4));
        let late = p
            .registry_call::<CertificateId>(&provider, "approve_request", rejected_id)
            .await?;
        assert_eq!(late.value, Err(RegistryError::NotPending));
        assert_eq!(p.read::<u32>("balance_of", id(&learner)).await?, 1);

        // when the operator suspends the provider, it cannot issue and its certificate shows it
        let suspended = p
            .registry_call::<()>(&p.operator, "suspend_issuer", id(&provider))
            .await?;
        assert_eq!(suspended.value, Ok(()));
        let blocked = p
            .registry_call::<CertificateId>(
                &provider,
                "issue",
                (
                    id(&learner),
                    Kind::Course,
                    [22u8; 32],
                    None::<u64>,
                    None::<u64>,
                ),
            )
            .await?;
        assert_eq!(blocked.value, Err(RegistryError::IssuerSuspended));
        assert_eq!(
            p.read::<Option<CertificateStatus>>("status", cert).await?,
            Some(CertificateStatus::IssuerSuspended)
        );

        // and nobody can move the soulbound certificate
        let transfer = p
            .registry_call::<()>(
                &learner,
                "transfer",
                (id(&dev::ferdie()), cert, Vec::<u8>::new()),
            )
            .await?;
        assert_eq!(transfer.value, Err(RegistryError::Soulbound));
        assert_eq!(
            p.read::<Result<bool, RegistryError>>("locked", cert)
                .await?,
            Ok(true)
        );
        Ok(())
    })
    .await
}
