//! An organization's public keys (RFC 7517 JWK Set), kept in memory until a change to its issuer
//! accounts or its signing key version is announced (`http::announced`): deriving them takes a
//! key derivation per version, and verifiers fetch them with every credential they check.
use axum::body::Bytes;
use serde_json::json;
use uuid::Uuid;

use crate::certificates::export::credentials;
use crate::certificates::signing::{self, IssuerKey};
use crate::http::announced::{token, AnnouncedCache, Loaded};
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Organization → its JWK Set as JSON.
pub type KeySets = AnnouncedCache<Uuid, Bytes>;

pub async fn key_set(state: &AppState, organization: Uuid) -> ApiResult<Bytes> {
    let load = async {
        let version = state
            .public_read(|db| async move {
                if !credentials::is_issuer(db, organization).await? {
                    return Ok(None);
                }
                Ok(Some(signing::key_version(db, organization).await?))
            })
            .await?;
        let Some(version) = version else {
            return Ok(None);
        };
        let keys: Vec<_> = IssuerKey::all(
            &state.master_key,
            &state.settings.public_url,
            organization,
            version,
        )
        .iter()
        .map(IssuerKey::jwk)
        .collect();
        Ok(Some(Loaded {
            value: Bytes::from(serde_json::to_vec(&json!({ "keys": keys })).unwrap_or_default()),
            sources: Some(Box::new([token('o', &organization.to_string())])),
            lapses_at: None,
        }))
    };
    state
        .key_sets
        .through(organization, load)
        .await?
        .ok_or(ApiError::NotFound("issuer"))
}
