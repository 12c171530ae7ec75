//! Chain writes as durable operations. A request dry-runs its call, then stores the operation in
//! the transaction that stores its own rows and answers `202 Accepted`. Per signer, one submitter
//! across all replicas (elected with a PostgreSQL advisory lock) assigns nonces in order, signs
//! and submits; one watcher reads finalized blocks, matches transaction hashes and runs each
//! operation's follow-up in the transaction that marks it final.
pub mod follow_up;
pub mod queue;
pub mod routes;
pub mod submitter;
pub mod types;
pub mod waiting;
pub mod watcher;

pub mod election;

pub use queue::{enqueue, enqueue_all, enqueue_alone, Queued};
pub use routes::router;
