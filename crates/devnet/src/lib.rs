//! The dev chain around the Iktomi contracts: a node handle for tests, deployment of the
//! contracts (recorded in `.data/deployment.json`), and where the built bundles live.
mod deployment;
pub mod load;
mod node;
pub mod platform;
mod postgres;

pub use deployment::{bundles_dir, deploy, load_bundle, Deployed};
pub use node::{free_port, TestNode};
pub use postgres::TestPostgres;
