//! The audit log: writes through the API (actor, action, target, before and after, request id,
//! time) and by the workers, appended to the HMAC-chained `audit_log` (`chain`) and posted to the
//! configured Telegram group topic through the outbox. The action is the method and route; the
//! target the path; the after what the route declares it records of its answer (`policy`); the
//! before the after last recorded for the same target.
pub mod anchor;
pub mod chain;
pub mod policy;
pub mod scope;
pub mod sweep;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

pub use chain::{verify, AuditKey, Entry, Head, Verdict};
use policy::Record;

use crate::state::AppState;

/// An answer larger than this is recorded by its size only.
const MAX_AFTER_BYTES: usize = 16 * 1024;

pub fn key(state: &AppState) -> anyhow::Result<AuditKey> {
    AuditKey::new(state.settings.audit.key.as_ref(), &state.master_key)
}

/// Appends one entry in its own transaction.
pub async fn record(state: &AppState, entry: Entry<'_>) -> anyhow::Result<Head> {
    let mut tx = state.db.begin().await?;
    let head = record_in(state, &mut tx, entry).await?;
    tx.commit().await?;
    Ok(head)
}

/// Appends one entry in the transaction of the change it records; the rows the transaction
/// changed go with it (`_changes`), so the sweeper does not chain them again.
pub async fn record_in(
    state: &AppState,
    conn: &mut PgConnection,
    mut entry: Entry<'_>,
) -> anyhow::Result<Head> {
    if let Some(changes) = sweep::changes_of_this_transaction(conn).await? {
        entry.after = Some(match entry.after.take() {
            Some(Value::Object(mut map)) if !map.contains_key("_changes") => {
                map.insert("_changes".into(), changes);
                Value::Object(map)
            }
            Some(Value::Object(map)) => Value::Object(map),
            other => json!({ "answer": other, "_changes": changes }),
        });
    }
    chain::append(conn, &key(state)?, &state.settings.telegram, entry).await
}

/// What a background worker did, recorded in the worker's transaction (no actor, not posted:
/// the request that asked for it was).
pub async fn record_worker(
    state: &AppState,
    conn: &mut PgConnection,
    action: &str,
    target: &str,
    after: Value,
) -> anyhow::Result<Head> {
    let entry = Entry {
        actor: None,
        action,
        target,
        after: Some(capped(policy::redact(action, after))),
        request_id: None,
        post: false,
    };
    record_in(state, conn, entry).await
}

fn capped(after: Value) -> Value {
    let bytes = after.to_string().len();
    if bytes > MAX_AFTER_BYTES {
        json!({ "bytes": bytes })
    } else {
        after
    }
}

/// The middleware: records writes. A successful write is recorded as its route declares and
/// posted; an authenticated write refused or failed is recorded by its status only (a handler
/// may have committed before it failed), not posted. Reads, and refused requests of no session,
/// are not recorded.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // A write a read makes (finishing an overdue attempt) is recorded where it is made.
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
    if policy::of(&action) == Record::NotAWrite {
        return next.run(request).await;
    }
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
        Some(token) => resolve(&state, &token).await,
        None => None,
    };
    let scope = Uuid::now_v7();
    let response = scope::within(scope, next.run(request)).await;
    let status = response.status();
    if !status.is_success() && actor.is_none() {
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
    let after = if !status.is_success() {
        let problem = serde_json::from_slice::<Value>(&bytes).ok();
        Some(
            json!({"status": status.as_u16(), "problem": problem.and_then(|p| p.get("type").cloned())}),
        )
    } else if bytes.len() > MAX_AFTER_BYTES {
        Some(json!({"bytes": bytes.len()}))
    } else {
        serde_json::from_slice::<Value>(&bytes)
            .ok()
            .map(|answer| policy::redact(&action, answer))
    };
    let after = with_changes(&state, scope, after).await;
    let entry = Entry {
        actor,
        action: &action,
        target: &target,
        after,
        request_id: request_id.as_deref(),
        post: status.is_success(),
    };
    if let Err(error) = record(&state, entry).await {
        tracing::error!(%error, %action, "writing the audit log failed");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// `after` with the rows the request changed (`_changes`), which the triggers tagged with its
/// scope; unchanged when it changed none (or the pool does not tag scopes).
async fn with_changes(state: &AppState, scope: Uuid, mut after: Option<Value>) -> Option<Value> {
    // Only this code says what an entry covers.
    if let Some(Value::Object(map)) = after.as_mut() {
        map.remove("_changes");
    }
    let changes = match sweep::changes_of(&state.db, scope).await {
        Ok(Some(changes)) => changes,
        Ok(None) => return after,
        Err(error) => {
            tracing::warn!(%error, "reading a request's changes for the audit log failed");
            return after;
        }
    };
    Some(match after {
        Some(Value::Object(mut map)) => {
            map.insert("_changes".into(), changes);
            Value::Object(map)
        }
        other => json!({ "answer": other, "_changes": changes }),
    })
}

async fn resolve(state: &AppState, token: &str) -> Option<Uuid> {
    crate::auth::session::resolve(&state.db, token)
        .await
        .ok()
        .flatten()
        .map(|s| s.account_id)
}
