//! The skills an account's active certificates attest (`skill:` tags of their credentials): what
//! marks a resume's skill verified and what matching weighs in full.
use std::collections::{HashMap, HashSet};

use sqlx::PgPool;
use uuid::Uuid;

use crate::http::error::ApiResult;

/// Skills attested by the account's active certificates.
pub async fn verified_skills(db: &PgPool, account: Uuid) -> ApiResult<Vec<String>> {
    Ok(verified_skills_of(db, &[account])
        .await?
        .remove(&account)
        .map(|set| set.into_iter().collect())
        .unwrap_or_default())
}

/// The verified skills of several accounts in one query.
pub async fn verified_skills_of(
    db: &PgPool,
    accounts: &[Uuid],
) -> ApiResult<HashMap<Uuid, HashSet<String>>> {
    let rows = sqlx::query!(
        r#"SELECT DISTINCT w.account_id AS "account!", lower(substring(t.tag FROM 7)) AS "skill!"
           FROM wallets w
           JOIN certificate_status c ON c.holder = w.address AND c.status = 'active'
           JOIN certificates p ON p.id = c.id AND p.placement = 'listed'
           JOIN certificate_documents d ON d.content_hash = c.content_hash
           CROSS JOIN LATERAL jsonb_array_elements_text(
               coalesce(d.document #> '{credentialSubject,achievement,tag}', '[]'::jsonb)) AS t(tag)
           WHERE w.account_id = ANY($1) AND t.tag LIKE 'skill:%'"#,
        accounts
    )
    .fetch_all(db)
    .await?;
    let mut out: HashMap<Uuid, HashSet<String>> = HashMap::new();
    for r in rows {
        out.entry(r.account).or_default().insert(r.skill);
    }
    Ok(out)
}
