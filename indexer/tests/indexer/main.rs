//! The indexer against a real node and a real PostgreSQL: an exact mirror, kill -9 at random
//! moments, node and database restarts, and a database of another chain.
mod crash;
mod mirror;
mod recovery;
mod support;
mod wrong_chain;
