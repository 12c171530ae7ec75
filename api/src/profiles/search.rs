//! People search: by words in handle, name or headline and by a skill the caller may see,
//! ordered by handle and paged by it.
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::http::pagination::{self, Page};

#[derive(Debug, Deserialize, IntoParams)]
pub struct PeopleQuery {
    /// Words matched against handle, name and headline.
    pub q: Option<String>,
    /// A skill the person shows to the caller (case-insensitive).
    pub skill: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonSummary {
    pub account_id: Uuid,
    pub handle: String,
    pub display_name: String,
    pub headline: String,
}

/// `q` as an ILIKE pattern that matches it anywhere, its own wildcards taken literally.
fn contains_pattern(q: &str) -> String {
    format!(
        "%{}%",
        q.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// One page of the people matching `query` that `viewer` finds.
pub async fn people(
    db: &PgPool,
    viewer: Option<Uuid>,
    query: &PeopleQuery,
) -> ApiResult<Page<PersonSummary>> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::after(query.cursor.as_deref())?;
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if q.is_some_and(|q| q.chars().count() > 100) {
        return Err(ApiError::invalid("q", "is longer than 100 characters"));
    }
    let pattern = q.map(contains_pattern);
    let rows = sqlx::query_as!(
        PersonSummary,
        r#"SELECT a.id AS account_id, a.handle, p.display_name, p.headline
           FROM accounts a JOIN profiles p ON p.account_id = a.id
           WHERE a.handle > $1
             AND ($2::text IS NULL OR a.handle ILIKE $2 OR p.display_name ILIKE $2 OR p.headline ILIKE $2)
             AND ($3::text IS NULL OR EXISTS (
                   SELECT 1 FROM profile_skills s
                   WHERE s.account_id = a.id AND lower(s.name) = lower($3)
                     AND iktomi_visible(s.visibility, a.id, $4)))
           ORDER BY a.handle LIMIT $5"#,
        after,
        pattern,
        query.skill.as_deref().map(str::trim),
        viewer,
        limit + 1,
    )
    .fetch_all(db)
    .await?;
    Ok(Page::from_rows(rows, limit, |p| p.handle.clone()))
}
