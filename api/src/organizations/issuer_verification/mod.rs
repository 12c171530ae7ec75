//! Issuer verification: an organization asking to become a verified issuer (not to be confused
//! with `certificates::verify`, where anyone verifies a certificate). Its admin asks with
//! evidence; a platform operator approves — registering the organization's wallet as an issuer on
//! chain — or rejects. An issuer's admin can later rotate its issuer key (`rotation`);
//! operators suspend and reinstate issuers (`suspension`).
pub mod decisions;
pub mod requests;
pub mod rotation;
pub mod routes;
pub mod suspension;
