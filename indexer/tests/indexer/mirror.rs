//! A scenario that makes the contracts emit every event kind, mirrored exactly.
use std::collections::BTreeSet;
use std::time::Duration;

use iktomi_chain::{dev, Keypair};
use iktomi_devnet::platform::{id, within, Platform};
use iktomi_indexer::decode::known_events;
use iktomi_shared::*;
use parity_scale_codec::Decode;
use sqlx::PgPool;

use crate::support::*;

async fn ok<T: Decode + std::fmt::Debug>(
    p: &Platform,
    signer: &Keypair,
    message: &str,
    args: impl parity_scale_codec::Encode,
) -> anyhow::Result<T> {
    let done = p.registry_call::<T>(signer, message, args).await?;
    done.value
        .map_err(|e| anyhow::anyhow!("{message} was refused: {e:?}"))
}

async fn tenure_ok<T: Decode + std::fmt::Debug>(
    p: &Platform,
    signer: &Keypair,
    message: &str,
    args: impl parity_scale_codec::Encode,
) -> anyhow::Result<T> {
    let done = p.tenure_call::<T>(signer, message, args).await?;
    done.value
        .map_err(|e| anyhow::anyhow!("{message} was refused: {e:?}"))
}

/// Every message that changes state, by every role: the contracts emit each event kind.
async fn every_event_kind(p: &Platform) -> anyhow::Result<()> {
    let (operator, employer, university) = (dev::alice(), dev::bob(), dev::dave());
    let (employee, new_wallet, next_operator) = (dev::charlie(), dev::ferdie(), dev::eve());
    p.register_issuer(&employer).await?;
    p.register_issuer(&university).await?;
    let job: CertificateId = ok(
        p,
        &employer,
        "issue",
        (
            id(&employee),
            Kind::Employment,
            [1u8; 32],
            None::<u64>,
            None::<u64>,
        ),
    )
    .await?;
    ok::<()>(p, &employee, "stake", job).await?;
    let tenure = AccountId::from(p.tenure.address);
    ok::<()>(p, &employer, "set_minter", (tenure, Kind::Award, true)).await?;
    let program: ProgramId = tenure_ok(
        p,
        &employer,
        "create_program",
        (1_000u64, Kind::Award, [2u8; 32]),
    )
    .await?;
    let closed: ProgramId = tenure_ok(
        p,
        &employer,
        "create_program",
        (9_000u64, Kind::Award, [3u8; 32]),
    )
    .await?;
    tenure_ok::<()>(p, &employer, "close_program", closed).await?;
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let promotion: CertificateId = ok(
        p,
        &employer,
        "issue",
        (
            id(&employee),
            Kind::Employment,
            [4u8; 32],
            None::<u64>,
            Some(job),
        ),
    )
    .await?;
    tenure_ok::<CertificateId>(p, &employee, "claim", program).await?;
    let (_, now) = p.registry.chain.finalized_time().await?;
    ok::<()>(p, &employer, "set_expiry", (promotion, Some(now + DAY_MS))).await?;

    let diploma: RequestId = ok(
        p,
        &employee,
        "request_certificate",
        (id(&university), Kind::Diploma, [5u8; 32], None::<u64>),
    )
    .await?;
    ok::<CertificateId>(p, &university, "approve_request", diploma).await?;
    let course: RequestId = ok(
        p,
        &employee,
        "request_certificate",
        (id(&university), Kind::Course, [6u8; 32], None::<u64>),
    )
    .await?;
    ok::<()>(p, &university, "reject_request", (course, 7u16)).await?;

    let migration: MigrationId = ok(
        p,
        &employee,
        "request_migration",
        (
            id(&employer),
            MigrationScope::AllFromIssuer,
            id(&new_wallet),
        ),
    )
    .await?;
    let badge: CertificateId = ok(
        p,
        &employer,
        "issue",
        (
            id(&employee),
            Kind::Badge,
            [8u8; 32],
            None::<u64>,
            None::<u64>,
        ),
    )
    .await?;
    ok::<()>(p, &employee, "hide_certificate", badge).await?;
    ok::<()>(p, &new_wallet, "accept_migration", migration).await?;
    ok::<u32>(p, &employer, "approve_migration", migration).await?;
    ok::<()>(
        p,
        &employer,
        "revoke",
        (promotion, RevocationReason::Dismissed),
    )
    .await?;

    // The university's key is rotated out for a new account of the same organization.
    let successor = AccountId::from([42u8; 32]);
    ok::<()>(p, &operator, "rotate_issuer", (id(&university), successor)).await?;
    ok::<()>(p, &operator, "suspend_issuer", id(&university)).await?;
    ok::<()>(p, &operator, "reinstate_issuer", id(&university)).await?;
    ok::<()>(p, &operator, "suspend_issuer", id(&university)).await?;
    ok::<()>(p, &operator, "propose_operator", id(&next_operator)).await?;
    ok::<()>(p, &next_operator, "accept_operator", ()).await?;
    Ok(())
}

#[sqlx::test(migrations = false)]
async fn every_event_kind_is_mirrored_and_the_state_equals_the_contracts_reads(
    pool: PgPool,
) -> anyhow::Result<()> {
    within(300, async {
        // given a platform whose contracts emitted every kind of event
        let p = Platform::start().await?;
        every_event_kind(&p).await?;

        // when the indexer runs from the deployment block
        let dir = tempfile::tempdir()?;
        let deployment = write_deployment(dir.path(), &p.record)?;
        let indexer =
            IndexerProcess::spawn(&url_of(&pool).await?, &deployment, &dir.path().join("log"))?;
        let head = wait_indexed(&pool, &p, 60).await?;
        let (status, health) = indexer.get("/health")?;
        assert!(status.contains("200"), "{status} {health}");
        let health: serde_json::Value = serde_json::from_str(&health)?;
        assert!(
            health["last_indexed_block"].as_u64() >= Some(head),
            "{health}"
        );
        let (_, metrics) = indexer.get("/metrics")?;
        assert!(metrics.contains("iktomi_indexer_events_total"), "{metrics}");

        // then every event kind is in the log, exactly as on chain
        let names: BTreeSet<String> = sqlx::query_scalar!("SELECT DISTINCT name FROM chain_events")
            .fetch_all(&pool)
            .await?
            .into_iter()
            .collect();
        let all: BTreeSet<String> = known_events()
            .into_iter()
            .map(|(n, _)| n.to_owned())
            .collect();
        assert_eq!(names, all, "the scenario emits every event kind");
        assert_log_is_exact(&pool, &p, head).await?;

        // and the state equals the contracts' own reads
        assert_state_mirrors_chain(&pool, &p).await?;
        let claims: i64 = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM award_claims"#)
            .fetch_one(&pool)
            .await?;
        assert_eq!(claims, 1);
        let moved: String = sqlx::query_scalar!("SELECT state FROM wallet_migrations WHERE id = 1")
            .fetch_one(&pool)
            .await?;
        assert_eq!(moved, "approved");
        Ok(())
    })
    .await
}
