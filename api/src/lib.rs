//! Iktomi's HTTP API (axum 0.8), one module per domain. Each domain holds its thin handlers, the
//! services that own its rules, transactions and SQL, and its types; `http` is the plumbing they
//! share and `chain` the contract calls. Errors are RFC 9457 problems; the OpenAPI document is at
//! `/openapi.json`, Swagger UI at `/docs`.
pub mod attestations;
pub mod auth;
pub mod bot;
pub mod certificates;
pub mod chain;
pub mod config;
pub mod follow_ups;
pub mod gamification;
pub mod http;
pub mod i18n;
pub mod marketplace;
pub mod notifications;
pub mod openapi;
pub mod operations;
pub mod organizations;
pub mod pages;
pub mod profiles;
pub mod startup;
pub mod state;
pub mod wallets;
pub mod workers;

/// The migrations of the whole platform (the API shares the indexer's database).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// HMAC-SHA256, which takes a key of any length.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use hmac::{Hmac, Mac};
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}
