//! Recommendations and skill endorsements, signed by their authors.
pub mod routes;
pub mod statement;
