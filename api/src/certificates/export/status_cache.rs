//! Signed revocation lists kept between requests: building one counts every certificate of the
//! organization's issuer accounts, gzips a 16 KiB bitstring and signs it, which an anonymous
//! caller must not be able to make the server repeat at will. While the database's change
//! announcements are heard (`http::announced`), a kept list is served with no query at all until
//! one names a certificate of the organization's issuer accounts, the accounts or the signing key.
//! Otherwise a kept list is served while the issuer's certificates are unchanged: a cheaper
//! aggregate over them (how many, how many revoked, the latest revocation) is read first, so a
//! revocation the indexer writes, in any process, is in the next answer. An age limit keeps
//! `validFrom` recent either way.
use uuid::Uuid;

use crate::certificates::export::credentials;
use crate::certificates::export::list_cache::{SignedList, Version};
use crate::certificates::signing::IssuerKey;
use crate::http::announced::{token, AnnouncedCache, Loaded};
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Revocation lists kept until a change to what they count is announced.
pub type AnnouncedLists = AnnouncedCache<Uuid, SignedList>;

/// The organization's signed revocation list: kept while nothing it counts was announced to
/// change, else from the version-checked cache, else built.
pub async fn revocation_list(state: &AppState, organization: Uuid) -> ApiResult<SignedList> {
    let load = async {
        let list = versioned(state, organization).await?;
        Ok(Some(Loaded {
            lapses_at: Some(list.fresh_until()),
            sources: Some(sources(state, organization).await?),
            value: list,
        }))
    };
    state
        .announced_lists
        .through(organization, load)
        .await?
        .ok_or(ApiError::NotFound("issuer"))
}

/// What a list is built from, as announcement tokens: the organization (its signing key and
/// issuer accounts) and the certificates of each of its issuer accounts.
async fn sources(state: &AppState, organization: Uuid) -> ApiResult<Box<[u64]>> {
    let accounts = sqlx::query_scalar!(
        "SELECT account FROM issuers WHERE organization_id = $1",
        organization
    )
    .fetch_all(&state.db)
    .await?;
    Ok(std::iter::once(token('o', &organization.to_string()))
        .chain(accounts.iter().map(|a| token('i', &hex::encode(a))))
        .collect())
}

/// The list from the cache while its version holds.
async fn versioned(state: &AppState, organization: Uuid) -> ApiResult<SignedList> {
    // The version is read before the list is built: a revocation landing in between makes the
    // kept list newer than its version, never older, and the next request rebuilds it.
    let version = version(state, organization).await?;
    if let Some(list) = state.status_lists.kept(organization, &version) {
        return Ok(list);
    }
    let credential = credentials::revocation_list(state, organization).await?;
    let key = IssuerKey::of(
        &state.master_key,
        &state.settings.public_url,
        organization,
        version.key_version,
    );
    let jwt = key.sign(&credential);
    Ok(state
        .status_lists
        .keep(organization, credential, jwt, version))
}

async fn version(state: &AppState, organization: Uuid) -> ApiResult<Version> {
    if !credentials::is_issuer(&state.db, organization).await? {
        return Err(ApiError::NotFound("issuer"));
    }
    // Over every issuer account the organization has had, as the list itself counts.
    Ok(sqlx::query_as!(
        Version,
        r#"SELECT count(*) AS "certificates!", count(c.revoked_at) AS "revoked!",
                  max(c.revoked_at) AS last_revoked,
                  coalesce((SELECT credential_key_version FROM organizations WHERE id = $1), 1) AS "key_version!"
           FROM certificates c JOIN issuers i ON i.account = c.issuer
           WHERE i.organization_id = $1"#,
        organization
    )
    .fetch_one(&state.db)
    .await?)
}
