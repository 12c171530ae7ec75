//! The leaderboard: an organization's employees ranked by points earned in a period.
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::http::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Week,
    Month,
    All,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct BoardQuery {
    /// week (7 days), month (30 days) or all; default all.
    #[param(inline)]
    pub period: Option<Period>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Place {
    pub rank: i64,
    pub handle: String,
    pub points: i64,
}

impl Period {
    /// Where the period starts, looking back from `now`; `None` for all time.
    fn since(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Period::Week => Some(now - Duration::days(7)),
            Period::Month => Some(now - Duration::days(30)),
            Period::All => None,
        }
    }
}

/// The top 100 places of `organization` in `period`.
pub async fn leaderboard(
    state: &AppState,
    organization: Uuid,
    period: Period,
) -> ApiResult<Vec<Place>> {
    let since = period.since(state.clock.now());
    Ok(sqlx::query_as!(
        Place,
        r#"SELECT rank() OVER (ORDER BY sum(p.amount) DESC) AS "rank!", a.handle,
                  sum(p.amount)::bigint AS "points!"
           FROM point_entries p
           JOIN memberships m ON m.organization_id = p.organization_id AND m.account_id = p.account_id
           JOIN accounts a ON a.id = p.account_id
           WHERE p.organization_id = $1 AND ($2::timestamptz IS NULL OR p.at >= $2) AND m.role = 'employee' AND m.accepted_at IS NOT NULL
           GROUP BY a.handle
           ORDER BY 1, a.handle
           LIMIT 100"#,
        organization,
        since
    )
    .fetch_all(&state.db)
    .await?)
}
