//! The indexer against a real node and a real PostgreSQL: an exact mirror, kill -9 at random
//! moments, node and database restarts, an active indexer and its standby, a database reached
//! only over TLS, and a database of another chain.
mod crash;
mod mirror;
mod recovery;
mod standby;
mod support;
mod tls;
mod wrong_chain;
