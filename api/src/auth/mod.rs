//! Proofs of identity: Telegram Mini App initData, VK ID (OAuth 2.1 + PKCE) and sr25519 wallet
//! signatures, and how each proof becomes a session on one account.
pub mod accounts;
pub mod telegram;
pub mod vk;
pub mod wallet;
