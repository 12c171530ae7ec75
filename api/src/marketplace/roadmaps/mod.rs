//! Skill-gap roadmaps from a resume to a vacancy.
pub mod plan;
pub mod routes;
