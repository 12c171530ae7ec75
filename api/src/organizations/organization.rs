//! The organization record: its kinds, how it is read with its verified status, created with
//! its first admin, and searched by name.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{PgExecutor, PgPool};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult, Checks};
use crate::http::pagination::{self, Page};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[schema(as = OrganizationKind)]
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
    /// 2 to 200 characters, not counting spaces around.
    #[schema(pattern = r"\S[\s\S]*\S", max_length = 200)]
    pub name: String,
    pub kind: Kind,
    /// An http(s) URL.
    #[schema(
        pattern = r"^https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(:[1-9][0-9]{0,3})?(/[!-~]*)?$",
        max_length = 300
    )]
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
                            AND i.suspended_at IS NULL AND i.retired_at IS NULL) AS "verified!"
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

impl NewOrganization {
    fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.text(&self.name, "name", 2, 200);
        if let Some(website) = &self.website {
            let ok = url::Url::parse(website).is_ok_and(|u| matches!(u.scheme(), "https" | "http"));
            c.check(
                ok && website.len() <= 300,
                "website",
                "must be an http(s) URL",
            );
        }
        c.finish()
    }
}

/// Creates the organization `body` describes, with `creator` as its admin.
pub async fn create(db: &PgPool, creator: Uuid, body: &NewOrganization) -> ApiResult<Organization> {
    body.check()?;
    let id = Uuid::new_v4();
    let mut tx = db.begin().await?;
    sqlx::query!(
        "INSERT INTO organizations (id, name, kind, website, created_by)
         VALUES ($1, $2, $3::text::organization_kind, $4, $5)",
        id,
        body.name.trim(),
        body.kind.as_str(),
        body.website,
        creator,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO memberships (organization_id, account_id, role, accepted_at)
         VALUES ($1, $2, 'admin', now())",
        id,
        creator,
    )
    .execute(&mut *tx)
    .await?;
    let organization = fetch(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(organization)
}

/// The `ILIKE` pattern matching names that contain `q`, its wildcards escaped.
fn name_pattern(q: Option<&str>) -> Option<String> {
    q.map(str::trim).filter(|q| !q.is_empty()).map(|q| {
        format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    })
}

/// Organizations whose name contains `q`, by name; a page of `limit` after `cursor`.
pub async fn search(
    db: &PgPool,
    q: Option<&str>,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> ApiResult<Page<Organization>> {
    let limit = pagination::limit(limit)?;
    let after = pagination::after(cursor)?;
    let (after_name, after_id) = match after.split_once('\n') {
        Some((name, id)) => (
            name.to_owned(),
            id.parse::<Uuid>()
                .map_err(|_| ApiError::invalid("cursor", "is not a cursor this API returned"))?,
        ),
        None => (String::new(), Uuid::nil()),
    };
    let ids = sqlx::query_scalar!(
        "SELECT id FROM organizations
         WHERE (lower(name), id) > ($1, $2) AND ($3::text IS NULL OR name ILIKE $3)
         ORDER BY lower(name), id LIMIT $4",
        after_name,
        after_id,
        name_pattern(q),
        limit + 1,
    )
    .fetch_all(db)
    .await?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        rows.push(fetch(db, id).await?);
    }
    Ok(Page::from_rows(rows, limit, |o| {
        format!("{}\n{}", o.name.to_lowercase(), o.id)
    }))
}
