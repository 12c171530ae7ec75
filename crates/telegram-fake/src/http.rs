//! The fake's HTTP face: the Bot API at `/bot<token>/<method>`, and for tests and scripts what
//! it delivered (`/messages`, `/sent`, `/edits`), every call (`/calls`) and the updates queue
//! (`/updates`).
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::{dispatch, refuse, users, Inner};

pub(crate) fn router(inner: Arc<Inner>) -> Router {
    Router::new()
        .route("/{bot}/{method}", post(call).get(call))
        .route("/messages", get(messages))
        .route("/calls", get(calls))
        .route("/sent", get(sent))
        .route("/edits", get(edits))
        .route("/updates", get(users::pending).post(users::post))
        .route("/updates/{id}/redeliver", post(users::post_redeliver))
        .with_state(inner)
}

async fn messages(State(inner): State<Arc<Inner>>) -> Json<Value> {
    Json(Value::Array(inner.lock().delivered.clone()))
}

async fn calls(State(inner): State<Arc<Inner>>) -> Json<Value> {
    let calls = inner.lock().calls.clone();
    Json(
        calls
            .into_iter()
            .map(|(method, params)| json!({ "method": method, "params": params }))
            .collect(),
    )
}

async fn sent(State(inner): State<Arc<Inner>>) -> Json<Value> {
    Json(inner.lock().sent.values().cloned().collect())
}

async fn edits(State(inner): State<Arc<Inner>>) -> Json<Value> {
    Json(Value::Array(inner.lock().edits.clone()))
}

async fn call(
    State(inner): State<Arc<Inner>>,
    Path((bot, method)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if bot != format!("bot{}", inner.token) {
        return refuse(401, "Unauthorized", None);
    }
    match parameters(query.as_deref(), &headers, &body) {
        Ok(params) => dispatch(&inner, &method, params).await,
        Err(description) => refuse(400, &description, None),
    }
}

/// Parameters from the query string and a JSON or url-encoded body, as the Bot API takes them.
fn parameters(query: Option<&str>, headers: &HeaderMap, body: &[u8]) -> Result<Value, String> {
    let mut params = Map::new();
    let mut add_pairs = |bytes: &[u8]| {
        for (key, value) in form_urlencoded::parse(bytes) {
            params.insert(key.into_owned(), Value::String(value.into_owned()));
        }
    };
    if let Some(query) = query {
        add_pairs(query.as_bytes());
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("multipart/") {
        return Err("Bad Request: the fake takes JSON or url-encoded parameters only".into());
    }
    if content_type.starts_with("application/x-www-form-urlencoded") {
        add_pairs(body);
    } else if !body.iter().all(u8::is_ascii_whitespace) {
        match serde_json::from_slice(body) {
            Ok(Value::Object(object)) => params.extend(object),
            _ => return Err("Bad Request: can't parse JSON object".into()),
        }
    }
    Ok(Value::Object(params))
}
