//! The audit log: every successful write through the API (actor, action, target, before and after,
//! request id, time) appended to the hash-chained `audit_log`, and posted to the configured
//! Telegram group topic through the outbox. The action is the method and route; the target the
//! path; the after the JSON answered; the before the after last recorded for the same target.
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use crate::state::AppState;

/// An answer larger than this is recorded by its size only.
const MAX_AFTER_BYTES: usize = 16 * 1024;

pub struct Entry<'a> {
    pub actor: Option<Uuid>,
    pub action: &'a str,
    pub target: &'a str,
    pub after: Option<Value>,
    pub request_id: Option<&'a str>,
}

/// Appends one entry; its id.
pub async fn record(state: &AppState, entry: Entry<'_>) -> anyhow::Result<i64> {
    let t = &state.settings.telegram;
    let id = sqlx::query_scalar!(
        r#"SELECT iktomi_audit($1, $2, $3,
                  (SELECT after FROM audit_log WHERE target = $3 ORDER BY id DESC LIMIT 1),
                  $4, $5, $6, $7) AS "id!""#,
        entry.actor,
        entry.action,
        entry.target,
        entry.after,
        entry.request_id,
        t.audit_chat_id,
        t.audit_thread_id
    )
    .fetch_one(&state.db)
    .await?;
    Ok(id)
}

/// What a verification found.
#[derive(Debug, PartialEq, Eq)]
pub struct Verdict {
    pub entries: i64,
    /// The first row whose hash or link does not hold.
    pub first_tampered: Option<i64>,
}

/// Walks the chain from the first row.
pub async fn verify(db: &PgPool) -> anyhow::Result<Verdict> {
    let rows = sqlx::query!(
        r#"SELECT id, prev_hash, hash,
                  sha256(prev_hash || convert_to(iktomi_audit_text(id, at, actor, action, target, before,
                                                                   after, request_id), 'UTF8')) AS "computed!"
           FROM audit_log ORDER BY id"#
    )
    .fetch_all(db)
    .await?;
    let mut expected = vec![0u8; 32];
    for row in &rows {
        if row.prev_hash != expected || row.hash != row.computed {
            return Ok(Verdict {
                entries: rows.len() as i64,
                first_tampered: Some(row.id),
            });
        }
        expected = row.hash.clone();
    }
    Ok(Verdict {
        entries: rows.len() as i64,
        first_tampered: None,
    })
}

/// The middleware: records successful writes.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let action = format!(
        "{} {}",
        request.method(),
        request
            .extensions()
            .get::<MatchedPath>()
            .map_or("unmatched", |p| p.as_str())
    );
    let target = request.uri().path().to_owned();
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    // Who acts is read before the write (a sign-out ends the session it is made with).
    let actor = match token {
        Some(token) => crate::auth::session::resolve(&state.db, &token)
            .await
            .ok()
            .flatten()
            .map(|s| s.account_id),
        None => None,
    };
    let response = next.run(request).await;
    if !response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "reading an answer for the audit log failed");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let after = if bytes.len() > MAX_AFTER_BYTES {
        Some(serde_json::json!({"bytes": bytes.len()}))
    } else {
        serde_json::from_slice::<Value>(&bytes).ok()
    };
    let entry = Entry {
        actor,
        action: &action,
        target: &target,
        after,
        request_id: request_id.as_deref(),
    };
    if let Err(error) = record(&state, entry).await {
        tracing::error!(%error, %action, "writing the audit log failed");
    }
    Response::from_parts(parts, Body::from(bytes))
}
