//! Wallet moves as mirrored from the chain, for their holder or their organization.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::http::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MigrationView {
    pub id: u64,
    pub organization_name: Option<String>,
    pub holder_handle: Option<String>,
    pub from: String,
    pub to: String,
    /// Who owns the destination wallet, so a manager sees a move to someone else's wallet.
    pub to_handle: Option<String>,
    /// Whether the destination is a wallet of the same person as the source; only such a move
    /// can be approved.
    pub same_person: bool,
    /// `one` or `all_from_issuer`.
    pub scope: String,
    pub certificate_id: Option<i64>,
    /// `pending`, `accepted` (by the destination wallet), `approved`, `rejected` or `cancelled`.
    pub state: String,
    pub moved: Option<i32>,
    pub created_at: DateTime<Utc>,
}

/// Moves asked by `holder` or of `organization` (whichever is given), newest first.
pub async fn list(
    state: &AppState,
    holder: Option<Uuid>,
    organization: Option<Uuid>,
) -> ApiResult<Vec<MigrationView>> {
    let rows = sqlx::query!(
        r#"SELECT m.id, o.name AS "organization_name?", a.handle AS "handle?", m.from_account,
                  m.to_account, m.scope, m.certificate_id, m.state, m.moved, m.created_at,
                  ta.handle AS "to_handle?",
                  (w.account_id IS NOT NULL AND w.account_id = tw.account_id) AS "same_person!"
           FROM wallet_migrations m
           LEFT JOIN wallets w ON w.address = m.from_account
           LEFT JOIN accounts a ON a.id = w.account_id
           LEFT JOIN wallets tw ON tw.address = m.to_account
           LEFT JOIN accounts ta ON ta.id = tw.account_id
           LEFT JOIN issuers i ON i.account = m.issuer
           LEFT JOIN organizations o ON o.id = i.organization_id
           WHERE ($1::uuid IS NULL OR w.account_id = $1) AND ($2::uuid IS NULL OR o.id = $2)
           ORDER BY m.id DESC LIMIT 500"#,
        holder,
        organization,
    )
    .fetch_all(&state.db)
    .await?;
    let ss58 = |b: &[u8]| Address::from_bytes(b).map(|a| a.ss58()).unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|r| MigrationView {
            id: u64::try_from(r.id).unwrap_or_default(),
            organization_name: r.organization_name,
            holder_handle: r.handle,
            from: ss58(&r.from_account),
            to: ss58(&r.to_account),
            to_handle: r.to_handle,
            same_person: r.same_person,
            scope: r.scope,
            certificate_id: r.certificate_id,
            state: r.state,
            moved: r.moved,
            created_at: r.created_at,
        })
        .collect())
}
