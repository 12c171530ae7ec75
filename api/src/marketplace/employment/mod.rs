//! Employment contracts: drafted at an offer, signed by both sides, anchored on chain, hired
//! from, and reviewed once complete.
pub mod hiring;
pub mod reviews;
pub mod routes;
pub mod signing;
pub mod store;
pub mod terms;
pub mod types;
