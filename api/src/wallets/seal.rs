//! Sealing custodial wallet seeds at rest: XChaCha20-Poly1305 under the master key from config,
//! a random 24-byte nonce per seal, the wallet address as associated data.
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

pub struct MasterKey {
    cipher: XChaCha20Poly1305,
    /// Root of keys derived for other purposes (credential signing), never the sealing key itself.
    derivation: Zeroizing<[u8; 32]>,
}

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the master key must be 32 bytes of hex (64 characters)")]
    BadKey,
    #[error("a sealed seed does not open with this master key and address")]
    Open,
}

const NONCE: usize = 24;

impl MasterKey {
    pub fn from_hex(secret: &SecretString) -> Result<Self, SealError> {
        let bytes = Zeroizing::new(
            hex::decode(secret.expose_secret().trim().trim_start_matches("0x"))
                .map_err(|_| SealError::BadKey)?,
        );
        let cipher = XChaCha20Poly1305::new_from_slice(&bytes).map_err(|_| SealError::BadKey)?;
        let derivation = Zeroizing::new(crate::hmac_sha256(&bytes, b"iktomi/derivation-root/v1"));
        Ok(Self { cipher, derivation })
    }

    /// A 32-byte secret for `purpose`, stable for this master key: HMAC-SHA256 under a root
    /// that is itself derived from the master key.
    pub fn derive(&self, purpose: &[u8]) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(crate::hmac_sha256(&self.derivation[..], purpose))
    }

    /// nonce ‖ ciphertext of `seed`, bound to `address`.
    pub fn seal(&self, address: &[u8; 32], seed: &[u8; 32]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE];
        rand::rng().fill_bytes(&mut nonce);
        let payload = Payload {
            msg: seed,
            aad: address,
        };
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), payload)
            .expect("XChaCha20-Poly1305 encrypts any 32-byte message");
        [&nonce[..], &sealed].concat()
    }

    pub fn open(
        &self,
        address: &[u8; 32],
        sealed: &[u8],
    ) -> Result<Zeroizing<[u8; 32]>, SealError> {
        if sealed.len() <= NONCE {
            return Err(SealError::Open);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE);
        let plain = Zeroizing::new(
            self.cipher
                .decrypt(
                    XNonce::from_slice(nonce),
                    Payload {
                        msg: ciphertext,
                        aad: address,
                    },
                )
                .map_err(|_| SealError::Open)?,
        );
        let seed: [u8; 32] = plain.as_slice().try_into().map_err(|_| SealError::Open)?;
        Ok(Zeroizing::new(seed))
    }
}

/// A new sr25519 wallet: its address and its 32-byte mini-secret seed.
pub fn new_wallet() -> ([u8; 32], Zeroizing<[u8; 32]>) {
    use sp_core::Pair as _;
    let mut seed = Zeroizing::new([0u8; 32]);
    rand::rng().fill_bytes(&mut seed[..]);
    let pair = sp_core::sr25519::Pair::from_seed(&seed);
    (pair.public().0, seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> MasterKey {
        MasterKey::from_hex(&SecretString::from("11".repeat(32))).unwrap()
    }

    #[test]
    fn a_sealed_seed_opens_only_for_its_address_and_key() {
        let (address, seed) = new_wallet();
        let sealed = key().seal(&address, &seed);
        assert_eq!(*key().open(&address, &sealed).unwrap(), *seed);
        assert!(key().open(&[0u8; 32], &sealed).is_err());
        let other = MasterKey::from_hex(&SecretString::from("22".repeat(32))).unwrap();
        assert!(other.open(&address, &sealed).is_err());
        assert!(!sealed.windows(32).any(|w| w == &seed[..]));
    }

    #[test]
    fn derived_secrets_depend_on_the_purpose_and_the_key() {
        let other = MasterKey::from_hex(&SecretString::from("22".repeat(32))).unwrap();
        assert_eq!(*key().derive(b"a"), *key().derive(b"a"));
        assert_ne!(*key().derive(b"a"), *key().derive(b"b"));
        assert_ne!(*key().derive(b"a"), *other.derive(b"a"));
        assert_ne!(&key().derive(b"a")[..], &[0x11; 32][..]);
    }

    #[test]
    fn a_short_master_key_is_refused() {
        assert!(MasterKey::from_hex(&SecretString::from("11".repeat(16))).is_err());
    }
}
