//! Iktomi's HTTP API (axum 0.8): sign-in, profiles, organizations, verification and wallets.
//! Errors are RFC 9457 problems; the OpenAPI document is at `/openapi.json`, Swagger UI at `/docs`.
pub mod application_flow;
pub mod artifact_store;
pub mod attempt_rules;
pub mod attempts;
pub mod attestation_certificates;
pub mod audit;
pub mod auth;
pub mod certificate_events;
pub mod chain;
pub mod clock;
pub mod config;
pub mod contract_document;
pub mod credential;
pub mod error;
pub mod extract;
pub mod gamification;
pub mod handle;
pub mod idempotency;
pub mod match_index;
pub mod match_ranking;
pub mod match_sync;
pub mod matching;
pub mod membership;
pub mod metrics;
pub mod notify;
pub mod openapi;
pub mod outbox;
pub mod pagination;
pub mod profile_items;
pub mod recommendation;
pub mod roadmap;
pub mod routes;
pub mod seal;
pub mod session;
pub mod signing;
pub mod skills;
pub mod startup;
pub mod state;
pub mod status_list;
pub mod telegram_bot;
pub mod visibility;
pub mod wallets;
pub mod workers;

/// The migrations of the whole platform (the API shares the indexer's database).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// Bytes as `0x`-prefixed hex, the form hashes, blocks and seeds take in the API.
pub fn hex0x(bytes: impl AsRef<[u8]>) -> String {
    format!("0x{}", hex::encode(bytes))
}

/// HMAC-SHA256, which takes a key of any length.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use hmac::{Hmac, Mac};
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}
