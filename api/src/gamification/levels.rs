//! Levels: an organization's thresholds (or the configured defaults), the level a sum of points
//! reaches, and telling a member of a level newly reached.
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::gamification::settings::GamificationSettings;
use crate::http::error::ApiResult;
use crate::notifications::notify::{self, Kind};

/// The thresholds of levels 2, 3, ... in `organization`.
pub async fn thresholds(
    conn: &mut PgConnection,
    settings: &GamificationSettings,
    organization: Uuid,
) -> ApiResult<Vec<i32>> {
    let own = sqlx::query_scalar!(
        "SELECT points FROM level_thresholds WHERE organization_id = $1 ORDER BY level",
        organization
    )
    .fetch_all(conn)
    .await?;
    Ok(if own.is_empty() {
        settings.default_thresholds.clone()
    } else {
        own
    })
}

/// The level `points` reach: 1 plus the thresholds met.
pub fn level_of(points: i64, thresholds: &[i32]) -> i32 {
    1 + thresholds
        .iter()
        .filter(|t| points >= i64::from(**t))
        .count() as i32
}

pub async fn points_of(
    conn: &mut PgConnection,
    organization: Uuid,
    account: Uuid,
) -> ApiResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT coalesce(sum(amount), 0)::bigint AS "points!" FROM point_entries
           WHERE organization_id = $1 AND account_id = $2"#,
        organization,
        account
    )
    .fetch_one(conn)
    .await?)
}

/// Tells the member of a level newly reached (once per level).
pub async fn announce_level(
    conn: &mut PgConnection,
    settings: &GamificationSettings,
    organization: Uuid,
    account: Uuid,
) -> ApiResult<()> {
    let points = points_of(conn, organization, account).await?;
    let level = level_of(points, &thresholds(conn, settings, organization).await?);
    let raised = sqlx::query!(
        "INSERT INTO member_levels (organization_id, account_id, level) VALUES ($1, $2, $3)
         ON CONFLICT (organization_id, account_id) DO UPDATE SET level = EXCLUDED.level
         WHERE member_levels.level < EXCLUDED.level",
        organization,
        account,
        level
    )
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if raised && level > 1 {
        notify::push(
            conn,
            account,
            Kind::LevelReached,
            json!({"organization_id": organization, "level": level, "points": points}),
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_count_the_thresholds_met() {
        let t = [100, 250, 500];
        assert_eq!(level_of(0, &t), 1);
        assert_eq!(level_of(100, &t), 2);
        assert_eq!(level_of(499, &t), 3);
        assert_eq!(level_of(10_000, &t), 4);
    }
}
