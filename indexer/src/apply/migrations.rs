//! Wallet migrations: the request, its resolution, and each certificate it moved.
use iktomi_shared::events::{CertificateMigrated, MigrationRequested, MigrationResolved};
use iktomi_shared::{MigrationScope, MigrationState};
use sqlx::PgConnection;

use super::{account, int8, reduce};
pub(super) async fn migration_requested(
    conn: &mut PgConnection,
    run: &[(i64, &MigrationRequested)],
) -> sqlx::Result<()> {
    let id: Vec<i64> = run.iter().map(|(_, e)| int8(e.id)).collect();
    let issuer: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.issuer)).collect();
    let from: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.from)).collect();
    let to: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.to)).collect();
    let (scope, certificate): (Vec<String>, Vec<Option<i64>>) = run
        .iter()
        .map(|(_, e)| match e.scope {
            MigrationScope::One(id) => ("one".to_owned(), Some(int8(id))),
            MigrationScope::AllFromIssuer => ("all_from_issuer".to_owned(), None),
        })
        .unzip();
    let at: Vec<i64> = run.iter().map(|(_, e)| int8(e.at)).collect();
    sqlx::query!(
        "INSERT INTO wallet_migrations (id, issuer, from_account, to_account, scope,
                                        certificate_id, created_at, state)
         SELECT id, issuer, from_account, to_account, scope, certificate, iktomi_time(at),
                'pending'
         FROM UNNEST($1::int8[], $2::bytea[], $3::bytea[], $4::bytea[], $5::text[], $6::int8[],
                     $7::int8[])
              AS m(id, issuer, from_account, to_account, scope, certificate, at)",
        &id,
        &issuer,
        &from,
        &to,
        &scope,
        &certificate as &[Option<i64>],
        &at,
    )
    .execute(conn)
    .await?;
    Ok(())
}

fn migration_state(s: MigrationState) -> (&'static str, Option<i32>) {
    match s {
        MigrationState::Pending => ("pending", None),
        MigrationState::Approved(moved) => {
            ("approved", Some(i32::try_from(moved).unwrap_or(i32::MAX)))
        }
        MigrationState::Rejected => ("rejected", None),
        MigrationState::Cancelled => ("cancelled", None),
        MigrationState::Accepted => ("accepted", None),
    }
}

pub(super) async fn migration_resolved(
    conn: &mut PgConnection,
    run: &[(i64, &MigrationResolved)],
) -> sqlx::Result<()> {
    let run = reduce(run, false, |e| e.id);
    let id: Vec<i64> = run.iter().map(|(_, e)| int8(e.id)).collect();
    let (state, moved): (Vec<String>, Vec<Option<i32>>) = run
        .iter()
        .map(|(_, e)| {
            let (s, m) = migration_state(e.state);
            (s.to_owned(), m)
        })
        .unzip();
    let at: Vec<i64> = run.iter().map(|(_, e)| int8(e.at)).collect();
    sqlx::query!(
        "UPDATE wallet_migrations w SET state = m.state, moved = m.moved,
             resolved_at = iktomi_time(m.at)
         FROM UNNEST($1::int8[], $2::text[], $3::int4[], $4::int8[]) AS m(id, state, moved, at)
         WHERE w.id = m.id",
        &id,
        &state,
        &moved as &[Option<i32>],
        &at,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn migrated(
    conn: &mut PgConnection,
    run: &[(i64, &CertificateMigrated)],
) -> sqlx::Result<()> {
    let last = reduce(run, false, |e| e.id);
    let id: Vec<i64> = last.iter().map(|(_, e)| int8(e.id)).collect();
    let to: Vec<Vec<u8>> = last.iter().map(|(_, e)| account(&e.to)).collect();
    let block: Vec<i64> = last.iter().map(|&(b, _)| b).collect();
    sqlx::query!(
        "UPDATE certificates c SET holder = m.holder,
             updated_block = greatest(c.updated_block, m.block)
         FROM UNNEST($1::int8[], $2::bytea[], $3::int8[]) AS m(id, holder, block)
         WHERE c.id = m.id",
        &id,
        &to,
        &block,
    )
    .execute(&mut *conn)
    .await?;
    let id: Vec<i64> = run.iter().map(|(_, e)| int8(e.id)).collect();
    let migration: Vec<i64> = run.iter().map(|(_, e)| int8(e.migration)).collect();
    let from: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.from)).collect();
    let to: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.to)).collect();
    let block: Vec<i64> = run.iter().map(|&(b, _)| b).collect();
    sqlx::query!(
        "INSERT INTO certificate_moves (certificate_id, migration_id, from_account, to_account,
                                        block_number)
         SELECT * FROM UNNEST($1::int8[], $2::int8[], $3::bytea[], $4::bytea[], $5::int8[])",
        &id,
        &migration,
        &from,
        &to,
        &block,
    )
    .execute(conn)
    .await?;
    Ok(())
}
