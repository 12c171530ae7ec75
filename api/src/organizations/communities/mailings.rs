//! Mailings: a vacancy or an event written to everyone invited to a community who has not muted
//! mailings, recorded with how many it reached.
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::{PgPool, Postgres, Transaction};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks};
use crate::notifications::notify::Kind;
use crate::organizations::communities::community::community_of;
use crate::organizations::membership::{self, Role};
use crate::state::AppState;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "mailing_kind", rename_all = "snake_case")]
pub enum MailingKind {
    Vacancy,
    Event,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewMailing {
    pub kind: MailingKind,
    /// For `vacancy`: one of the organization's open vacancies.
    pub vacancy_id: Option<Uuid>,
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Mailing {
    pub id: Uuid,
    pub kind: MailingKind,
    pub title: String,
    /// People it was written to (invited and not opted out of mailings).
    pub recipients: i32,
}

impl NewMailing {
    fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.text(self.title.trim(), "title", 1, 200);
        c.text(&self.body, "body", 0, 4000);
        c.check(
            (self.kind == MailingKind::Vacancy) == self.vacancy_id.is_some(),
            "vacancy_id",
            "is required for a vacancy mailing and only for it",
        );
        c.finish()
    }
}

/// 404 unless `vacancy` is one of the organization's open vacancies.
async fn require_open_vacancy(db: &PgPool, organization: Uuid, vacancy: Uuid) -> ApiResult<()> {
    let open = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM vacancies WHERE id = $1 AND organization_id = $2 AND status = 'open') AS "open!""#,
        vacancy,
        organization
    )
    .fetch_one(db)
    .await?;
    if !open {
        return Err(ApiError::NotFound("vacancy"));
    }
    Ok(())
}

/// Writes the notice to everyone invited to `community` who has not muted mailings; how many.
async fn notify_invited(
    tx: &mut Transaction<'_, Postgres>,
    community: Uuid,
    payload: Value,
) -> ApiResult<i32> {
    // One statement writes every notice, skipping those who muted mailings.
    Ok(sqlx::query!(
        "INSERT INTO notifications (account_id, kind, payload)
         SELECT i.account_id, $2, $3 FROM community_invites i
         WHERE i.community_id = $1
           AND NOT EXISTS (SELECT 1 FROM notification_mutes m WHERE m.account_id = i.account_id AND m.kind = $2)",
        community,
        Kind::Mailing.as_str(),
        payload
    )
    .execute(&mut **tx)
    .await?
    .rows_affected() as i32)
}

/// Mails `body` to the community as `account` (managers and admins).
pub async fn send(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    community: Uuid,
    body: &NewMailing,
) -> ApiResult<Mailing> {
    body.check()?;
    membership::require(&state.db, organization, account, Role::Manager).await?;
    let (name, _) = community_of(&state.db, organization, community).await?;
    if let Some(vacancy) = body.vacancy_id {
        require_open_vacancy(&state.db, organization, vacancy).await?;
    }
    let id = Uuid::new_v4();
    let payload = json!({
        "mailing_id": id,
        "community_id": community,
        "community": name,
        "kind": body.kind,
        "vacancy_id": body.vacancy_id,
        "title": body.title.trim(),
        "body": body.body.trim(),
    });
    let mut tx = state.db.begin().await?;
    let recipients = notify_invited(&mut tx, community, payload).await?;
    sqlx::query!(
        "INSERT INTO mailings (id, community_id, kind, vacancy_id, title, body, created_by, recipients)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        id,
        community,
        body.kind as MailingKind,
        body.vacancy_id,
        body.title.trim(),
        body.body.trim(),
        account,
        recipients
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Mailing {
        id,
        kind: body.kind,
        title: body.title.trim().to_owned(),
        recipients,
    })
}
