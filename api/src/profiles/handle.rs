//! A person's public handle: 3–32 characters of `a-z`, `0-9` and `_`, starting with a letter.
//! A handle given up stays reserved for its last owner for a while (`handle_reservation_days`),
//! so links, invitations and certificates made out to it do not pass to the next person who
//! claims it; its owner may take it back.
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle(pub String);

impl Handle {
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        let ok = (3..=32).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_lowercase())
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(ApiError::invalid(
                "handle",
                "3-32 characters: a-z, 0-9 and _, starting with a letter",
            ))
        }
    }
}

/// Moves `account` from handle `old` to `new`, reserving `old` for it. Another person's live
/// reservation of `new` is a conflict; the account's own is lifted.
pub async fn change(
    tx: &mut Transaction<'_, Postgres>,
    account: Uuid,
    old: &str,
    new: &Handle,
    reservation_days: i64,
) -> ApiResult<()> {
    sqlx::query!(
        "UPDATE accounts SET handle = $2 WHERE id = $1",
        account,
        new.0
    )
    .execute(&mut **tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.constraint() == Some("accounts_handle_key") => {
            ApiError::conflict("handle-taken", "this handle belongs to someone else")
        }
        other => other.into(),
    })?;
    // Read after the update: if someone was giving `new` up at this moment, the unique index
    // made the update wait for their commit, so their reservation is visible here.
    let reserved_until = sqlx::query_scalar!(
        "SELECT reserved_until FROM handle_reservations
         WHERE handle = $1 AND reserved_until > now() AND account_id IS DISTINCT FROM $2",
        new.0,
        account,
    )
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(until) = reserved_until {
        return Err(ApiError::conflict(
            "handle-reserved",
            format!(
                "this handle was recently given up by someone else and stays theirs until {}",
                until.to_rfc3339()
            ),
        ));
    }
    sqlx::query!("DELETE FROM handle_reservations WHERE handle = $1", new.0)
        .execute(&mut **tx)
        .await?;
    sqlx::query!(
        "INSERT INTO handle_reservations (handle, account_id, reserved_until)
         VALUES ($1, $2, now() + make_interval(days => $3))
         ON CONFLICT (handle) DO UPDATE
         SET account_id = EXCLUDED.account_id, reserved_until = EXCLUDED.reserved_until",
        old,
        account,
        i32::try_from(reservation_days).unwrap_or(i32::MAX),
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Handle;

    #[test]
    fn handles_are_lowercase_words() {
        assert!(Handle::parse("anna_k2").is_ok());
        for bad in ["an", "Anna", "2anna", "anna-k", "", &"a".repeat(33)] {
            assert!(Handle::parse(bad).is_err(), "{bad}");
        }
    }
}
