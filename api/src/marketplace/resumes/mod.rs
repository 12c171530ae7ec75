//! Resumes: a person keeps one or more, with skills at levels (marked verified where an active
//! certificate of theirs attests the skill), experience, the kind of work they want, and a CV as a
//! PDF. Who reads one is the owner's choice: anyone, managers of verified organizations
//! (employers), or nobody else.
pub mod access;
pub mod routes;
pub mod store;
pub mod types;
pub mod verified_skills;
