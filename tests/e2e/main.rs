//! End-to-end tests of the contracts on a real substrate-contracts-node: each test starts its
//! own node, deploys its own contracts and reads back both the contracts' answers and events.
mod support;

mod migration;
mod requests;
mod security_claims;
mod tenure_career;
