//! A person's e-mail address, the second channel for people Telegram cannot reach: set it, get a
//! confirmation link in their language, confirm it (`/email/confirm`, a public page), remove it.
pub mod addresses;
pub mod routes;
