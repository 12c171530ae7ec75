//! The API over a real PostgreSQL (a fresh database per test), and for issuer verification a
//! real node and indexer.
mod applications;
mod artifacts;
mod authorization;
mod browser;
mod certificates;
mod chain_support;
mod communities;
mod contracts;
mod errors;
mod export;
mod fake_bot;
mod hiring_support;
mod marketplace;
mod notifications;
mod organizations;
mod profiles;
mod recommendations;
mod requests;
mod roadmaps;
mod scenarios;
mod sign_in;
mod support;
mod tenure;
mod unsigned;
mod verification;
mod wallets;
