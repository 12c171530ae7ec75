//! Errors of talking to the chain, split so callers never match on strings.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    #[error("cannot reach the node: {0}")]
    Connect(String),
    #[error("the node answered with an error: {0}")]
    Rpc(String),
    #[error("the transaction failed on chain: {0}")]
    Dispatch(String),
    #[error("the contract trapped: {0}")]
    Trapped(String),
    #[error("the contract bundle {path} is unusable: {reason}")]
    Bundle { path: String, reason: String },
    #[error("the contract has no message or constructor `{0}`")]
    UnknownMessage(String),
    #[error("cannot decode {what}: {reason}")]
    Decode { what: &'static str, reason: String },
}

impl ChainError {
    pub(crate) fn rpc(err: impl std::fmt::Display) -> Self {
        Self::Rpc(err.to_string())
    }

    pub(crate) fn decode(what: &'static str, err: impl std::fmt::Display) -> Self {
        Self::Decode {
            what,
            reason: err.to_string(),
        }
    }
}
