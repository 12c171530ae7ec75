//! Every error the API answers with, as an RFC 9457 `application/problem+json` body whose `type`
//! is stable: clients branch on `type`, humans read `detail`.
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";
const TYPE_BASE: &str = "https://iktomi.dev/problems/";

/// One field that failed validation, named by its JSON path (`skills[2].level`).
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A stable URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Present on validation problems: every field that was wrong.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400 `malformed-request`: the body or query is not the JSON or the types the route expects.
    #[error("{0}")]
    Malformed(String),
    /// 413 `payload-too-large`: the body is over the configured limit.
    #[error("the request body is too large")]
    PayloadTooLarge,
    /// 415 `unsupported-media-type`: a JSON body without `Content-Type: application/json`.
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    /// 422 `validation`: well-formed but out of range; names each field.
    #[error("invalid fields")]
    Validation(Vec<FieldError>),
    /// 401 `unauthenticated`: no session, or an expired or revoked one.
    #[error("a valid session is required")]
    Unauthenticated,
    /// 401 `invalid-credentials`: a sign-in proof that does not check out.
    #[error("{0}")]
    InvalidCredentials(&'static str),
    /// 403 `forbidden`: signed in, but not allowed.
    #[error("{0}")]
    Forbidden(&'static str),
    /// 403 `reauthentication-required`: sign in again before this action.
    #[error("sign in again to do this")]
    ReauthenticationRequired,
    /// 404 `not-found`.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// 409 `conflict` with a more precise slug.
    #[error("{detail}")]
    Conflict { slug: &'static str, detail: String },
    /// 502 `upstream`: VK ID or the chain answered with an error or not at all.
    #[error("{0}")]
    Upstream(String),
    /// 503 `unavailable`: a feature that is not configured on this server.
    #[error("{0}")]
    Unavailable(&'static str),
    /// 500 `internal`: the cause goes to the log, never to the client.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn conflict(slug: &'static str, detail: impl Into<String>) -> Self {
        Self::Conflict {
            slug,
            detail: detail.into(),
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// The problem body this error answers with, for answers given later (a queued operation
    /// that failed); an internal cause stays out of it, as it does out of a response.
    pub fn problem_value(&self) -> serde_json::Value {
        let (status, slug) = self.parts();
        let (detail, errors) = match self {
            Self::Internal(_) => (None, Vec::new()),
            Self::Validation(errors) => {
                (Some("some fields are invalid".to_owned()), errors.clone())
            }
            other => (Some(other.to_string()), Vec::new()),
        };
        serde_json::to_value(Problem {
            kind: format!("{TYPE_BASE}{slug}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            errors,
        })
        .unwrap_or_default()
    }

    fn parts(&self) -> (StatusCode, &'static str) {
        match self {
            Self::Malformed(_) => (StatusCode::BAD_REQUEST, "malformed-request"),
            Self::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large"),
            Self::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type")
            }
            Self::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation"),
            Self::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            Self::InvalidCredentials(_) => (StatusCode::UNAUTHORIZED, "invalid-credentials"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::ReauthenticationRequired => (StatusCode::FORBIDDEN, "reauthentication-required"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not-found"),
            Self::Conflict { slug, .. } => (StatusCode::CONFLICT, slug),
            Self::Upstream(_) => (StatusCode::BAD_GATEWAY, "upstream"),
            Self::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(anyhow::Error::new(error).context("database"))
    }
}

/// A problem response for `status`, for answers produced outside a handler (404, 405, 413, 408).
pub fn problem(status: StatusCode, slug: &str, detail: Option<String>) -> Response {
    problem_with(status, slug, detail, Vec::new())
}

fn problem_with(
    status: StatusCode,
    slug: &str,
    detail: Option<String>,
    errors: Vec<FieldError>,
) -> Response {
    let body = Problem {
        kind: format!("{TYPE_BASE}{slug}"),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail,
        errors,
    };
    (
        status,
        [(header::CONTENT_TYPE, PROBLEM_JSON)],
        serde_json::to_vec(&body).unwrap_or_default(),
    )
        .into_response()
}

/// Why an answer failed on our side or upstream, carried from `into_response` to
/// [`log_failures`], which logs it inside the request's span (with its route and request id).
#[derive(Clone)]
enum Failure {
    Internal(Arc<anyhow::Error>),
    Upstream(Arc<str>),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, slug) = self.parts();
        match self {
            Self::Internal(cause) => {
                let mut response = problem(status, slug, None);
                response
                    .extensions_mut()
                    .insert(Failure::Internal(Arc::new(cause)));
                response
            }
            Self::Validation(errors) => problem_with(
                status,
                slug,
                Some("some fields are invalid".to_owned()),
                errors,
            ),
            other => {
                let upstream = matches!(other, Self::Upstream(_));
                let detail = other.to_string();
                let mut response = problem(status, slug, Some(detail.clone()));
                if upstream {
                    response
                        .extensions_mut()
                        .insert(Failure::Upstream(detail.into()));
                }
                response
            }
        }
    }
}

/// Middleware: logs every 5xx an `ApiError` produced, once, in the request's span; the client's
/// body never carries the cause.
pub async fn log_failures(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    match response.extensions().get::<Failure>() {
        Some(Failure::Internal(cause)) => tracing::error!(error = ?cause, "internal error"),
        Some(Failure::Upstream(cause)) => tracing::warn!(%cause, "upstream error"),
        None => {}
    }
    response
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Collects field errors so a request reports all of them at once.
#[derive(Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn check(&mut self, ok: bool, field: impl Into<String>, message: impl Into<String>) {
        if !ok {
            self.0.push(FieldError {
                field: field.into(),
                message: message.into(),
            });
        }
    }

    /// A text of at most `max` characters (`min` ≥ 1 means required).
    pub fn text(&mut self, value: &str, field: impl Into<String>, min: usize, max: usize) {
        let len = value.trim().chars().count();
        let field = field.into();
        if len < min {
            self.check(false, field, "is required");
        } else {
            self.check(
                value.chars().count() <= max,
                field,
                format!("is longer than {max} characters"),
            );
        }
    }

    pub fn finish(self) -> ApiResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.0))
        }
    }
}
