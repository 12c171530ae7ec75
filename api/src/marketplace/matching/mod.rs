//! Matching vacancies and resumes both ways: candidates from an in-memory skill index kept
//! current through a change log, scored exactly, each with its reasons.
pub mod best;
pub mod index;
pub mod lookup;
pub mod ranking;
pub mod routes;
pub mod score;
pub mod sync;
