//! The registry's operator, its issuers and their minters.
use iktomi_shared::events::{
    IssuerRegistered, IssuerReinstated, IssuerRetired, IssuerSuspended, MinterChanged,
};
use sqlx::PgConnection;

use super::{account, int8, reduce, Located};
use crate::decode::ContractEvent;
use crate::payload::kind;
/// Each of these events overwrites the whole operator row, so a run leaves what its last did.
pub(super) async fn operator(conn: &mut PgConnection, run: &[Located<'_>]) -> sqlx::Result<()> {
    let (operator, proposed) = match run.last() {
        Some((_, ContractEvent::OperatorProposed(e))) => {
            (account(&e.operator), Some(account(&e.proposed)))
        }
        Some((_, ContractEvent::OperatorChanged(e))) => (account(&e.operator), None),
        _ => return Ok(()),
    };
    sqlx::query!(
        "INSERT INTO registry_operator (operator, proposed) VALUES ($1, $2)
         ON CONFLICT (singleton) DO UPDATE SET operator = EXCLUDED.operator,
             proposed = EXCLUDED.proposed",
        operator,
        proposed,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn issuer_registered(
    conn: &mut PgConnection,
    run: &[(i64, &IssuerRegistered)],
) -> sqlx::Result<()> {
    let run = reduce(run, false, |e| e.issuer);
    let issuer: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.issuer)).collect();
    let organization: Vec<uuid::Uuid> = run
        .iter()
        .map(|(_, e)| uuid::Uuid::from_bytes(e.organization))
        .collect();
    let metadata: Vec<Vec<u8>> = run.iter().map(|(_, e)| e.metadata_hash.to_vec()).collect();
    let at: Vec<i64> = run.iter().map(|(_, e)| int8(e.at)).collect();
    let block: Vec<i64> = run.iter().map(|&(b, _)| b).collect();
    sqlx::query!(
        "INSERT INTO issuers (account, organization_id, metadata_hash, registered_at,
                              updated_block)
         SELECT account, organization, metadata_hash, iktomi_time(at), block
         FROM UNNEST($1::bytea[], $2::uuid[], $3::bytea[], $4::int8[], $5::int8[])
              AS r(account, organization, metadata_hash, at, block)
         ON CONFLICT (account) DO UPDATE SET organization_id = EXCLUDED.organization_id,
             metadata_hash = EXCLUDED.metadata_hash, registered_at = EXCLUDED.registered_at,
             suspended_at = NULL, updated_block = EXCLUDED.updated_block",
        &issuer,
        &organization,
        &metadata,
        &at,
        &block,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn issuer_suspended(
    conn: &mut PgConnection,
    run: &[(i64, &IssuerSuspended)],
) -> sqlx::Result<()> {
    let run = reduce(run, false, |e| e.issuer);
    let issuer: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.issuer)).collect();
    let at: Vec<i64> = run.iter().map(|(_, e)| int8(e.at)).collect();
    let block: Vec<i64> = run.iter().map(|&(b, _)| b).collect();
    sqlx::query!(
        "UPDATE issuers i SET suspended_at = iktomi_time(s.at),
             updated_block = greatest(i.updated_block, s.block)
         FROM UNNEST($1::bytea[], $2::int8[], $3::int8[]) AS s(account, at, block)
         WHERE i.account = s.account",
        &issuer,
        &at,
        &block,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn issuer_reinstated(
    conn: &mut PgConnection,
    run: &[(i64, &IssuerReinstated)],
) -> sqlx::Result<()> {
    let run = reduce(run, false, |e| e.issuer);
    let issuer: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.issuer)).collect();
    let block: Vec<i64> = run.iter().map(|&(b, _)| b).collect();
    sqlx::query!(
        "UPDATE issuers i SET suspended_at = NULL,
             updated_block = greatest(i.updated_block, s.block)
         FROM UNNEST($1::bytea[], $2::int8[]) AS s(account, block)
         WHERE i.account = s.account",
        &issuer,
        &block,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn issuer_retired(
    conn: &mut PgConnection,
    run: &[(i64, &IssuerRetired)],
) -> sqlx::Result<()> {
    let run = reduce(run, false, |e| e.issuer);
    let issuer: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.issuer)).collect();
    let successor: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.successor)).collect();
    let at: Vec<i64> = run.iter().map(|(_, e)| int8(e.at)).collect();
    let block: Vec<i64> = run.iter().map(|&(b, _)| b).collect();
    sqlx::query!(
        "UPDATE issuers i SET retired_at = iktomi_time(r.at), successor = r.successor,
             updated_block = greatest(i.updated_block, r.block)
         FROM UNNEST($1::bytea[], $2::bytea[], $3::int8[], $4::int8[])
              AS r(account, successor, at, block)
         WHERE i.account = r.account",
        &issuer,
        &successor,
        &at,
        &block,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// After the last change per (issuer, minter, kind), the grants and the withdrawals touch
/// disjoint rows, so their order no longer matters.
pub(super) async fn minter_changed(
    conn: &mut PgConnection,
    run: &[(i64, &MinterChanged)],
) -> sqlx::Result<()> {
    let run = reduce(run, false, |e| (e.issuer, e.minter, kind(e.kind)));
    for allowed in [true, false] {
        let changes: Vec<_> = run.iter().filter(|(_, e)| e.allowed == allowed).collect();
        if changes.is_empty() {
            continue;
        }
        let issuer: Vec<Vec<u8>> = changes.iter().map(|(_, e)| account(&e.issuer)).collect();
        let minter: Vec<Vec<u8>> = changes.iter().map(|(_, e)| account(&e.minter)).collect();
        let kinds: Vec<String> = changes.iter().map(|(_, e)| kind(e.kind)).collect();
        if allowed {
            sqlx::query!(
                "INSERT INTO minters (issuer, minter, kind)
                 SELECT * FROM UNNEST($1::bytea[], $2::bytea[], $3::text[])
                 ON CONFLICT DO NOTHING",
                &issuer,
                &minter,
                &kinds,
            )
            .execute(&mut *conn)
            .await?;
        } else {
            sqlx::query!(
                "DELETE FROM minters m
                 USING UNNEST($1::bytea[], $2::bytea[], $3::text[]) AS d(issuer, minter, kind)
                 WHERE m.issuer = d.issuer AND m.minter = d.minter AND m.kind = d.kind",
                &issuer,
                &minter,
                &kinds,
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}
