//! The inbox as stored: a person's notices a page at a time, marking one read, and the kinds they
//! muted.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::PgPool;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::i18n::{plain, Lang};
use crate::notifications::notify::Kind;
use crate::notifications::render::{render, Target};

#[derive(Debug, Serialize, ToSchema)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub payload: Value,
    /// The notice as its reader reads it (plain text), in the language the request's
    /// `Accept-Language` names, else the reader's own, else Russian: the bot's words.
    pub text: String,
    /// What acting on it is called ("Accept the invitation").
    pub action: String,
    /// Where acting on it happens: a path of the app (`/certificates/12`) or an https link.
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct InboxQuery {
    /// Only unread notices.
    #[serde(default)]
    pub unread: bool,
    /// Notices older than this id (the last id of the previous page).
    pub before: Option<i64>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NotificationSettings {
    /// Kinds you receive nothing of.
    pub muted: Vec<Kind>,
}

/// Up to `limit` of `account`'s notices older than `q.before`, newest first, in `lang` if the
/// request asked for one, else in the account's language.
pub async fn page(
    db: &PgPool,
    account: Uuid,
    q: &InboxQuery,
    limit: i64,
    lang: Option<Lang>,
) -> ApiResult<Vec<Notification>> {
    let lang = match lang {
        Some(lang) => lang,
        None => {
            let row = sqlx::query!(
                "SELECT language, telegram_language FROM accounts WHERE id = $1",
                account
            )
            .fetch_one(db)
            .await?;
            Lang::of_person(row.language.as_deref(), row.telegram_language.as_deref())
        }
    };
    let rows = sqlx::query!(
        "SELECT id, kind, payload, created_at, read_at FROM notifications
         WHERE account_id = $1 AND ($2::bigint IS NULL OR id < $2) AND (NOT $3 OR read_at IS NULL)
         ORDER BY id DESC LIMIT $4",
        account,
        q.before,
        q.unread,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|n| {
            let rendered = render(&n.kind, &n.payload, lang);
            Notification {
                id: n.id,
                text: plain(&rendered.html),
                action: rendered.button,
                link: match rendered.target {
                    Target::Screen(screen) => format!("/{screen}"),
                    Target::Url(url) => url,
                },
                kind: n.kind,
                payload: n.payload,
                created_at: n.created_at,
                read_at: n.read_at,
            }
        })
        .collect())
}

/// Marks `account`'s notice `id` read (keeping the first reading time); 404 if it is not theirs.
pub async fn mark_read(db: &PgPool, account: Uuid, id: i64) -> ApiResult<()> {
    let found = sqlx::query!(
        "UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND account_id = $2",
        id,
        account
    )
    .execute(db)
    .await?
    .rows_affected();
    if found == 0 {
        return Err(ApiError::NotFound("notification"));
    }
    Ok(())
}

/// The kinds `account` muted.
pub async fn settings(db: &PgPool, account: Uuid) -> ApiResult<NotificationSettings> {
    let kinds = sqlx::query_scalar!(
        "SELECT kind FROM notification_mutes WHERE account_id = $1 ORDER BY kind",
        account
    )
    .fetch_all(db)
    .await?;
    Ok(NotificationSettings {
        muted: kinds.iter().filter_map(|k| Kind::parse(k)).collect(),
    })
}

/// Replaces the kinds `account` muted.
pub async fn replace_muted(db: &PgPool, account: Uuid, muted: &[Kind]) -> ApiResult<()> {
    let kinds: Vec<String> = muted.iter().map(|k| k.as_str().to_owned()).collect();
    let mut tx = db.begin().await?;
    sqlx::query!(
        "DELETE FROM notification_mutes WHERE account_id = $1",
        account
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO notification_mutes (account_id, kind)
         SELECT $1, k FROM unnest($2::text[]) k ON CONFLICT DO NOTHING",
        account,
        &kinds
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
