//! The Iktomi indexer: mirrors the contracts' events from finalized blocks into PostgreSQL,
//! exactly once (events, derived state and cursor commit in one transaction).
pub mod decode;
pub mod indexer;
pub mod metrics;
pub mod payload;
pub mod progress;
pub mod source;
pub mod store;

pub use indexer::{catch_up, run, IndexerError, Settings};
