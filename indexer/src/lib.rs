//! The Iktomi indexer: mirrors the contracts' events from finalized blocks into PostgreSQL,
//! exactly once (events, derived state and cursor commit in one transaction). Several may run
//! against one database: one is active, the others stand by (`election`).
pub mod apply;
pub mod decode;
pub mod election;
mod http_rpc;
pub mod indexer;
pub mod metrics;
pub mod payload;
pub mod progress;
pub mod source;
pub mod store;

pub use indexer::{catch_up, run, IndexerError, Settings};
