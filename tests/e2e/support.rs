//! The deployed platform the end-to-end tests run against.
pub use iktomi_devnet::platform::{id, within, Platform, RegistryError, TenureError};
