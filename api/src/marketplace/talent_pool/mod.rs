//! An organization's talent pool: resumes its managers keep for later, with private notes. One
//! organization never sees another's pool or notes; a resume enters only if the organization may
//! read it (public, or shown to employers and the organization is verified).
pub mod routes;
pub mod store;
pub mod types;
