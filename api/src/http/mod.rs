//! The plumbing every domain shares: problems, extractors, idempotency, pagination, metrics,
//! the audit middleware and the clock exact time rules read.
pub mod audit;
pub mod clock;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod metrics;
pub mod pagination;
