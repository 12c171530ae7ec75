//! The dev chain around the Iktomi contracts: a node handle for tests, deployment of the
//! contracts (recorded in `.data/deployment.json`), and where the built bundles live.
mod deployment;
mod node;

pub use deployment::{bundles_dir, load_bundle, DeployedContract, Deployment};
pub use node::TestNode;
