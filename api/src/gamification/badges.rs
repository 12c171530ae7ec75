//! Badges by hand (admins): an organization's own badges, and granting or revoking one — the
//! organization's or the platform's. Automatic badges are granted by `rules`.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::gamification::rules::grant;
use crate::gamification::standing::{employee, member};
use crate::http::error::{ApiError, ApiResult, Checks};
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewBadge {
    /// Lower-case letters, digits and dashes.
    #[schema(pattern = "^[a-z0-9-]{1,40}$")]
    pub code: String,
    #[schema(pattern = r"\S", max_length = 100)]
    pub name: String,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Grant {
    pub handle: String,
    #[serde(default)]
    pub reason: String,
}

impl NewBadge {
    pub fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.check(
            (1..=40).contains(&self.code.len())
                && self
                    .code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "code",
            "must be 1-40 lower-case letters, digits and dashes",
        );
        c.text(self.name.trim(), "name", 1, 100);
        c.text(&self.description, "description", 0, 1000);
        c.finish()
    }
}

/// Creates the organization's own badge; 409 if the code is taken (by it or the platform).
pub async fn create(state: &AppState, organization: Uuid, badge: &NewBadge) -> ApiResult<()> {
    let created = sqlx::query!(
        "INSERT INTO badges (id, organization_id, code, name, description, automatic)
         SELECT $1, $2, $3, $4, $5, false
         WHERE NOT EXISTS (SELECT 1 FROM badges WHERE code = $3 AND (organization_id IS NULL OR organization_id = $2))",
        Uuid::new_v4(),
        organization,
        badge.code,
        badge.name.trim(),
        badge.description
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if created == 0 {
        return Err(ApiError::conflict(
            "badge-exists",
            "a badge with this code exists",
        ));
    }
    Ok(())
}

/// Grants badge `code` to the employee, by `admin`; 409 if they hold it.
pub async fn grant_by_hand(
    state: &AppState,
    organization: Uuid,
    code: &str,
    admin: Uuid,
    body: &Grant,
) -> ApiResult<()> {
    let account = employee(state, organization, &body.handle).await?;
    let mut tx = state.db.begin().await?;
    let granted = grant(
        &mut tx,
        code,
        organization,
        account,
        Some(admin),
        body.reason.trim(),
        state.clock.now(),
    )
    .await?;
    if !granted {
        return Err(ApiError::conflict(
            "badge-held",
            "the employee holds this badge",
        ));
    }
    tx.commit().await?;
    Ok(())
}

/// Revokes the member's badge `code`, by `admin`; 404 if they do not hold it.
pub async fn revoke(
    state: &AppState,
    organization: Uuid,
    code: &str,
    handle: &str,
    admin: Uuid,
) -> ApiResult<()> {
    let (account, _) = member(state, organization, handle).await?;
    let revoked = sqlx::query!(
        "UPDATE badge_awards w SET revoked_at = $4, revoked_by = $5 FROM badges b
         WHERE b.id = w.badge_id AND b.code = $1 AND w.organization_id = $2 AND w.account_id = $3
           AND w.revoked_at IS NULL",
        code,
        organization,
        account,
        state.clock.now(),
        admin
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if revoked == 0 {
        return Err(ApiError::NotFound("badge"));
    }
    Ok(())
}
