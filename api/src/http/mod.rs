//! The plumbing every domain shares: caches the database tells to forget, problems, extractors, idempotency, pagination, metrics,
//! the audit middleware, rate limits, browser security headers and the clock exact time rules read.
pub mod announced;
pub mod audit;
pub mod clock;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod metrics;
pub mod pagination;
pub mod problem_types;
pub mod rate_limit;
pub mod rate_limit_settings;
pub mod security_headers;
pub mod web_app;
