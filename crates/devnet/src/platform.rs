//! A deployed registry + tenure pair on a fresh node, and typed calls into them.
use std::time::Duration;

use iktomi_chain::Deployment;

use crate::{deploy, TestNode};
use iktomi_chain::{account_of, dev, Chain, Contract, Executed, Keypair};
use iktomi_shared::AccountId;
use parity_scale_codec::{Decode, Encode};

pub use iktomi_registry::Error as RegistryError;
pub use iktomi_tenure::Error as TenureError;

pub struct Platform {
    pub registry: Contract,
    pub tenure: Contract,
    pub operator: Keypair,
    pub record: Deployment,
    pub node: TestNode,
}

pub fn id(signer: &Keypair) -> AccountId {
    AccountId::from(account_of(signer))
}

/// Every node-backed test is bounded, so a stuck node fails the run instead of hanging it.
pub async fn within<T>(
    secs: u64,
    test: impl std::future::Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    tokio::time::timeout(Duration::from_secs(secs), test).await?
}

impl Platform {
    /// A fresh node with both contracts deployed by Alice, who is the operator.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with_finality(1).await
    }

    /// The same on a node whose blocks become final `finalize_delay` seconds after they are sealed.
    pub async fn start_with_finality(finalize_delay: u64) -> anyhow::Result<Self> {
        let node = TestNode::start_with_finality(finalize_delay).await?;
        let chain = Chain::connect(&node.url).await?;
        let operator = dev::alice();
        let salt = std::process::id().to_le_bytes();
        let deployed = deploy(&chain, &node.url, &operator, &salt).await?;
        Ok(Self {
            registry: deployed.registry,
            tenure: deployed.tenure,
            operator,
            record: deployed.record,
            node,
        })
    }

    pub async fn register_issuer(&self, issuer: &Keypair) -> anyhow::Result<()> {
        let done: Executed<Result<(), RegistryError>> = self
            .registry
            .exec(
                &self.operator,
                "register_issuer",
                (id(issuer), [1u8; 16], [2u8; 32]),
            )
            .await?;
        assert_eq!(done.value, Ok(()));
        Ok(())
    }

    /// Calls a registry message and returns its answer with the inclusion.
    pub async fn registry_call<T: Decode>(
        &self,
        signer: &Keypair,
        message: &str,
        args: impl Encode,
    ) -> anyhow::Result<Executed<Result<T, RegistryError>>> {
        Ok(self.registry.exec(signer, message, args).await?)
    }

    pub async fn tenure_call<T: Decode>(
        &self,
        signer: &Keypair,
        message: &str,
        args: impl Encode,
    ) -> anyhow::Result<Executed<Result<T, TenureError>>> {
        Ok(self.tenure.exec(signer, message, args).await?)
    }

    pub async fn read<T: Decode>(&self, message: &str, args: impl Encode) -> anyhow::Result<T> {
        Ok(self
            .registry
            .query(account_of(&self.operator), message, args)
            .await?)
    }
}
