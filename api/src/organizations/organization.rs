//! The organization record: its kinds, and how it is read with its verified status.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgExecutor;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Employer,
    University,
    CourseProvider,
    ConferenceOrganizer,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Employer => "employer",
            Self::University => "university",
            Self::CourseProvider => "course_provider",
            Self::ConferenceOrganizer => "conference_organizer",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "university" => Self::University,
            "course_provider" => Self::CourseProvider,
            "conference_organizer" => Self::ConferenceOrganizer,
            _ => Self::Employer,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOrganization {
    pub name: String,
    pub kind: Kind,
    pub website: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    pub kind: Kind,
    pub website: Option<String>,
    pub created_at: DateTime<Utc>,
    /// True once the chain lists its issuer account as an active issuer (as mirrored by the
    /// indexer), not merely when the operator approved.
    pub verified: bool,
    /// SS58 address the organization issues certificates from, once approved.
    pub issuer_address: Option<String>,
}

pub async fn fetch(db: impl PgExecutor<'_>, id: Uuid) -> ApiResult<Organization> {
    let row = sqlx::query!(
        r#"SELECT o.id, o.name, o.kind::text AS "kind!", o.website, o.created_at, o.issuer_account,
                  EXISTS (SELECT 1 FROM issuers i
                          WHERE i.account = o.issuer_account AND i.organization_id = o.id
                            AND i.suspended_at IS NULL) AS "verified!"
           FROM organizations o WHERE o.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("organization"))?;
    Ok(Organization {
        id: row.id,
        name: row.name,
        kind: Kind::parse(&row.kind),
        website: row.website,
        created_at: row.created_at,
        verified: row.verified,
        issuer_address: row
            .issuer_account
            .as_deref()
            .and_then(Address::from_bytes)
            .map(|a| a.ss58()),
    })
}
