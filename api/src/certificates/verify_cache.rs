//! Verification answers (`GET /v1/verify/{id}`, `/c/{id}`) kept in memory until the database
//! announces a change to what they were built from (`http::announced`).
use std::sync::Arc;

use axum::body::Bytes;

use crate::certificates::lookup::{fetch, Fetched, Verification};
use crate::http::announced::{token, AnnouncedCache, Loaded};
use crate::http::error::ApiResult;
use crate::state::AppState;

/// A kept answer: the verification and its JSON.
#[derive(Clone)]
pub struct Kept {
    pub verification: Arc<Verification>,
    pub json: Bytes,
}

pub type VerifyCache = AnnouncedCache<i64, Kept>;

/// Certificate `id` verified: from the cache when it holds it, else read and kept.
pub async fn verified(state: &AppState, id: i64) -> ApiResult<Option<Kept>> {
    let load = async {
        let Some(fetched) = state.public_read(|db| fetch(db, id)).await? else {
            return Ok(None);
        };
        let sources = sources(&fetched);
        Ok(Some(Loaded {
            lapses_at: fetched.verification.expires_at,
            sources: Some(sources),
            value: Kept {
                json: Bytes::from(serde_json::to_vec(&fetched.verification).unwrap_or_default()),
                verification: Arc::new(fetched.verification),
            },
        }))
    };
    state.verify_cache.through(id, load).await
}

/// Everything an answer is built from, as announcement tokens: the certificate and its supersede
/// chain, the issuer and holder accounts, the stored document, the organization's name.
fn sources(fetched: &Fetched) -> Box<[u64]> {
    let v = &fetched.verification;
    let mut tokens: Vec<u64> = std::iter::once(v.id)
        .chain(v.supersedes.iter().copied())
        .chain(v.superseded_by.iter().copied())
        .map(|id| token('c', &id.to_string()))
        .collect();
    tokens.push(token('a', &hex::encode(&fetched.issuer)));
    tokens.push(token('a', &hex::encode(&fetched.holder)));
    tokens.push(token(
        'h',
        v.content_hash.strip_prefix("0x").unwrap_or(&v.content_hash),
    ));
    if let Some(organization) = v.issuer.organization_id {
        tokens.push(token('o', &organization.to_string()));
    }
    tokens.into_boxed_slice()
}
