//! The outbox's retry rules, the same for every channel: a claimed row is leased to one sender,
//! marked sent, backed off exponentially after a failure worth retrying until its attempts are
//! used up, or given back without counting when the channel asks to wait.
use crate::state::AppState;

/// Marks a row failed for good: the channel refused it in a way retrying cannot change.
pub async fn give_up(state: &AppState, id: i64, error: &str) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE deliveries SET status = 'failed', last_error = $2, lease_until = NULL, email = NULL
         WHERE id = $1",
        id,
        error
    )
    .execute(&state.db)
    .await?;
    Ok(())
}

/// Marks a row sent; a message rendered when queued (`email`) is dropped with it.
pub async fn mark_sent(state: &AppState, id: i64, message_id: Option<i64>) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE deliveries SET status = 'sent', sent_at = now(), message_id = $2, lease_until = NULL,
                last_error = NULL, email = NULL WHERE id = $1",
        id,
        message_id
    )
    .execute(&state.db)
    .await?;
    Ok(())
}

/// After a failure worth retrying: due again after an exponential wait, or failed for good once
/// its attempts are used up.
pub async fn back_off(state: &AppState, id: i64, attempts: i32, error: &str) -> anyhow::Result<()> {
    let give_up = attempts >= state.settings.outbox.max_attempts;
    tracing::warn!(delivery = id, %error, attempts, give_up, "sending failed");
    let backoff = 2i64.saturating_pow(attempts.clamp(0, 12) as u32).min(3600);
    sqlx::query!(
        "UPDATE deliveries SET status = CASE WHEN $3 THEN 'failed'::delivery_status ELSE status END,
                next_attempt_at = now() + make_interval(secs => $2), lease_until = NULL,
                last_error = $4
         WHERE id = $1",
        id,
        backoff as f64,
        give_up,
        error
    )
    .execute(&state.db)
    .await?;
    Ok(())
}

/// Gives a claimed row back, due in `after_secs`; a 429 does not count as an attempt.
pub async fn release(
    state: &AppState,
    id: i64,
    after_secs: i64,
    counts: bool,
) -> anyhow::Result<()> {
    sqlx::query!(
        "UPDATE deliveries SET lease_until = NULL, next_attempt_at = now() + make_interval(secs => $2),
                attempts = attempts - CASE WHEN $3 THEN 0 ELSE 1 END
         WHERE id = $1",
        id,
        after_secs as f64,
        counts
    )
    .execute(&state.db)
    .await?;
    Ok(())
}
