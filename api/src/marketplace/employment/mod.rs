//! Employment contracts: drafted at an offer, signed by both sides, anchored on chain, hired
//! from, and reviewed once complete.
pub mod contracts;
pub mod reviews;
pub mod signing;
pub mod terms;
