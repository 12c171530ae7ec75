//! Responding to a resume: an organization's manager writes to the candidate (optionally about
//! one of its open vacancies). The organization keeps the list; the candidate gets a notice.
pub mod routes;
pub mod store;
pub mod types;
