//! People's public profiles (`GET /v1/people/{handle}` for someone not signed in) kept in memory
//! until the database announces a change to the account or its profile (`http::announced`).
use axum::body::Bytes;

use crate::http::announced::{token, AnnouncedCache, Loaded};
use crate::http::error::ApiResult;
use crate::profiles::profile;
use crate::state::AppState;

/// Handle → the profile's JSON as anyone may see it.
pub type ProfileCache = AnnouncedCache<String, Bytes>;

/// The public profile behind `handle`: from the cache when it holds it, else read and kept.
pub async fn public_profile(state: &AppState, handle: &str) -> ApiResult<Option<Bytes>> {
    let load = async {
        let found = state
            .public_read(|db| async move {
                let Some(id) = profile::account_by_handle(db, handle).await? else {
                    return Ok(None);
                };
                Ok(profile::load(db, id, None).await?.map(|found| (id, found)))
            })
            .await?;
        let Some((id, found)) = found else {
            return Ok(None);
        };
        Ok(Some(Loaded {
            value: Bytes::from(serde_json::to_vec(&found).unwrap_or_default()),
            // A handle given up still leads to its person while reserved, until a time no
            // write announces: only the handle an account holds is kept.
            sources: (found.handle == handle)
                .then(|| Box::new([token('p', &id.to_string())]) as Box<[u64]>),
            lapses_at: None,
        }))
    };
    state.profile_cache.through(handle.to_owned(), load).await
}
