//! Securing exported credentials with VC-JOSE (W3C "Securing Verifiable Credentials using JOSE
//! and COSE"): a compact JWS whose payload is the credential itself, `typ: vc+jwt`, `cty: vc`,
//! signed with EdDSA over Ed25519. Each issuing organization has its own key, derived from the
//! master key and its id, so no key material is stored and the public key can always be
//! published (`GET /v1/organizations/{id}/jwks`).
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sp_core::{ed25519, Pair as _};
use uuid::Uuid;

use crate::wallets::seal::MasterKey;

pub const MEDIA_TYPE: &str = "application/vc+jwt";

/// An organization's credential-signing key.
pub struct IssuerKey {
    pair: ed25519::Pair,
    /// The `kid` header: the JWKS URL with the key's RFC 7638 thumbprint as fragment.
    pub kid: String,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwsError {
    #[error("not a compact JWS (three base64url parts)")]
    Malformed,
    #[error("the JWS header is not EdDSA vc+jwt")]
    UnsupportedHeader,
    #[error("the signature does not verify with the issuer's key")]
    BadSignature,
}

/// Where an organization publishes its keys.
pub fn jwks_url(public_url: &str, organization: Uuid) -> String {
    format!(
        "{}/v1/organizations/{organization}/jwks",
        public_url.trim_end_matches('/')
    )
}

impl IssuerKey {
    /// The organization's key of `version` (1 until its first issuer-key rotation).
    pub fn of(master: &MasterKey, public_url: &str, organization: Uuid, version: i32) -> Self {
        Self::from_seed(
            &master.derive(&purpose(organization, version)),
            public_url,
            organization,
        )
    }

    /// Every key the organization has signed with, newest first: each version up to `version`
    /// under the current master key, then under each configured previous master key. What they
    /// signed before a rotation keeps verifying, and the JWKS publishes them all.
    pub fn all(
        master: &MasterKey,
        public_url: &str,
        organization: Uuid,
        version: i32,
    ) -> Vec<Self> {
        let versions = || (1..=version.max(1)).rev();
        let current = versions().map(|v| Self::of(master, public_url, organization, v));
        let previous = versions().flat_map(|v| {
            master
                .derive_previous(&purpose(organization, v))
                .into_iter()
                .map(|seed| Self::from_seed(&seed, public_url, organization))
                .collect::<Vec<_>>()
        });
        current.chain(previous).collect()
    }

    fn from_seed(seed: &[u8; 32], public_url: &str, organization: Uuid) -> Self {
        let pair = ed25519::Pair::from_seed(seed);
        let kid = format!(
            "{}#{}",
            jwks_url(public_url, organization),
            thumbprint(&pair.public())
        );
        Self { pair, kid }
    }

    pub fn public(&self) -> ed25519::Public {
        self.pair.public()
    }

    /// The public key as a JWK (RFC 8037 OKP).
    pub fn jwk(&self) -> Value {
        json!({
            "kty": "OKP",
            "crv": "Ed25519",
            "x": URL_SAFE_NO_PAD.encode(self.public().0),
            "kid": self.kid,
            "alg": "EdDSA",
            "use": "sig",
        })
    }

    /// `credential` as a compact JWS.
    pub fn sign(&self, credential: &Value) -> String {
        let header = json!({ "alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": self.kid });
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(credential.to_string())
        );
        let signature = self.pair.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.0))
    }
}

/// Version 1 keeps the derivation from before rotations existed, so its keys did not change.
fn purpose(organization: Uuid, version: i32) -> Vec<u8> {
    let mut purpose = [
        &b"iktomi/credential-signing/v1/"[..],
        organization.as_bytes(),
    ]
    .concat();
    if version > 1 {
        purpose.extend_from_slice(format!("/key-{version}").as_bytes());
    }
    purpose
}

/// The credential-signing key version `organization` signs with now.
pub async fn key_version(db: impl sqlx::PgExecutor<'_>, organization: Uuid) -> sqlx::Result<i32> {
    Ok(sqlx::query_scalar!(
        "SELECT credential_key_version FROM organizations WHERE id = $1",
        organization
    )
    .fetch_optional(db)
    .await?
    .unwrap_or(1))
}

/// RFC 7638: SHA-256 of the required members in lexicographic order, base64url.
fn thumbprint(public: &ed25519::Public) -> String {
    let members = format!(
        r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
        URL_SAFE_NO_PAD.encode(public.0)
    );
    URL_SAFE_NO_PAD.encode(Sha256::digest(members.as_bytes()))
}

/// Header and payload of a compact JWS, not yet verified.
pub fn decode(token: &str) -> Result<(Value, Value), JwsError> {
    let mut parts = token.trim().split('.');
    let (Some(header), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwsError::Malformed);
    };
    let part = |text: &str| -> Result<Value, JwsError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| JwsError::Malformed)?;
        serde_json::from_slice(&bytes).map_err(|_| JwsError::Malformed)
    };
    Ok((part(header)?, part(payload)?))
}

/// The payload of `token` if `public` signed it as an EdDSA vc+jwt.
pub fn verify(token: &str, public: &ed25519::Public) -> Result<Value, JwsError> {
    let (header, payload) = decode(token)?;
    if header["alg"] != "EdDSA" || header["typ"] != "vc+jwt" {
        return Err(JwsError::UnsupportedHeader);
    }
    let token = token.trim();
    let (input, signature) = token.rsplit_once('.').ok_or(JwsError::Malformed)?;
    let signature: [u8; 64] = URL_SAFE_NO_PAD
        .decode(signature)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or(JwsError::Malformed)?;
    if ed25519::Pair::verify(
        &ed25519::Signature::from_raw(signature),
        input.as_bytes(),
        public,
    ) {
        Ok(payload)
    } else {
        Err(JwsError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretString;

    fn master(byte: &str) -> MasterKey {
        MasterKey::from_hex(&SecretString::from(byte.repeat(32))).unwrap()
    }

    #[test]
    fn a_signed_credential_verifies_and_any_change_breaks_it() {
        let org = Uuid::new_v4();
        let key = IssuerKey::of(&master("11"), "http://x", org, 1);
        let credential = json!({ "type": ["VerifiableCredential"], "name": "BSc" });
        let token = key.sign(&credential);
        assert_eq!(verify(&token, &key.public()).unwrap(), credential);

        let (header, _) = decode(&token).unwrap();
        assert_eq!(header["kid"], key.kid);
        let forged = key.sign(&json!({ "name": "MSc" }));
        let spliced = format!(
            "{}.{}",
            forged.rsplit_once('.').unwrap().0,
            token.rsplit_once('.').unwrap().1
        );
        assert_eq!(verify(&spliced, &key.public()), Err(JwsError::BadSignature));
        let other = IssuerKey::of(&master("11"), "http://x", Uuid::new_v4(), 1);
        assert_eq!(verify(&token, &other.public()), Err(JwsError::BadSignature));
        assert_eq!(verify("a.b", &key.public()), Err(JwsError::Malformed));
    }

    #[test]
    fn keys_are_stable_per_organization_and_master_key() {
        let org = Uuid::new_v4();
        let a = IssuerKey::of(&master("11"), "http://x", org, 1);
        assert_eq!(
            a.public(),
            IssuerKey::of(&master("11"), "http://x", org, 1).public()
        );
        assert_ne!(
            a.public(),
            IssuerKey::of(&master("22"), "http://x", org, 1).public()
        );
        assert!(a
            .kid
            .starts_with(&format!("http://x/v1/organizations/{org}/jwks#")));
    }

    #[test]
    fn a_rotation_signs_with_a_new_key_and_keeps_the_old_ones_published() {
        let org = Uuid::new_v4();
        let first = IssuerKey::of(&master("11"), "http://x", org, 1);
        let second = IssuerKey::of(&master("11"), "http://x", org, 2);
        assert_ne!(first.public(), second.public());
        let published: Vec<_> = IssuerKey::all(&master("11"), "http://x", org, 2)
            .iter()
            .map(IssuerKey::public)
            .collect();
        assert_eq!(published, vec![second.public(), first.public()]);
    }
}
