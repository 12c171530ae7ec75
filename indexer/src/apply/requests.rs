//! Holders' requests for a certificate and how the issuer resolved them.
use iktomi_shared::events::{CertificateRequested, RequestResolved};
use iktomi_shared::RequestState;
use sqlx::PgConnection;

use super::{account, int8, reduce};
use crate::payload::kind;
pub(super) async fn requested(
    conn: &mut PgConnection,
    run: &[(i64, &CertificateRequested)],
) -> sqlx::Result<()> {
    let id: Vec<i64> = run.iter().map(|(_, e)| int8(e.id)).collect();
    let issuer: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.issuer)).collect();
    let holder: Vec<Vec<u8>> = run.iter().map(|(_, e)| account(&e.holder)).collect();
    let kinds: Vec<String> = run.iter().map(|(_, e)| kind(e.kind)).collect();
    let hash: Vec<Vec<u8>> = run.iter().map(|(_, e)| e.content_hash.to_vec()).collect();
    let expires: Vec<Option<i64>> = run.iter().map(|(_, e)| e.expires_at.map(int8)).collect();
    let at: Vec<i64> = run.iter().map(|(_, e)| int8(e.at)).collect();
    sqlx::query!(
        "INSERT INTO certificate_requests (id, issuer, holder, kind, content_hash, expires_at,
                                           created_at, state)
         SELECT id, issuer, holder, kind, content_hash, iktomi_time(expires_at),
                iktomi_time(at), 'pending'
         FROM UNNEST($1::int8[], $2::bytea[], $3::bytea[], $4::text[], $5::bytea[], $6::int8[],
                     $7::int8[])
              AS r(id, issuer, holder, kind, content_hash, expires_at, at)",
        &id,
        &issuer,
        &holder,
        &kinds,
        &hash,
        &expires as &[Option<i64>],
        &at,
    )
    .execute(conn)
    .await?;
    Ok(())
}

fn request_state(s: RequestState) -> (&'static str, Option<i64>, Option<i32>) {
    match s {
        RequestState::Pending => ("pending", None, None),
        RequestState::Approved(id) => ("approved", Some(int8(id)), None),
        RequestState::Rejected(code) => ("rejected", None, Some(i32::from(code))),
        RequestState::Cancelled => ("cancelled", None, None),
    }
}

pub(super) async fn request_resolved(
    conn: &mut PgConnection,
    run: &[(i64, &RequestResolved)],
) -> sqlx::Result<()> {
    let run = reduce(run, false, |e| e.id);
    let id: Vec<i64> = run.iter().map(|(_, e)| int8(e.id)).collect();
    let mut state = Vec::with_capacity(run.len());
    let mut certificate = Vec::with_capacity(run.len());
    let mut code = Vec::with_capacity(run.len());
    for (_, e) in &run {
        let (s, c, r) = request_state(e.state);
        state.push(s.to_owned());
        certificate.push(c);
        code.push(r);
    }
    let at: Vec<i64> = run.iter().map(|(_, e)| int8(e.at)).collect();
    sqlx::query!(
        "UPDATE certificate_requests q SET state = r.state, certificate_id = r.certificate,
             reject_code = r.reject_code, resolved_at = iktomi_time(r.at)
         FROM UNNEST($1::int8[], $2::text[], $3::int8[], $4::int4[], $5::int8[])
              AS r(id, state, certificate, reject_code, at)
         WHERE q.id = r.id",
        &id,
        &state,
        &certificate as &[Option<i64>],
        &code as &[Option<i32>],
        &at,
    )
    .execute(conn)
    .await?;
    Ok(())
}
