//! What an author of a recommendation or endorsement signs, and how: the statement as canonical
//! JSON (so any wallet can rebuild and sign the same bytes), signed with sr25519 by the author's
//! custodial wallet or by one of the author's bound external wallets (raw or polkadot.js
//! `<Bytes>`-wrapped). The signature stays checkable by anyone: the message, the signer and the
//! signature are published with the statement.
use serde_json::json;
use sp_core::Pair as _;
use uuid::Uuid;

use crate::auth::wallet::{self, Address};
use crate::certificates::credential::canonical_json;
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::wallets::custodial::{custodial_wallet, export_seed, Owner};

/// The statement an author signs.
pub struct Statement<'a> {
    pub kind: &'a str,
    pub skill: Option<&'a str>,
    pub subject: Uuid,
    pub author: Uuid,
    pub text: &'a str,
}

impl Statement<'_> {
    pub fn message(&self) -> String {
        canonical_json(&json!({
            "type": "IktomiRecommendation",
            "version": 1,
            "kind": self.kind,
            "skill": self.skill,
            "subject": self.subject,
            "author": self.author,
            "text": self.text,
        }))
    }
}

/// A signature an author made in an external wallet.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ExternalSignature {
    /// The SS58 address of one of the author's bound external wallets.
    pub address: String,
    /// The sr25519 signature of the statement's message, hex.
    pub signature: String,
}

pub struct Signed {
    pub message: String,
    pub signer: Address,
    pub signature: [u8; 64],
}

/// Signs `statement` for its author: with the given external signature after checking it and
/// that the wallet is the author's, or else with the author's custodial wallet.
pub async fn sign(
    state: &AppState,
    statement: &Statement<'_>,
    external: Option<&ExternalSignature>,
) -> ApiResult<Signed> {
    sign_as(state, statement.author, statement.message(), external).await
}

/// Signs `message` for `author` (a recommendation's statement, a contract's hash): with the given
/// external signature after checking it and that the wallet is the author's, or else with the
/// author's custodial wallet.
pub async fn sign_as(
    state: &AppState,
    author: Uuid,
    message: String,
    external: Option<&ExternalSignature>,
) -> ApiResult<Signed> {
    match external {
        Some(external) => {
            let signer = Address::parse(&external.address)
                .ok_or_else(|| ApiError::invalid("signature.address", "not an SS58 address"))?;
            let signature = wallet::parse_signature(&external.signature).ok_or_else(|| {
                ApiError::invalid("signature.signature", "not a 64-byte hex signature")
            })?;
            let owned = sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM wallets WHERE address = $1 AND account_id = $2
                                  AND kind = 'external') AS "owned!""#,
                &signer.0[..],
                author
            )
            .fetch_one(&state.db)
            .await?;
            if !owned {
                return Err(ApiError::Forbidden(
                    "the signing wallet is not one of your bound wallets",
                ));
            }
            if !wallet::verify(&signer, &message, &signature) {
                return Err(ApiError::invalid(
                    "signature.signature",
                    "does not verify for this statement and address",
                ));
            }
            Ok(Signed {
                message,
                signer,
                signature: signature.0,
            })
        }
        None => {
            let signer = custodial_wallet(state, Owner::Account(author)).await?;
            let seed = export_seed(
                &state.db,
                &state.master_key,
                &signer,
                Owner::Account(author),
            )
            .await?;
            let pair = sp_core::sr25519::Pair::from_seed(&seed);
            Ok(Signed {
                signature: pair.sign(message.as_bytes()).0,
                message,
                signer,
            })
        }
    }
}

/// Whether a stored signature still checks out.
pub fn holds(message: &str, signer: &[u8], signature: &[u8]) -> bool {
    let (Some(signer), Ok(signature)) = (
        Address::from_bytes(signer),
        sp_core::sr25519::Signature::try_from(signature),
    ) else {
        return false;
    };
    wallet::verify(&signer, message, &signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_is_canonical_and_names_everything_signed() {
        let subject = Uuid::nil();
        let author = Uuid::max();
        let statement = Statement {
            kind: "endorsement",
            skill: Some("Rust"),
            subject,
            author,
            text: "Writes \"clean\" code",
        };
        assert_eq!(
            statement.message(),
            format!(
                r#"{{"author":"{author}","kind":"endorsement","skill":"Rust","subject":"{subject}","text":"Writes \"clean\" code","type":"IktomiRecommendation","version":1}}"#
            )
        );
    }

    #[test]
    fn a_stored_signature_holds_only_for_its_message() {
        let pair = sp_core::sr25519::Pair::generate().0;
        let signature = pair.sign(b"hello").0;
        assert!(holds("hello", &pair.public().0, &signature));
        assert!(!holds("hullo", &pair.public().0, &signature));
        assert!(!holds("hello", &[0u8; 31], &signature));
    }
}
