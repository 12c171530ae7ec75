//! Exporting certificates as signed W3C credentials: the stored Open Badges 3.0 document with a
//! `credentialStatus` entry, secured as VC-JOSE (`application/vc+jwt`, EdDSA); each issuer's
//! revocation status list, built from the indexed chain state and kept while it is unchanged; and the issuer's
//! public keys to check both.
pub mod credentials;
pub mod keys;
pub mod list_cache;
pub mod routes;
pub mod status_cache;
