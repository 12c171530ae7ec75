//! An organization's members: listing them, inviting by handle, accepting, changing a role and
//! removing — never leaving the organization without an accepted admin — and a person's own
//! memberships.
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{PgPool, Postgres, Transaction};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::http::pagination::{self, Page};
use crate::notifications::notify::{self, Kind};
use crate::organizations::membership::{self, Role};
use crate::organizations::organization::{fetch, Organization};

#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    pub account_id: Uuid,
    pub handle: String,
    pub display_name: String,
    pub role: Role,
    /// False while the invitation is not accepted.
    pub accepted: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Invitation {
    /// The invitee's handle.
    pub handle: String,
    pub role: Role,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoleChange {
    pub role: Role,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyMembership {
    pub organization: Organization,
    pub role: Role,
    pub accepted: bool,
}

/// Members and pending invitations by handle; a page of `limit` after `cursor`.
pub async fn list(
    db: &PgPool,
    organization: Uuid,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> ApiResult<Page<Member>> {
    let limit = pagination::limit(limit)?;
    let after = pagination::after(cursor)?;
    let rows = sqlx::query!(
        r#"SELECT m.account_id, a.handle, p.display_name, m.role::text AS "role!",
                  m.accepted_at IS NOT NULL AS "accepted!"
           FROM memberships m JOIN accounts a ON a.id = m.account_id
           JOIN profiles p ON p.account_id = a.id
           WHERE m.organization_id = $1 AND a.handle > $2 ORDER BY a.handle LIMIT $3"#,
        organization,
        after,
        limit + 1,
    )
    .fetch_all(db)
    .await?;
    let members = rows
        .into_iter()
        .map(|r| Member {
            account_id: r.account_id,
            handle: r.handle,
            display_name: r.display_name,
            role: Role::parse(&r.role),
            accepted: r.accepted,
        })
        .collect();
    Ok(Page::from_rows(members, limit, |m| m.handle.clone()))
}

/// Invites the person with the handle `body` names, as `inviter`; they join once they accept.
pub async fn invite(
    db: &PgPool,
    organization: Uuid,
    inviter: Uuid,
    body: &Invitation,
) -> ApiResult<Member> {
    let invitee = sqlx::query!(
        "SELECT a.id, a.handle, p.display_name FROM accounts a JOIN profiles p ON p.account_id = a.id
         WHERE a.handle = $1",
        body.handle
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("person"))?;
    let mut tx = db.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO memberships (organization_id, account_id, role, invited_by)
         VALUES ($1, $2, $3::text::member_role, $4) ON CONFLICT DO NOTHING",
        organization,
        invitee.id,
        body.role.as_str(),
        inviter,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::conflict(
            "already-member",
            "this person is already a member or invited",
        ));
    }
    let from = notify::person_name(&mut tx, inviter).await?;
    let name = notify::organization_name(&mut tx, organization).await?;
    notify::push(
        &mut tx,
        invitee.id,
        Kind::OrganizationInvitation,
        json!({"organization_id": organization, "organization": name, "from": from,
               "role": body.role.as_str()}),
    )
    .await?;
    tx.commit().await?;
    Ok(Member {
        account_id: invitee.id,
        handle: invitee.handle,
        display_name: invitee.display_name,
        role: body.role,
        accepted: false,
    })
}

/// Accepts `account`'s pending invitation to `organization`.
pub async fn accept(db: &PgPool, organization: Uuid, account: Uuid) -> ApiResult<()> {
    let accepted = sqlx::query!(
        "UPDATE memberships SET accepted_at = now()
         WHERE organization_id = $1 AND account_id = $2 AND accepted_at IS NULL",
        organization,
        account,
    )
    .execute(db)
    .await?
    .rows_affected();
    if accepted == 0 {
        return Err(ApiError::NotFound("invitation"));
    }
    Ok(())
}

/// Fails when the change would leave the organization without an accepted admin.
async fn keep_an_admin(tx: &mut Transaction<'_, Postgres>, organization: Uuid) -> ApiResult<()> {
    let admins = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM memberships
           WHERE organization_id = $1 AND role = 'admin' AND accepted_at IS NOT NULL"#,
        organization
    )
    .fetch_one(&mut **tx)
    .await?;
    if admins == 0 {
        return Err(ApiError::conflict(
            "last-admin",
            "an organization keeps at least one admin",
        ));
    }
    Ok(())
}

/// Lock the organization's memberships so two admins demoting each other cannot both succeed.
async fn lock_members(tx: &mut Transaction<'_, Postgres>, organization: Uuid) -> ApiResult<()> {
    sqlx::query!(
        "SELECT id FROM organizations WHERE id = $1 FOR UPDATE",
        organization
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(())
}

/// Gives `member` the role `role` (admins only).
pub async fn change_role(
    db: &PgPool,
    organization: Uuid,
    admin: Uuid,
    member: Uuid,
    role: Role,
) -> ApiResult<()> {
    let mut tx = db.begin().await?;
    lock_members(&mut tx, organization).await?;
    membership::require(&mut *tx, organization, admin, Role::Admin).await?;
    let changed = sqlx::query!(
        "UPDATE memberships SET role = $3::text::member_role
         WHERE organization_id = $1 AND account_id = $2",
        organization,
        member,
        role.as_str(),
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::NotFound("member"));
    }
    keep_an_admin(&mut tx, organization).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes `member`: an admin removes anyone, anyone removes themselves.
pub async fn remove(db: &PgPool, organization: Uuid, caller: Uuid, member: Uuid) -> ApiResult<()> {
    let mut tx = db.begin().await?;
    lock_members(&mut tx, organization).await?;
    if member != caller {
        membership::require(&mut *tx, organization, caller, Role::Admin).await?;
    }
    let removed = sqlx::query!(
        "DELETE FROM memberships WHERE organization_id = $1 AND account_id = $2",
        organization,
        member
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed == 0 {
        return Err(ApiError::NotFound("member"));
    }
    keep_an_admin(&mut tx, organization).await?;
    tx.commit().await?;
    Ok(())
}

/// The organizations `account` belongs to or is invited to.
pub async fn of_account(db: &PgPool, account: Uuid) -> ApiResult<Vec<MyMembership>> {
    let rows = sqlx::query!(
        r#"SELECT organization_id, role::text AS "role!", accepted_at IS NOT NULL AS "accepted!"
           FROM memberships WHERE account_id = $1 ORDER BY invited_at"#,
        account
    )
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(MyMembership {
            organization: fetch(db, r.organization_id).await?,
            role: Role::parse(&r.role),
            accepted: r.accepted,
        });
    }
    Ok(out)
}
