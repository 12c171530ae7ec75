//! Telling assignees that an attestation opened: once per attestation, by the sweeper in
//! `workers` and right after one is created (it may open at once).
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgPool;

use crate::http::error::ApiResult;
use crate::notifications::notify::{self, Kind};

/// Tells assignees of attestations that opened by `now` and were not announced yet.
pub async fn announce_opened(db: &PgPool, now: DateTime<Utc>) -> ApiResult<usize> {
    let mut tx = db.begin().await?;
    let opened = sqlx::query!(
        "UPDATE attestations SET opened_announced = true
         WHERE NOT opened_announced AND opens_at <= $1 AND closes_at > $1
         RETURNING id, title, closes_at",
        now
    )
    .fetch_all(&mut *tx)
    .await?;
    for a in &opened {
        let people = sqlx::query_scalar!(
            "SELECT account_id FROM attestation_assignees WHERE attestation_id = $1",
            a.id
        )
        .fetch_all(&mut *tx)
        .await?;
        for person in people {
            notify::push(
                &mut tx,
                person,
                Kind::AttestationOpened,
                json!({"attestation_id": a.id, "title": a.title, "closes_at": a.closes_at}),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(opened.len())
}
