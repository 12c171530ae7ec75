//! A holder asks an organization for a certificate (PRODUCT.md scenario 8): the holder proposes
//! the document and signs the on-chain request with their custodial key; the organization's
//! managers approve (the registry issues it as requested) or reject it.
pub mod asking;
pub mod deciding;
pub mod listing;
pub mod routes;
