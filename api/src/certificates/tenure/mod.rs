//! Verifiable tenure through the API: organizations define award programs ("1 year in the
//! company"); employees stake their employment certificate, watch their tenure and claim the
//! award once the milestone is met — the registry issues it in the organization's name.
pub mod awards;
pub mod programs;
pub mod routes;
pub mod staking;

/// Tenure is counted on chain in milliseconds and shown in days.
pub const MS_PER_DAY: f64 = 86_400_000.0;
