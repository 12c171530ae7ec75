//! The certificate rows: issued and revoked set-wise for the whole batch, then placement and
//! expiry changes in chain order.
use std::collections::HashMap;

use iktomi_shared::events::{CertificateIssued, CertificateRevoked, ExpiryChanged};
use sqlx::PgConnection;

use super::{account, int8, reduce};
use crate::payload::{kind, reason};
pub(super) async fn issue(
    conn: &mut PgConnection,
    issued: &[(i64, &CertificateIssued)],
) -> sqlx::Result<()> {
    if issued.is_empty() {
        return Ok(());
    }
    let mut c = IssueColumns::with_capacity(issued.len());
    for &(block, e) in issued {
        c.id.push(int8(e.id));
        c.issuer.push(account(&e.issuer));
        c.holder.push(account(&e.holder));
        c.kind.push(kind(e.kind));
        c.content_hash.push(e.content_hash.to_vec());
        c.issued_at.push(int8(e.issued_at));
        c.expires_at.push(e.expires_at.map(int8));
        c.supersedes.push(e.supersedes.map(int8));
        c.request.push(e.request.map(int8));
        c.minter.push(e.minter.as_ref().map(account));
        c.block.push(block);
        c.pending.push(e.pending);
    }
    sqlx::query!(
        "INSERT INTO certificates (id, issuer, holder, kind, content_hash, issued_at, expires_at,
                                   supersedes, request_id, minter, issued_block, updated_block,
                                   placement)
         SELECT id, issuer, holder, kind, content_hash, iktomi_time(issued_at),
                iktomi_time(expires_at), supersedes, request, minter, block, block,
                CASE WHEN pending THEN 'pending' ELSE 'listed' END
         FROM UNNEST($1::int8[], $2::bytea[], $3::bytea[], $4::text[], $5::bytea[], $6::int8[],
                     $7::int8[], $8::int8[], $9::int8[], $10::bytea[], $11::int8[], $12::bool[])
              AS i(id, issuer, holder, kind, content_hash, issued_at, expires_at, supersedes,
                   request, minter, block, pending)",
        &c.id,
        &c.issuer,
        &c.holder,
        &c.kind,
        &c.content_hash,
        &c.issued_at,
        &c.expires_at as &[Option<i64>],
        &c.supersedes as &[Option<i64>],
        &c.request as &[Option<i64>],
        &c.minter as &[Option<Vec<u8>>],
        &c.block,
        &c.pending,
    )
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Default)]
struct IssueColumns {
    id: Vec<i64>,
    issuer: Vec<Vec<u8>>,
    holder: Vec<Vec<u8>>,
    kind: Vec<String>,
    content_hash: Vec<Vec<u8>>,
    issued_at: Vec<i64>,
    expires_at: Vec<Option<i64>>,
    supersedes: Vec<Option<i64>>,
    request: Vec<Option<i64>>,
    minter: Vec<Option<Vec<u8>>>,
    block: Vec<i64>,
    pending: Vec<bool>,
}

impl IssueColumns {
    fn with_capacity(n: usize) -> Self {
        Self {
            id: Vec::with_capacity(n),
            issuer: Vec::with_capacity(n),
            holder: Vec::with_capacity(n),
            kind: Vec::with_capacity(n),
            content_hash: Vec::with_capacity(n),
            issued_at: Vec::with_capacity(n),
            expires_at: Vec::with_capacity(n),
            supersedes: Vec::with_capacity(n),
            request: Vec::with_capacity(n),
            minter: Vec::with_capacity(n),
            block: Vec::with_capacity(n),
            pending: Vec::with_capacity(n),
        }
    }
}

pub(super) async fn revoke(
    conn: &mut PgConnection,
    revoked: &[(i64, &CertificateRevoked)],
) -> sqlx::Result<()> {
    if revoked.is_empty() {
        return Ok(());
    }
    let id: Vec<i64> = revoked.iter().map(|(_, e)| int8(e.id)).collect();
    let why: Vec<String> = revoked.iter().map(|(_, e)| reason(e.reason)).collect();
    let at: Vec<i64> = revoked.iter().map(|(_, e)| int8(e.at)).collect();
    let by: Vec<Option<i64>> = revoked
        .iter()
        .map(|(_, e)| e.superseded_by.map(int8))
        .collect();
    let block: Vec<i64> = revoked.iter().map(|&(b, _)| b).collect();
    sqlx::query!(
        "UPDATE certificates c SET revoked_at = iktomi_time(r.at), revocation_reason = r.reason,
             superseded_by = r.superseded_by, updated_block = greatest(c.updated_block, r.block)
         FROM UNNEST($1::int8[], $2::text[], $3::int8[], $4::int8[], $5::int8[])
              AS r(id, reason, at, superseded_by, block)
         WHERE c.id = r.id",
        &id,
        &why,
        &at,
        &by as &[Option<i64>],
        &block,
    )
    .execute(conn)
    .await?;
    Ok(())
}
/// Accepts or hides: `(block, certificate)` pairs all moved to `placement`.
pub(super) async fn placement(
    conn: &mut PgConnection,
    run: impl Iterator<Item = (i64, u64)>,
    placement: &str,
) -> sqlx::Result<()> {
    let mut last: HashMap<u64, i64> = HashMap::new();
    for (block, id) in run {
        last.insert(id, block);
    }
    let (id, block): (Vec<i64>, Vec<i64>) = last.into_iter().map(|(id, b)| (int8(id), b)).unzip();
    sqlx::query!(
        "UPDATE certificates c SET placement = $3,
             updated_block = greatest(c.updated_block, p.block)
         FROM UNNEST($1::int8[], $2::int8[]) AS p(id, block)
         WHERE c.id = p.id",
        &id,
        &block,
        placement,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn expiry_changed(
    conn: &mut PgConnection,
    run: &[(i64, &ExpiryChanged)],
) -> sqlx::Result<()> {
    let certificates = reduce(run, false, |e| e.id);
    let id: Vec<i64> = certificates.iter().map(|(_, e)| int8(e.id)).collect();
    let expires: Vec<Option<i64>> = certificates
        .iter()
        .map(|(_, e)| e.expires_at.map(int8))
        .collect();
    let block: Vec<i64> = certificates.iter().map(|&(b, _)| b).collect();
    sqlx::query!(
        "UPDATE certificates c SET expires_at = iktomi_time(x.expires_at),
             updated_block = greatest(c.updated_block, x.block)
         FROM UNNEST($1::int8[], $2::int8[], $3::int8[]) AS x(id, expires_at, block)
         WHERE c.id = x.id",
        &id,
        &expires as &[Option<i64>],
        &block,
    )
    .execute(&mut *conn)
    .await?;
    // A staked certificate's new expiry settles its holder's tenure at `at`.
    let settled: Vec<_> = run
        .iter()
        .copied()
        .filter(|(_, e)| e.tenure_accrued_ms.is_some())
        .collect();
    if settled.is_empty() {
        return Ok(());
    }
    let settled = reduce(&settled, false, |e| (e.holder, e.issuer));
    let holder: Vec<Vec<u8>> = settled.iter().map(|(_, e)| account(&e.holder)).collect();
    let issuer: Vec<Vec<u8>> = settled.iter().map(|(_, e)| account(&e.issuer)).collect();
    let accrued: Vec<i64> = settled
        .iter()
        .map(|(_, e)| int8(e.tenure_accrued_ms.unwrap_or_default()))
        .collect();
    let at: Vec<i64> = settled.iter().map(|(_, e)| int8(e.at)).collect();
    sqlx::query!(
        "UPDATE tenure t SET accrued_ms = x.accrued_ms, staked_since = iktomi_time(x.at)
         FROM UNNEST($1::bytea[], $2::bytea[], $3::int8[], $4::int8[])
              AS x(holder, issuer, accrued_ms, at)
         WHERE t.holder = x.holder AND t.issuer = x.issuer",
        &holder,
        &issuer,
        &accrued,
        &at,
    )
    .execute(conn)
    .await?;
    Ok(())
}
