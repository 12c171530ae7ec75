//! Extractors whose rejections are the API's own problems, so a malformed body, query or path
//! gets the same `problem+json` as everything else — and the session extractors that say in a
//! handler's signature who may call it.
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::auth::session::{self, Session};
use crate::http::error::ApiError;
use crate::state::AppState;

/// `axum::Json` with problem rejections: 400 for malformed JSON or wrong types (and for text
/// holding a NUL character, which PostgreSQL cannot store), 413 for a body over the limit, 415
/// without `Content-Type: application/json`.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !json_content_type(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|rejection| match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
                _ => ApiError::Malformed(rejection.body_text()),
            })?;
        if holds_nul(&bytes) {
            return Err(nul_refused());
        }
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => match integral_floats(&rejection, &bytes) {
                Some(fixed) => axum::Json::<T>::from_bytes(&fixed)
                    .map(|axum::Json(value)| Self(value))
                    .map_err(json_rejection),
                None => Err(json_rejection(rejection)),
            },
        }
    }
}

/// JSON (and JSON Schema's `integer`) does not tell `2.0` from `2`, but serde refuses a float
/// for an integer field. A body refused for that is read once more with every integral float
/// written as an integer; a fraction (`2.5`) is still refused. Only on the error path.
fn integral_floats(rejection: &JsonRejection, bytes: &[u8]) -> Option<Vec<u8>> {
    if !rejection
        .body_text()
        .contains("invalid type: floating point")
    {
        return None;
    }
    fn fix(value: &mut serde_json::Value) -> bool {
        match value {
            serde_json::Value::Number(n) if n.is_f64() => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                // Integers up to 2^53 are exact in an f64; beyond, the text held no exact integer.
                if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
                    *value = serde_json::Value::from(f as i64);
                    true
                } else {
                    false
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().fold(false, |c, v| fix(v) | c),
            serde_json::Value::Object(map) => map.values_mut().fold(false, |c, v| fix(v) | c),
            _ => false,
        }
    }
    let mut value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    fix(&mut value).then(|| serde_json::to_vec(&value).ok())?
}

/// PostgreSQL cannot store the NUL character, so text holding one is refused before any query.
fn nul_refused() -> ApiError {
    ApiError::Malformed("text may not contain the NUL character (\\u0000, %00)".into())
}

/// `application/json` or any `+json` type, as `axum::Json` accepts.
fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(mime) = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<mime::Mime>().ok())
    else {
        return false;
    };
    mime.type_() == "application"
        && (mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json"))
}

/// Whether any string in the JSON text decodes to a NUL: only a body that spells `\u0000` is
/// parsed a second time to tell an escaped backslash from the character.
fn holds_nul(bytes: &[u8]) -> bool {
    if !bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
        return false;
    }
    fn any_nul(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::String(s) => s.contains('\0'),
            serde_json::Value::Array(items) => items.iter().any(any_nul),
            // A key never names a field when it holds NUL: it is ignored like any unknown one.
            serde_json::Value::Object(map) => map.values().any(any_nul),
            _ => false,
        }
    }
    serde_json::from_slice::<serde_json::Value>(bytes).is_ok_and(|v| any_nul(&v))
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
        _ => ApiError::Malformed(rejection.body_text()),
    }
}

pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts.uri.query().is_some_and(|q| q.contains("%00")) {
            return Err(nul_refused());
        }
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Self(q.0))
            .map_err(|e: QueryRejection| ApiError::Malformed(e.body_text()))
    }
}

pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts.uri.path().contains("%00") {
            return Err(nul_refused());
        }
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Self(p.0))
            .map_err(|e: PathRejection| ApiError::Malformed(e.body_text()))
    }
}

/// A caller with a valid session; anything else is 401.
pub struct AuthUser(pub Session);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let MaybeAuthUser(session) = MaybeAuthUser::from_request_parts(parts, state).await?;
        session.map(Self).ok_or(ApiError::Unauthenticated)
    }
}

/// A caller who may be anonymous; a token that is present but invalid is still 401, never
/// silently treated as anonymous.
pub struct MaybeAuthUser(pub Option<Session>);

impl FromRequestParts<AppState> for MaybeAuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match bearer(parts)? {
            Some(token) => session::resolve(&state.db, token)
                .await?
                .map(|s| Self(Some(s)))
                .ok_or(ApiError::Unauthenticated),
            None => Ok(Self(None)),
        }
    }
}

fn bearer(parts: &Parts) -> Result<Option<&str>, ApiError> {
    let Some(value) = parts.headers.get(axum::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| Some(t.trim()))
        .ok_or(ApiError::Unauthenticated)
}
