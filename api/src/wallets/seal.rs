//! Sealing custodial wallet seeds at rest: XChaCha20-Poly1305 under the master key from config,
//! a random 24-byte nonce per seal, the wallet address as associated data. Each seal records the
//! version of the master key it was made under (`wallets.seal_version`), so the master key can
//! be rotated: the new key gets the next version, the old one stays configured as a previous
//! key until `iktomi-rotate-master-key` has re-sealed every seed under the new one.
use std::collections::BTreeMap;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

pub struct MasterKey {
    /// The version new seals are made under.
    version: i32,
    /// Every configured version's cipher, the current one included.
    ciphers: BTreeMap<i32, XChaCha20Poly1305>,
    /// Root of keys derived for other purposes (credential signing), never the sealing key itself.
    derivation: Zeroizing<[u8; 32]>,
    /// The derivation roots of previous versions, newest first: what they signed stays
    /// verifiable while they are configured.
    previous_derivations: Vec<Zeroizing<[u8; 32]>>,
}

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the master key must be 32 bytes of hex (64 characters)")]
    BadKey,
    #[error("a sealed seed does not open with this master key and address")]
    Open,
    #[error("previous master keys are `version:hex`, with versions below the current one")]
    BadVersion,
    #[error("the seed is sealed under master key version {0}, which is not configured")]
    UnknownVersion(i32),
}

fn parse_key(hex_text: &str) -> Result<(XChaCha20Poly1305, Zeroizing<[u8; 32]>), SealError> {
    let bytes = Zeroizing::new(
        hex::decode(hex_text.trim().trim_start_matches("0x")).map_err(|_| SealError::BadKey)?,
    );
    let cipher = XChaCha20Poly1305::new_from_slice(&bytes).map_err(|_| SealError::BadKey)?;
    let derivation = Zeroizing::new(crate::hmac_sha256(&bytes, b"iktomi/derivation-root/v1"));
    Ok((cipher, derivation))
}

const NONCE: usize = 24;

impl MasterKey {
    /// The master key alone, as version 1.
    pub fn from_hex(secret: &SecretString) -> Result<Self, SealError> {
        Self::with_versions(secret, 1, &[])
    }

    /// `current` as version `version`, and the `version:hex` keys of earlier versions.
    pub fn with_versions(
        current: &SecretString,
        version: i32,
        previous: &[SecretString],
    ) -> Result<Self, SealError> {
        if version < 1 {
            return Err(SealError::BadVersion);
        }
        let (cipher, derivation) = parse_key(current.expose_secret())?;
        let mut ciphers = BTreeMap::from([(version, cipher)]);
        let mut derivations = BTreeMap::new();
        for entry in previous {
            let (v, key) = entry
                .expose_secret()
                .split_once(':')
                .ok_or(SealError::BadVersion)?;
            let v: i32 = v.trim().parse().map_err(|_| SealError::BadVersion)?;
            if v < 1 || v >= version || ciphers.contains_key(&v) {
                return Err(SealError::BadVersion);
            }
            let (cipher, derivation) = parse_key(key)?;
            ciphers.insert(v, cipher);
            derivations.insert(v, derivation);
        }
        Ok(Self {
            version,
            ciphers,
            derivation,
            previous_derivations: derivations.into_values().rev().collect(),
        })
    }

    /// The version new seals are made under.
    pub fn version(&self) -> i32 {
        self.version
    }

    /// `derive` under each configured previous version, newest first.
    pub fn derive_previous(&self, purpose: &[u8]) -> Vec<Zeroizing<[u8; 32]>> {
        self.previous_derivations
            .iter()
            .map(|root| Zeroizing::new(crate::hmac_sha256(&root[..], purpose)))
            .collect()
    }

    /// A 32-byte secret for `purpose`, stable for this master key: HMAC-SHA256 under a root
    /// that is itself derived from the master key.
    pub fn derive(&self, purpose: &[u8]) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(crate::hmac_sha256(&self.derivation[..], purpose))
    }

    /// nonce ‖ ciphertext of `seed`, bound to `address`, under the current version.
    pub fn seal(&self, address: &[u8; 32], seed: &[u8; 32]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE];
        rand::rng().fill_bytes(&mut nonce);
        let payload = Payload {
            msg: seed,
            aad: address,
        };
        let sealed = self.ciphers[&self.version]
            .encrypt(XNonce::from_slice(&nonce), payload)
            .expect("XChaCha20-Poly1305 encrypts any 32-byte message");
        [&nonce[..], &sealed].concat()
    }

    /// The seed sealed under master key `version` for `address`.
    pub fn open(
        &self,
        version: i32,
        address: &[u8; 32],
        sealed: &[u8],
    ) -> Result<Zeroizing<[u8; 32]>, SealError> {
        let cipher = self
            .ciphers
            .get(&version)
            .ok_or(SealError::UnknownVersion(version))?;
        if sealed.len() <= NONCE {
            return Err(SealError::Open);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE);
        let plain = Zeroizing::new(
            cipher
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
        assert_eq!(*key().open(1, &address, &sealed).unwrap(), *seed);
        assert!(key().open(1, &[0u8; 32], &sealed).is_err());
        let other = MasterKey::from_hex(&SecretString::from("22".repeat(32))).unwrap();
        assert!(other.open(1, &address, &sealed).is_err());
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
    fn a_rotated_key_opens_old_seals_by_version_and_seals_under_the_new_one() {
        let (address, seed) = new_wallet();
        let old = key().seal(&address, &seed);
        let rotated = MasterKey::with_versions(
            &SecretString::from("22".repeat(32)),
            2,
            &[SecretString::from(format!("1:{}", "11".repeat(32)))],
        )
        .unwrap();
        assert_eq!(*rotated.open(1, &address, &old).unwrap(), *seed);
        assert!(rotated.open(2, &address, &old).is_err());
        let new = rotated.seal(&address, &seed);
        assert_eq!(*rotated.open(2, &address, &new).unwrap(), *seed);
        assert!(key().open(1, &address, &new).is_err());
        assert!(matches!(
            rotated.open(3, &address, &new),
            Err(SealError::UnknownVersion(3))
        ));
        assert_eq!(*rotated.derive_previous(b"a")[0], *key().derive(b"a"));
        let bad = |p: &str| {
            MasterKey::with_versions(&SecretString::from("22".repeat(32)), 2, &[p.into()]).is_err()
        };
        assert!(bad(&format!("2:{}", "11".repeat(32))));
        assert!(bad(&"11".repeat(32)));
    }

    #[test]
    fn a_short_master_key_is_refused() {
        assert!(MasterKey::from_hex(&SecretString::from("11".repeat(16))).is_err());
    }
}
