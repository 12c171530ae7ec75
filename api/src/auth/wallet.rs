//! Wallet sign-in: the API issues a challenge (random nonce, domain, expiry) for an SS58 address;
//! the wallet signs the message with sr25519 — as is, or wrapped in `<Bytes>…</Bytes>` the way
//! polkadot.js `signRaw` does — and the challenge is consumed by the first valid use.
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use sp_core::crypto::{AccountId32, Ss58AddressFormat, Ss58Codec};
use sp_core::sr25519::{Public, Signature};
use sp_core::ByteArray;

/// The generic Substrate prefix: the dev chain's, and what the API uses without a chain.
pub const GENERIC_SS58_PREFIX: u16 = 42;

static SS58_PREFIX: OnceLock<u16> = OnceLock::new();

/// Sets the prefix addresses are printed with to the chain's `System::SS58Prefix`; once per
/// process, at startup, after connecting to the chain. A different later value is ignored
/// (one process serves one chain) and logged.
pub fn set_ss58_prefix(prefix: u16) {
    let kept = *SS58_PREFIX.get_or_init(|| prefix);
    if kept != prefix {
        tracing::warn!(
            kept,
            ignored = prefix,
            "the SS58 prefix is set once per process"
        );
    }
}

/// The prefix addresses are printed with: the chain's, or 42 before (or without) a chain.
pub fn ss58_prefix() -> u16 {
    SS58_PREFIX.get().copied().unwrap_or(GENERIC_SS58_PREFIX)
}

/// A 32-byte sr25519 public key, parsed from SS58 at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Address(pub [u8; 32]);

impl Address {
    /// Any valid SS58 address, whatever its prefix: the key is the same on every chain, and
    /// wallets show an account in the generic form as often as in the chain's.
    pub fn parse(text: &str) -> Option<Self> {
        AccountId32::from_ss58check_with_version(text.trim())
            .ok()
            .map(|(id, _)| Self(*id.as_ref()))
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        bytes.try_into().ok().map(Self)
    }

    /// The form the chain's wallets show: its own SS58 prefix (`ss58_prefix`).
    pub fn ss58(&self) -> String {
        self.ss58_with(ss58_prefix())
    }

    pub fn ss58_with(&self, prefix: u16) -> String {
        AccountId32::from(self.0).to_ss58check_with_version(Ss58AddressFormat::custom(prefix))
    }
}

/// The text a wallet signs: readable in a wallet's confirmation dialog, bound to our domain,
/// the address and a nonce, so it cannot be replayed elsewhere or later.
pub fn challenge_message(
    domain: &str,
    address: &Address,
    nonce: &str,
    issued_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> String {
    format!(
        "{domain} wants you to sign in with your Substrate account:\n{}\n\nNonce: {nonce}\nIssued At: {}\nExpiration Time: {}",
        address.ss58(),
        issued_at.to_rfc3339(),
        expires_at.to_rfc3339(),
    )
}

/// Parses a `0x`-prefixed or bare hex sr25519 signature.
pub fn parse_signature(text: &str) -> Option<Signature> {
    let bytes = hex::decode(text.trim().trim_start_matches("0x")).ok()?;
    Signature::from_slice(&bytes).ok()
}

/// Whether `signature` is `address`'s signature of `message`, raw or `<Bytes>`-wrapped.
pub fn verify(address: &Address, message: &str, signature: &Signature) -> bool {
    use sp_core::Pair as _;
    let public = Public::from_raw(address.0);
    let wrapped = format!("<Bytes>{message}</Bytes>");
    sp_core::sr25519::Pair::verify(signature, message.as_bytes(), &public)
        || sp_core::sr25519::Pair::verify(signature, wrapped.as_bytes(), &public)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sp_core::Pair;

    fn alice() -> sp_core::sr25519::Pair {
        sp_core::sr25519::Pair::from_string("//Alice", None).unwrap()
    }

    #[test]
    fn alices_dev_address_round_trips() {
        let address = Address::parse("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY").unwrap();
        assert_eq!(address.0, alice().public().0);
        assert_eq!(
            address.ss58(),
            "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
        );
        assert!(Address::parse("5Grwva").is_none());
    }

    #[test]
    fn an_address_in_another_chains_form_is_the_same_account() {
        let alice = Address(alice().public().0);
        // Astar's prefix (5): the form Shibuya's wallets show
        let astar = alice.ss58_with(5);
        assert_ne!(astar, alice.ss58_with(GENERIC_SS58_PREFIX));
        assert_eq!(Address::parse(&astar), Some(alice));
        // a prefix no network registered
        assert_eq!(Address::parse(&alice.ss58_with(4242)), Some(alice));
    }

    #[test]
    fn raw_and_polkadot_js_wrapped_signatures_verify_and_others_do_not() {
        let pair = alice();
        let address = Address(pair.public().0);
        let message = "hello";
        assert!(verify(&address, message, &pair.sign(message.as_bytes())));
        assert!(verify(
            &address,
            message,
            &pair.sign(b"<Bytes>hello</Bytes>")
        ));
        assert!(!verify(&address, "hellO", &pair.sign(message.as_bytes())));
        let bob = sp_core::sr25519::Pair::from_string("//Bob", None).unwrap();
        assert!(!verify(&address, message, &bob.sign(message.as_bytes())));
    }
}
