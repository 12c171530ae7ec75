//! Operators suspend an issuer that misbehaves and reinstate it once it is sorted out. The
//! registry holds the suspension (its certificates read `issuer_suspended` meanwhile); the reason
//! stays here, off chain, for the operators and the organization's admins.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgPool};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::session::Session;
use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult};
use crate::http::pagination::{self, Page};
use crate::operations::queue::{claim, to_payload};
use crate::operations::{enqueue_all, Queued};
use crate::state::AppState;

pub const SUSPEND: &str = "issuer.suspend";
pub const REINSTATE: &str = "issuer.reinstate";

/// A registered issuer account, as operators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Issuer {
    /// SS58 address.
    pub account: String,
    pub organization_id: Uuid,
    pub organization_name: Option<String>,
    pub registered_at: DateTime<Utc>,
    pub suspended_at: Option<DateTime<Utc>>,
    /// Why an operator suspended it, while it is suspended.
    pub suspension_reason: Option<String>,
    /// Set once a key rotation replaced it; SS58 of the account that acts for it.
    pub retired_at: Option<DateTime<Utc>>,
    pub successor: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Suspension {
    /// Why, in a sentence the organization's admins will read.
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// What a suspension or reinstatement answers once it is final.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuerStanding {
    pub account: String,
    pub suspended: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct StandingPayload {
    /// Hex of the issuer account.
    pub account: String,
    pub operator: Uuid,
    pub reason: Option<String>,
}

struct Row {
    account: Vec<u8>,
    organization_id: Uuid,
    organization_name: Option<String>,
    registered_at: DateTime<Utc>,
    suspended_at: Option<DateTime<Utc>>,
    suspension_reason: Option<String>,
    retired_at: Option<DateTime<Utc>>,
    successor: Option<Vec<u8>>,
}

fn ss58(bytes: &[u8]) -> String {
    Address::from_bytes(bytes).map_or_else(|| hex::encode(bytes), |a| a.ss58())
}

/// Every issuer account, newest registration first.
pub async fn list(
    db: &PgPool,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> ApiResult<Page<Issuer>> {
    let limit = pagination::limit(limit)?;
    let after = pagination::after(cursor)?;
    let (after_at, after_account) = match after.split_once('\n') {
        Some((at, account)) => (
            DateTime::parse_from_rfc3339(at)
                .map_err(|_| ApiError::invalid("cursor", "is not a cursor this API returned"))?
                .with_timezone(&Utc),
            hex::decode(account)
                .map_err(|_| ApiError::invalid("cursor", "is not a cursor this API returned"))?,
        ),
        None => (DateTime::<Utc>::MAX_UTC, Vec::new()),
    };
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT i.account, i.organization_id, o.name AS "organization_name?", i.registered_at,
                  i.suspended_at, s.reason AS "suspension_reason?", i.retired_at, i.successor
           FROM issuers i
           LEFT JOIN organizations o ON o.id = i.organization_id
           LEFT JOIN issuer_suspensions s ON s.account = i.account AND i.suspended_at IS NOT NULL
           WHERE (i.registered_at, i.account) < ($1, $2)
           ORDER BY i.registered_at DESC, i.account DESC LIMIT $3"#,
        after_at,
        if after_account.is_empty() {
            vec![0xff; 33]
        } else {
            after_account
        },
        limit + 1
    )
    .fetch_all(db)
    .await?;
    let items = rows
        .into_iter()
        .map(|r| Issuer {
            account: ss58(&r.account),
            organization_id: r.organization_id,
            organization_name: r.organization_name,
            registered_at: r.registered_at,
            suspended_at: r.suspended_at,
            suspension_reason: r.suspension_reason,
            retired_at: r.retired_at,
            successor: r.successor.as_deref().map(ss58),
        })
        .collect();
    Ok(Page::from_rows(items, limit, |i| {
        let account = Address::parse(&i.account)
            .map(|a| hex::encode(a.0))
            .unwrap_or_default();
        format!("{}\n{account}", i.registered_at.to_rfc3339())
    }))
}

/// Queues `suspend_issuer` (with `reason`) or `reinstate_issuer` (without) for `account`, by
/// an operator the caller has already checked. One change of an issuer's standing at a time.
pub async fn change(
    state: &AppState,
    session: &Session,
    account: &str,
    reason: Option<&str>,
) -> ApiResult<Queued> {
    let address = Address::parse(account).ok_or(ApiError::NotFound("issuer"))?;
    if let Some(reason) = reason {
        let length = reason.trim().chars().count();
        if !(1..=500).contains(&length) {
            return Err(ApiError::invalid("reason", "must be 1 to 500 characters"));
        }
    }
    let suspended = sqlx::query_scalar!(
        r#"SELECT suspended_at IS NOT NULL AS "suspended!" FROM issuers WHERE account = $1"#,
        &address.0[..]
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("issuer"))?;
    let suspend = reason.is_some();
    if suspend && suspended {
        return Err(ApiError::conflict(
            "issuer-suspended",
            "the issuer is already suspended",
        ));
    }
    if !suspend && !suspended {
        return Err(ApiError::conflict(
            "issuer-not-suspended",
            "the issuer is not suspended",
        ));
    }
    let call = state.chain()?.set_suspended(address.0, suspend).await?;
    let payload = to_payload(&StandingPayload {
        account: hex::encode(address.0),
        operator: session.account_id,
        reason: reason.map(|r| r.trim().to_owned()),
    })?;
    let kind = if suspend { SUSPEND } else { REINSTATE };
    let mut tx = state.db.begin().await?;
    // A finalized change keeps its claim, so the claim names which change of the standing this
    // is: the next suspension after a reinstatement is a new subject, a double click is not.
    let changes = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM chain_operations
           WHERE kind IN ($1, $2) AND status = 'finalized' AND payload ->> 'account' = $3"#,
        SUSPEND,
        REINSTATE,
        hex::encode(address.0)
    )
    .fetch_one(&mut *tx)
    .await?;
    let queued = enqueue_all(&mut tx, Some(session.account_id), kind, &[call], payload).await?;
    let subject = format!("issuer-standing:{}:{changes}", hex::encode(address.0));
    claim(&mut tx, &subject, queued).await?;
    tx.commit().await?;
    tracing::info!(issuer = %address.ss58(), suspend, "issuer standing change queued");
    Ok(queued)
}

/// The change is final: the reason is kept while the suspension lasts.
pub async fn change_landed(
    conn: &mut PgConnection,
    payload: StandingPayload,
) -> ApiResult<IssuerStanding> {
    let account = hex::decode(&payload.account).map_err(|e| ApiError::Internal(e.into()))?;
    match &payload.reason {
        Some(reason) => {
            sqlx::query!(
                "INSERT INTO issuer_suspensions (account, reason, suspended_by) VALUES ($1, $2, $3)
                 ON CONFLICT (account) DO UPDATE
                 SET reason = EXCLUDED.reason, suspended_by = EXCLUDED.suspended_by,
                     suspended_at = now()",
                &account,
                reason,
                payload.operator
            )
            .execute(&mut *conn)
            .await?;
        }
        None => {
            sqlx::query!(
                "DELETE FROM issuer_suspensions WHERE account = $1",
                &account
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(IssuerStanding {
        account: ss58(&account),
        suspended: payload.reason.is_some(),
    })
}
