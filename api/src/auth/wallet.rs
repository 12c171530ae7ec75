//! Wallet sign-in: the API issues a challenge (random nonce, domain, purpose, expiry) for an SS58 address;
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

/// What a signature of a challenge may be used for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    SignIn,
    /// Binding the wallet to this account (id, and its handle when the challenge was issued).
    Bind {
        account: uuid::Uuid,
        handle: String,
    },
}

impl Purpose {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::SignIn => "sign-in",
            Self::Bind { .. } => "bind",
        }
    }
}

/// Where and when a challenge is valid: the Sign-In with Substrate (EIP-4361 shaped) fields
/// besides the address and the purpose.
pub struct MessageScope<'a> {
    pub domain: &'a str,
    pub uri: &'a str,
    pub chain_id: &'a str,
    pub nonce: &'a str,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// The text a wallet signs, in the Sign-In with Substrate shape so wallets that parse it can
/// check the domain: bound to our domain, URI and chain, the address, a nonce and an expiry, and
/// saying in words (the statement) and for machines (Request ID, Resources) what it is for, so a
/// signature given to sign in cannot bind the wallet, and a binding names its account.
pub fn challenge_message(address: &Address, purpose: &Purpose, scope: &MessageScope) -> String {
    let statement = match purpose {
        Purpose::SignIn => {
            "Sign in to Iktomi. This signature signs you in; it cannot bind this wallet to an account.".to_owned()
        }
        Purpose::Bind { account, handle } => format!(
            "Bind this wallet to the Iktomi account @{handle} ({account}). That account will own \
             this wallet and everything it holds on Iktomi: sign only if the account is yours."
        ),
    };
    let mut message = format!(
        "{domain} wants you to sign in with your Substrate account:\n{address}\n\n{statement}\n\n\
         URI: {uri}\nVersion: 1\nChain ID: {chain}\nNonce: {nonce}\nIssued At: {issued}\n\
         Expiration Time: {expires}\nRequest ID: {purpose}",
        domain = scope.domain,
        address = address.ss58(),
        uri = scope.uri,
        chain = scope.chain_id,
        nonce = scope.nonce,
        issued = scope.issued_at.to_rfc3339(),
        expires = scope.expires_at.to_rfc3339(),
        purpose = purpose.as_str(),
    );
    if let Purpose::Bind { account, .. } = purpose {
        message.push_str(&format!("\nResources:\n- urn:uuid:{account}"));
    }
    message
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

    #[test]
    fn a_bind_message_names_its_purpose_and_account_in_the_sign_in_with_substrate_shape() {
        let at = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .unwrap()
            .to_utc();
        let account = uuid::Uuid::nil();
        let scope = MessageScope {
            domain: "iktomi.test",
            uri: "https://iktomi.test",
            chain_id: "iktomi-dev",
            nonce: "n0nce",
            issued_at: at,
            expires_at: at + chrono::Duration::minutes(5),
        };
        let alice = Address(alice().public().0);
        let bind = Purpose::Bind {
            account,
            handle: "anna".into(),
        };
        let message = challenge_message(&alice, &bind, &scope);
        let lines: Vec<&str> = message.lines().collect();
        assert_eq!(
            lines[0],
            "iktomi.test wants you to sign in with your Substrate account:"
        );
        assert_eq!(lines[1], alice.ss58());
        assert!(lines[3].starts_with("Bind this wallet to the Iktomi account @anna (00000000-"));
        for field in [
            "URI: https://iktomi.test",
            "Version: 1",
            "Chain ID: iktomi-dev",
            "Nonce: n0nce",
            "Issued At: 2026-12-01T10:00:00+00:00",
            "Expiration Time: 2026-12-01T10:05:00+00:00",
            "Request ID: bind",
            "- urn:uuid:00000000-0000-0000-0000-000000000000",
        ] {
            assert!(lines.contains(&field), "{field} in {message}");
        }
        let sign_in = challenge_message(&alice, &Purpose::SignIn, &scope);
        assert!(sign_in.contains("Request ID: sign-in"));
        assert!(!sign_in.contains("urn:uuid"));
    }
}
