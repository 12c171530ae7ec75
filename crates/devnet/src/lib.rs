//! The dev chain around the Iktomi contracts: a node handle for tests, deployment of the
//! contracts (recorded in `.data/deployment.json`), and where the built bundles live.
mod deployment;
pub mod load;
mod node;
pub mod platform;
mod postgres;

pub use deployment::{
    bundles_dir, code_deposit_floor, deploy, deposits_needed, load_bundle, Deployed,
};
pub use node::{free_port, TestNode};
pub use postgres::{make_tls_certificates, TestPostgres};

/// `account` as SS58 text with the chain's `prefix` (`Chain::ss58_prefix`), as its wallets show it.
pub fn ss58(account: iktomi_chain::AccountBytes, prefix: u16) -> String {
    use sp_core::crypto::{AccountId32, Ss58AddressFormat, Ss58Codec};
    AccountId32::from(account).to_ss58check_with_version(Ss58AddressFormat::custom(prefix))
}
