//! Transactions signed with a nonce the caller chose, submitted without waiting: what a queue
//! that owns a signer's nonces needs. The signed bytes are kept by the caller, so a resubmission
//! after a crash sends the very same transaction (same nonce, same hash) and can never land twice.
use subxt::config::DefaultExtrinsicParamsBuilder;
use subxt::transactions::TransactionStatus;
use subxt_signer::sr25519::Keypair;

use crate::{AccountBytes, Chain, ChainError};

/// A transaction signed for one nonce: its SCALE bytes and their hash.
#[derive(Debug, Clone)]
pub struct SignedTx {
    pub bytes: Vec<u8>,
    pub hash: [u8; 32],
}

/// Why the node's pool refused a transaction, in the classes a submitter acts on.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// The pool already holds this very transaction: nothing to do.
    #[error("already in the pool")]
    Known,
    /// The nonce is already used on chain: by this transaction (it landed) or by another one.
    #[error("the nonce is already used")]
    Stale,
    /// The signer cannot pay the fees; waiting does not help.
    #[error("the signer cannot pay: {0}")]
    CannotPay(String),
    /// Anything else the pool said, or the node being away: worth another try later.
    #[error("{0}")]
    Other(String),
}

impl SubmitError {
    fn classify(message: String) -> Self {
        let lower = message.to_lowercase();
        if lower.contains("already imported") || lower.contains("priority is too low") {
            Self::Known
        } else if lower.contains("outdated") || lower.contains("stale") {
            Self::Stale
        } else if lower.contains("inability to pay") || lower.contains("payment") {
            Self::CannotPay(message)
        } else {
            Self::Other(message)
        }
    }
}

/// How long the pool may stay silent about a transaction it took (see `submit_signed`).
const FIRST_STATUS: std::time::Duration = std::time::Duration::from_secs(5);

impl Chain {
    /// The signer's next nonce at the newest finalized block, and that block's number.
    pub async fn finalized_nonce(&self, account: AccountBytes) -> Result<(u64, u64), ChainError> {
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        let nonce = at
            .transactions()
            .account_nonce(&subxt::utils::AccountId32(account))
            .await
            .map_err(ChainError::rpc)?;
        Ok((nonce, at.block_number()))
    }

    /// The newest finalized block's number.
    pub async fn finalized_number(&self) -> Result<u64, ChainError> {
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        Ok(at.block_number())
    }

    /// Signs `call_data` (a runtime call's encoding) as `signer` with `nonce`. Immortal: a
    /// transaction queued behind a slow chain must stay valid until its nonce comes up.
    pub async fn sign(
        &self,
        signer: &Keypair,
        call_data: &[u8],
        nonce: u64,
    ) -> Result<SignedTx, ChainError> {
        let at = self.api.at_current_block().await.map_err(ChainError::rpc)?;
        let call = at
            .transactions()
            .from_call_data_bytes(call_data)
            .map_err(ChainError::rpc)?;
        let params = DefaultExtrinsicParamsBuilder::new()
            .immortal()
            .nonce(nonce)
            .build();
        let mut transactions = at.transactions();
        let signed = transactions
            .create_signed(&call, signer, params)
            .await
            .map_err(ChainError::rpc)?;
        Ok(SignedTx {
            hash: signed.hash().0,
            bytes: signed.into_encoded(),
        })
    }

    /// Hands signed bytes to the node's pool; once accepted, `in_block` reports the first block
    /// that includes them (best effort: finality is established by reading finalized blocks).
    pub async fn submit_signed(&self, bytes: Vec<u8>) -> Result<Submitted, SubmitError> {
        let at = self
            .api
            .at_current_block()
            .await
            .map_err(|e| SubmitError::Other(e.to_string()))?;
        let progress = at
            .transactions()
            .from_bytes(bytes)
            .submit_and_watch()
            .await
            .map_err(|e| SubmitError::classify(e.to_string()))?;
        let mut submitted = Submitted { progress };
        // The pool's verdict comes as the first status. A transaction whose nonce is ahead of
        // the chain waits in the pool's future queue, for which the node sends no status at all
        // until the gap fills: the pool took it, which is all a submitter needs to know.
        let first = match tokio::time::timeout(FIRST_STATUS, submitted.progress.next()).await {
            Ok(first) => first,
            Err(_) => return Ok(submitted),
        };
        match first {
            Some(Ok(
                TransactionStatus::Validated
                | TransactionStatus::Broadcasted
                | TransactionStatus::NoLongerInBestBlock,
            )) => Ok(submitted),
            Some(Ok(
                TransactionStatus::InBestBlock(_) | TransactionStatus::InFinalizedBlock(_),
            )) => Ok(submitted),
            Some(Ok(TransactionStatus::Invalid { message }))
            | Some(Ok(TransactionStatus::Error { message }))
            | Some(Ok(TransactionStatus::Dropped { message })) => {
                Err(SubmitError::classify(message))
            }
            Some(Err(e)) => Err(SubmitError::classify(e.to_string())),
            None => Err(SubmitError::Other(
                "the node closed the status stream".into(),
            )),
        }
    }
}

/// A transaction the pool accepted.
pub struct Submitted {
    progress: subxt::transactions::TransactionProgress<
        subxt::SubstrateConfig,
        subxt::client::OnlineClientAtBlockImpl<subxt::SubstrateConfig>,
    >,
}

impl Submitted {
    /// The hash of the first best block that includes the transaction, if one does before the
    /// node drops it or the connection ends.
    pub async fn in_block(mut self) -> Option<[u8; 32]> {
        while let Some(status) = self.progress.next().await {
            match status.ok()? {
                TransactionStatus::InBestBlock(block)
                | TransactionStatus::InFinalizedBlock(block) => return Some(block.block_hash().0),
                TransactionStatus::Invalid { .. }
                | TransactionStatus::Error { .. }
                | TransactionStatus::Dropped { .. } => return None,
                _ => {}
            }
        }
        None
    }
}
