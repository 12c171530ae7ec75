//! Wallet moves: moving certificates to another of the holder's wallets (not SQL migrations; the
//! chain calls them migrations). The holder asks — one certificate, or all from an issuer with
//! the tenure earned there — and the issuing organization approves or rejects.
pub mod accepting;
pub mod asking;
pub mod deciding;
pub mod listing;
pub mod routes;
