//! The address service: one address per person, used only once confirmed. The confirmation
//! e-mail is queued in the outbox in the transaction that stores the token's hash, so it goes
//! out with the outbox's retries and exactly when the address was saved.
use std::str::FromStr;

use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::i18n::{html_escape, t, tr, Args, Lang};
use crate::state::AppState;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EmailAddress {
    pub address: String,
    /// Notices go to it only once confirmed through the link it was sent.
    pub confirmed: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewEmailAddress {
    /// The shape the API accepts: an ASCII local part and a domain of at least two labels.
    #[schema(
        pattern = r"^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$",
        max_length = 254
    )]
    pub address: String,
}

fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// `account`'s address, if they gave one.
pub async fn get(db: &PgPool, account: Uuid) -> ApiResult<Option<EmailAddress>> {
    Ok(sqlx::query_as!(
        EmailAddress,
        r#"SELECT address, confirmed_at IS NOT NULL AS "confirmed!"
           FROM email_addresses WHERE account_id = $1"#,
        account
    )
    .fetch_optional(db)
    .await?)
}

/// Saves `body`'s address for `account`, unconfirmed, and queues its confirmation e-mail.
pub async fn set(
    state: &AppState,
    account: Uuid,
    body: &NewEmailAddress,
) -> ApiResult<EmailAddress> {
    let address = body.address.trim();
    if address.chars().count() > 254 || lettre::Address::from_str(address).is_err() {
        return Err(ApiError::invalid("address", "is not an e-mail address"));
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let ttl = state.settings.email.confirm_ttl_hours;
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "INSERT INTO email_addresses (account_id, address, token_hash, token_expires_at)
         VALUES ($1, $2, $3, now() + make_interval(hours => $4))
         ON CONFLICT (account_id) DO UPDATE SET address = $2, confirmed_at = NULL,
             token_hash = $3, token_expires_at = now() + make_interval(hours => $4)",
        account,
        address,
        hash(&token),
        ttl as i32
    )
    .execute(&mut *tx)
    .await?;
    let row = sqlx::query!(
        "SELECT language, telegram_language FROM accounts WHERE id = $1",
        account
    )
    .fetch_one(&mut *tx)
    .await?;
    let lang = Lang::of_person(row.language.as_deref(), row.telegram_language.as_deref());
    let link = format!(
        "{}/email/confirm?token={token}",
        state.settings.public_url.trim_end_matches('/')
    );
    sqlx::query!(
        "INSERT INTO deliveries (channel, address, email) VALUES ('email', $1, $2)",
        address,
        confirmation(lang, &link, ttl)
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(EmailAddress {
        address: address.to_owned(),
        confirmed: false,
    })
}

/// The confirmation e-mail: subject, text and HTML in `lang`.
fn confirmation(lang: Lang, link: &str, hours: i64) -> serde_json::Value {
    let intro = tr(
        lang,
        "email-confirm-text",
        &Args::new().with("hours", hours),
    );
    let button = t(lang, "email-confirm-button");
    let ignore = t(lang, "email-confirm-ignore");
    json!({
        "subject": t(lang, "email-confirm-subject"),
        "text": format!("{intro}\n{link}\n\n{ignore}\n"),
        "html": format!(
            r#"<p>{}</p><p><a href="{}">{}</a></p><p>{}</p>"#,
            html_escape(&intro),
            html_escape(link),
            html_escape(&button),
            html_escape(&ignore)
        ),
    })
}

/// Forgets `account`'s address; nothing more is sent there.
pub async fn remove(db: &PgPool, account: Uuid) -> ApiResult<()> {
    sqlx::query!("DELETE FROM email_addresses WHERE account_id = $1", account)
        .execute(db)
        .await?;
    Ok(())
}

/// The address a live confirmation token is for.
pub async fn awaiting(db: &PgPool, token: &str) -> ApiResult<Option<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT address FROM email_addresses
         WHERE token_hash = $1 AND token_expires_at > now() AND confirmed_at IS NULL",
        hash(token)
    )
    .fetch_optional(db)
    .await?)
}

/// Confirms the address a live `token` is for; the address.
pub async fn confirm(db: &PgPool, token: &str) -> ApiResult<String> {
    let confirmed = sqlx::query_scalar!(
        "UPDATE email_addresses SET confirmed_at = now(), token_hash = NULL, token_expires_at = NULL
         WHERE token_hash = $1 AND token_expires_at > now() AND confirmed_at IS NULL
         RETURNING address",
        hash(token)
    )
    .fetch_optional(db)
    .await;
    match confirmed {
        Ok(Some(address)) => Ok(address),
        Ok(None) => Err(ApiError::NotFound("confirmation")),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(ApiError::conflict(
            "email-taken",
            "this address is confirmed in another profile",
        )),
        Err(e) => Err(e.into()),
    }
}
