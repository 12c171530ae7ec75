//! Applications: a candidate applies to an open vacancy with one of their resumes and a cover
//! text; the vacancy's organization moves it along (`application_flow`) and the candidate may
//! withdraw it. Both sides see the whole history; nobody else sees the application at all.
pub mod routes;
pub mod store;
pub mod types;
