//! Roles in an organization and the checks handlers make with them.
use serde::{Deserialize, Serialize};
use sqlx::PgExecutor;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};

/// Ordered: a manager may do what an employee may, an admin what a manager may.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Employee,
    Manager,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Employee => "employee",
            Self::Manager => "manager",
            Self::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "admin" => Self::Admin,
            "manager" => Self::Manager,
            _ => Self::Employee,
        }
    }
}

/// The caller's accepted role in `organization`, if the organization exists.
/// 404 when it does not, so a role check never reveals more than the organization's existence.
pub async fn role_of(
    db: impl PgExecutor<'_>,
    organization: Uuid,
    account: Uuid,
) -> ApiResult<Option<Role>> {
    let row = sqlx::query!(
        r#"SELECT m.role::text AS role, m.accepted_at IS NOT NULL AS "accepted!"
           FROM organizations o
           LEFT JOIN memberships m ON m.organization_id = o.id AND m.account_id = $2
           WHERE o.id = $1"#,
        organization,
        account,
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("organization"))?;
    Ok(row.role.filter(|_| row.accepted).map(|r| Role::parse(&r)))
}

/// Passes when the caller holds at least `needed` in `organization`.
pub async fn require(
    db: impl PgExecutor<'_>,
    organization: Uuid,
    account: Uuid,
    needed: Role,
) -> ApiResult<Role> {
    match role_of(db, organization, account).await? {
        Some(role) if role >= needed => Ok(role),
        Some(_) => Err(ApiError::Forbidden(
            "your role in this organization does not allow this",
        )),
        None => Err(ApiError::Forbidden(
            "you are not a member of this organization",
        )),
    }
}
