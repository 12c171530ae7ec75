//! Recommendations and skill endorsements: a person asks a colleague (or a colleague writes
//! unasked); the author writes and signs the statement; it shows on the subject's profile with
//! the author's verified employment; the subject can hide it; an organization the author belongs
//! to can mint it as a certificate of kind recommendation.
pub mod minting;
pub mod recommendation;
pub mod routes;
pub mod statement;
pub mod store;
pub mod writing;
