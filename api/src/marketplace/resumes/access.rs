//! Who may read a resume: a person (as its visibility allows) and an organization (for its talent
//! pool and its responses).
use sqlx::PgPool;
use uuid::Uuid;

use crate::http::error::ApiResult;
use crate::marketplace::resumes::types::ResumeVisibility;

/// Whether `viewer` may read a resume of `owner` shown with `visibility`: public ones anyone, their
/// own the owner, and those for employers the managers and admins of verified organizations.
pub async fn may_read(
    db: &PgPool,
    visibility: ResumeVisibility,
    owner: Uuid,
    viewer: Option<Uuid>,
) -> ApiResult<bool> {
    Ok(match visibility {
        ResumeVisibility::Public => true,
        _ if viewer == Some(owner) => true,
        ResumeVisibility::Private => false,
        ResumeVisibility::Employers => match viewer {
            Some(viewer) => sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.organization_id
                                  WHERE m.account_id = $1 AND m.accepted_at IS NOT NULL
                                    AND m.role IN ('manager', 'admin') AND o.issuer_account IS NOT NULL)
                   AS "employer!""#,
                viewer
            )
            .fetch_one(db)
            .await?,
            None => false,
        },
    })
}

/// Whether `organization` may read `resume` (the rule lives in SQL: `iktomi_resume_open_to`).
pub async fn resume_open_to(db: &PgPool, resume: Uuid, organization: Uuid) -> ApiResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT iktomi_resume_open_to($1, $2) AS "open!""#,
        resume,
        organization
    )
    .fetch_one(db)
    .await?)
}
