//! What the export signs: a certificate's stored credential with its `credentialStatus` entry,
//! and an issuer's revocation list as a `BitstringStatusListCredential`.
use chrono::{SecondsFormat, Utc};
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

use crate::certificates::credential::issuer_id;
use crate::certificates::status_list;
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

fn organization_url(state: &AppState, organization: Uuid) -> String {
    issuer_id(&state.settings.public_url, organization)
}

fn revocation_list_url(state: &AppState, organization: Uuid) -> String {
    format!(
        "{}/status-lists/revocation",
        organization_url(state, organization)
    )
}

/// The certificate's position in its organization's revocation list: how many certificates any
/// issuer account of the organization holds with a smaller id. The list is one per organization
/// (its URL names the organization), so its index counts over all of the organization's issuer
/// accounts, the same set `revoked_indexes` reads; counting per account would give two
/// certificates from two accounts the same bit. Stable, because ids only grow, certificates are
/// never removed, and an account, once registered for an organization, stays in `issuers`
/// (suspended or retired, never deleted).
async fn status_index(db: &PgPool, organization: Uuid, id: i64) -> ApiResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM certificates c JOIN issuers i ON i.account = c.issuer
           WHERE i.organization_id = $1 AND c.id < $2"#,
        organization,
        id
    )
    .fetch_one(db)
    .await?)
}

/// The certificate's stored credential with a `BitstringStatusListEntry` into its issuer's
/// revocation list, and the organization that signs it.
pub async fn with_status(state: &AppState, id: u64) -> ApiResult<(Uuid, Value)> {
    let id = i64::try_from(id).map_err(|_| ApiError::NotFound("certificate"))?;
    let row = sqlx::query!(
        r#"SELECT c.issuer, i.organization_id AS "organization_id?", d.document AS "document?"
           FROM certificates c
           LEFT JOIN issuers i ON i.account = c.issuer
           LEFT JOIN certificate_documents d ON d.content_hash = c.content_hash
           WHERE c.id = $1"#,
        id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("certificate"))?;
    let (Some(organization), Some(mut document)) = (row.organization_id, row.document) else {
        return Err(ApiError::conflict(
            "no-document",
            "this platform holds no document for the certificate; only its hash is on chain",
        ));
    };
    let index = status_index(&state.db, organization, id).await?;
    let list = revocation_list_url(state, organization);
    document["credentialStatus"] = json!({
        "id": format!("{list}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index.to_string(),
        "statusListCredential": list,
    });
    Ok((organization, document))
}

/// The status list indexes of the organization's revoked (or superseded) certificates, from
/// every issuer account it has had, numbered as `status_index` numbers them.
async fn revoked_indexes(db: &PgPool, organization: Uuid) -> ApiResult<Vec<usize>> {
    if !is_issuer(db, organization).await? {
        return Err(ApiError::NotFound("issuer"));
    }
    let revoked = sqlx::query!(
        r#"SELECT (row_number() OVER (ORDER BY c.id) - 1) AS "index!",
                  c.revoked_at IS NOT NULL AS "revoked!"
           FROM certificates c JOIN issuers i ON i.account = c.issuer
           WHERE i.organization_id = $1 ORDER BY c.id"#,
        organization
    )
    .fetch_all(db)
    .await?;
    Ok(revoked
        .into_iter()
        .filter(|r| r.revoked)
        .map(|r| r.index as usize)
        .collect())
}

/// The organization's revocation list, valid from now.
pub async fn revocation_list(state: &AppState, organization: Uuid) -> ApiResult<Value> {
    let set = revoked_indexes(&state.db, organization).await?;
    let list = revocation_list_url(state, organization);
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    Ok(json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": organization_url(state, organization),
        "validFrom": now,
        "credentialSubject": {
            "id": format!("{list}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": status_list::encode(&set),
        }
    }))
}

/// Whether the organization was ever registered as an issuer (and so has keys to publish).
pub async fn is_issuer(db: &PgPool, organization: Uuid) -> ApiResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM issuers WHERE organization_id = $1) AS "known!""#,
        organization
    )
    .fetch_one(db)
    .await?)
}
