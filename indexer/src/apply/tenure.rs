//! Tenure: stakes, their intervals, moves with a wallet, and the programs that award it.
use iktomi_shared::events::{
    AwardClaimed, ProgramClosed, ProgramCreated, Staked, TenureMoved, Unstaked,
};
use sqlx::PgConnection;

use super::{account, int4, int8, reduce};
use crate::payload::kind;
/// One move at a time: a move reads what an earlier one of the same run may have written
/// (`a` to `b`, then `b` to `c`), and it is one event per approved migration.
pub(super) async fn tenure_moved(conn: &mut PgConnection, e: &TenureMoved) -> sqlx::Result<()> {
    let (issuer, from, to) = (account(&e.issuer), account(&e.from), account(&e.to));
    let at = int8(e.at);
    let staked = e.stake.map(|s| int8(s.certificate));
    let since = e.stake.map(|s| int8(s.since));
    // `to` had its own stake: the moved one was settled and closed at `at`.
    sqlx::query!(
        "UPDATE tenure_intervals SET ended_at = iktomi_time($4)
         WHERE holder = $1 AND issuer = $2 AND ended_at IS NULL
           AND certificate_id IS DISTINCT FROM $3",
        from,
        issuer,
        staked,
        at,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE tenure_intervals SET holder = $3
         WHERE holder = $1 AND issuer = $2 AND ended_at IS NULL",
        from,
        issuer,
        to,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "DELETE FROM tenure WHERE holder = $1 AND issuer = $2",
        from,
        issuer
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO tenure (holder, issuer, accrued_ms, staked_certificate, staked_since)
         VALUES ($1, $2, $3, $4, iktomi_time($5))
         ON CONFLICT (holder, issuer) DO UPDATE SET accrued_ms = EXCLUDED.accrued_ms,
             staked_certificate = EXCLUDED.staked_certificate,
             staked_since = EXCLUDED.staked_since",
        to,
        issuer,
        int8(e.accrued_ms),
        staked,
        since,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn staked(conn: &mut PgConnection, run: &[(i64, &Staked)]) -> sqlx::Result<()> {
    let last = reduce(run, false, |e| (e.holder, e.issuer));
    let holder: Vec<Vec<u8>> = last.iter().map(|(_, e)| account(&e.holder)).collect();
    let issuer: Vec<Vec<u8>> = last.iter().map(|(_, e)| account(&e.issuer)).collect();
    let id: Vec<i64> = last.iter().map(|(_, e)| int8(e.id)).collect();
    let at: Vec<i64> = last.iter().map(|(_, e)| int8(e.at)).collect();
    sqlx::query!(
        "INSERT INTO tenure (holder, issuer, accrued_ms, staked_certificate, staked_since)
         SELECT holder, issuer, 0, id, iktomi_time(at)
         FROM UNNEST($1::bytea[], $2::bytea[], $3::int8[], $4::int8[]) AS s(holder, issuer, id, at)
         ON CONFLICT (holder, issuer) DO UPDATE SET
             staked_certificate = EXCLUDED.staked_certificate,
             staked_since = EXCLUDED.staked_since",
        &holder,
        &issuer,
        &id,
        &at,
    )
    .execute(&mut *conn)
    .await?;
    // Every interval, in chain order: of two with one key the first stays, as one by one.
    let id: Vec<i64> = run.iter().map(|(_, e)| int8(e.id)).collect();
    let at: Vec<i64> = run.iter().map(|(_, e)| int8(e.at)).collect();
    let holder: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.holder)).collect();
    let issuer: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.issuer)).collect();
    sqlx::query!(
        "INSERT INTO tenure_intervals (certificate_id, started_at, holder, issuer)
         SELECT id, iktomi_time(at), holder, issuer
         FROM UNNEST($1::int8[], $2::int8[], $3::bytea[], $4::bytea[])
              WITH ORDINALITY AS s(id, at, holder, issuer, n)
         ORDER BY n
         ON CONFLICT DO NOTHING",
        &id,
        &at,
        &holder,
        &issuer,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn unstaked(
    conn: &mut PgConnection,
    run: &[(i64, &Unstaked)],
) -> sqlx::Result<()> {
    let last = reduce(run, false, |e| (e.holder, e.issuer));
    let holder: Vec<Vec<u8>> = last.iter().map(|(_, e)| account(&e.holder)).collect();
    let issuer: Vec<Vec<u8>> = last.iter().map(|(_, e)| account(&e.issuer)).collect();
    let accrued: Vec<i64> = last.iter().map(|(_, e)| int8(e.accrued_ms)).collect();
    sqlx::query!(
        "UPDATE tenure t SET accrued_ms = u.accrued_ms, staked_certificate = NULL,
             staked_since = NULL
         FROM UNNEST($1::bytea[], $2::bytea[], $3::int8[]) AS u(holder, issuer, accrued_ms)
         WHERE t.holder = u.holder AND t.issuer = u.issuer",
        &holder,
        &issuer,
        &accrued,
    )
    .execute(&mut *conn)
    .await?;
    // The first unstake of a certificate closes its open interval; a later one finds none open.
    let first = reduce(run, true, |e| e.id);
    let id: Vec<i64> = first.iter().map(|(_, e)| int8(e.id)).collect();
    let at: Vec<i64> = first.iter().map(|(_, e)| int8(e.at)).collect();
    sqlx::query!(
        "UPDATE tenure_intervals t SET ended_at = iktomi_time(u.at)
         FROM UNNEST($1::int8[], $2::int8[]) AS u(id, at)
         WHERE t.certificate_id = u.id AND t.ended_at IS NULL",
        &id,
        &at,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn program_created(
    conn: &mut PgConnection,
    run: &[(i64, &ProgramCreated)],
) -> sqlx::Result<()> {
    let id: Vec<i32> = run.iter().map(|(_, e)| int4(e.id)).collect();
    let issuer: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.issuer)).collect();
    let milestone: Vec<i64> = run.iter().map(|(_, e)| int8(e.milestone_ms)).collect();
    let award: Vec<String> = run.iter().map(|(_, e)| kind(e.award_kind)).collect();
    let hash: Vec<Vec<u8>> = run.iter().map(|(_, e)| e.content_hash.to_vec()).collect();
    sqlx::query!(
        "INSERT INTO tenure_programs (id, issuer, milestone_ms, award_kind, content_hash)
         SELECT * FROM UNNEST($1::int4[], $2::bytea[], $3::int8[], $4::text[], $5::bytea[])",
        &id,
        &issuer,
        &milestone,
        &award,
        &hash,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn program_closed(
    conn: &mut PgConnection,
    run: &[(i64, &ProgramClosed)],
) -> sqlx::Result<()> {
    let id: Vec<i32> = run.iter().map(|(_, e)| int4(e.id)).collect();
    sqlx::query!(
        "UPDATE tenure_programs SET closed = true WHERE id = ANY($1::int4[])",
        &id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn award_claimed(
    conn: &mut PgConnection,
    run: &[(i64, &AwardClaimed)],
) -> sqlx::Result<()> {
    let program: Vec<i32> = run.iter().map(|(_, e)| int4(e.program)).collect();
    let holder: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.holder)).collect();
    let issuer: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.issuer)).collect();
    let certificate: Vec<i64> = run.iter().map(|(_, e)| int8(e.certificate)).collect();
    sqlx::query!(
        "INSERT INTO award_claims (program_id, holder, issuer, certificate_id)
         SELECT * FROM UNNEST($1::int4[], $2::bytea[], $3::bytea[], $4::int8[])",
        &program,
        &holder,
        &issuer,
        &certificate,
    )
    .execute(conn)
    .await?;
    Ok(())
}
