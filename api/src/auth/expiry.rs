//! Forgetting sign-in rows nobody can use any more: expired wallet challenges and VK ID logins,
//! Telegram initData past its replay window, lapsed handle reservations, and week-old marks of
//! handled bot updates. Run by the
//! sweeper; each pass removes at most `BATCH` rows per table, oldest first, so one pass stays short.
use sqlx::PgPool;

/// The most rows a pass removes from one table.
pub const BATCH: i64 = 1000;

/// Removes up to `BATCH` expired rows from each table; the number removed in all.
pub async fn sweep(db: &PgPool) -> Result<u64, sqlx::Error> {
    let challenges = sqlx::query!(
        "DELETE FROM wallet_challenges WHERE nonce IN (
             SELECT nonce FROM wallet_challenges WHERE expires_at < now()
             ORDER BY expires_at LIMIT $1)",
        BATCH
    )
    .execute(db)
    .await?;
    let logins = sqlx::query!(
        "DELETE FROM vk_logins WHERE state IN (
             SELECT state FROM vk_logins WHERE expires_at < now() ORDER BY expires_at LIMIT $1)",
        BATCH
    )
    .execute(db)
    .await?;
    let init_data = sqlx::query!(
        "DELETE FROM telegram_init_data_used WHERE hash IN (
             SELECT hash FROM telegram_init_data_used WHERE expires_at < now()
             ORDER BY expires_at LIMIT $1)",
        BATCH
    )
    .execute(db)
    .await?;
    let reservations = sqlx::query!(
        "DELETE FROM handle_reservations WHERE handle IN (
             SELECT handle FROM handle_reservations WHERE reserved_until < now()
             ORDER BY reserved_until LIMIT $1)",
        BATCH
    )
    .execute(db)
    .await?;
    // Telegram keeps an update for a day at most: a week-old mark guards nothing.
    let updates = sqlx::query!(
        "DELETE FROM bot_updates WHERE (bot_id, update_id) IN (
             SELECT bot_id, update_id FROM bot_updates
             WHERE received_at < now() - interval '7 days' ORDER BY received_at LIMIT $1)",
        BATCH
    )
    .execute(db)
    .await?;
    Ok(challenges.rows_affected()
        + logins.rows_affected()
        + init_data.rows_affected()
        + reservations.rows_affected()
        + updates.rows_affected())
}
