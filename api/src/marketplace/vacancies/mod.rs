//! Vacancies: an organization's managers post long-term jobs and short-term gigs with required
//! skills, salary and format, then close or reopen them; anyone searches the open ones by text,
//! skill, kind, format and salary, a page at a time.
pub mod routes;
pub mod store;
pub mod types;
