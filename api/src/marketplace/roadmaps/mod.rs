//! Skill-gap roadmaps from a resume to a vacancy: the plan (`plan`), kept per candidate so they can
//! reorder the steps, add their own and mark the ones they know.
pub mod plan;
pub mod routes;
pub mod store;
pub mod types;
