//! The Telegram sender of the outbox (`deliveries`). It claims due rows with a lease (so no two
//! senders send one row, and a crashed sender's rows go out after the lease), sends each with an
//! inline button into the right Mini App screen — a `web_app` button in private chats, a `url`
//! button to `t.me/<bot>/<app>?startapp=<screen>` in groups, where Telegram refuses `web_app` —
//! and marks it sent. A 429 waits its `retry_after` without counting as a failure; other failures
//! back off exponentially until `max_attempts`; a 400 or 403 (a bad chat, a blocked bot) gives up,
//! and a 403 in a private chat marks it unreachable so that nothing more is queued there.
//! Each notice is rendered when sent, in its recipient's language of that moment.
//! The one window left is a crash between Telegram's answer and the mark: that row goes again.
use std::collections::HashSet;
use std::time::Duration;

use serde_json::{json, Value};

use crate::config::Settings;
use crate::i18n::{html_escape, t, Lang};
use crate::notifications::leases::{back_off, give_up, mark_sent, release};
use crate::notifications::render::{render, Rendered, Target};
use crate::notifications::telegram_bot::{BotApi, BotError};
use crate::state::AppState;

struct Due {
    id: i64,
    notification_id: Option<i64>,
    audit_id: Option<i64>,
    chat_id: i64,
    thread_id: Option<i64>,
    attempts: i32,
}

#[derive(serde::Deserialize)]
struct Sent {
    message_id: i64,
}

/// The button under a message: a Mini App button for a screen — `web_app` in private chats
/// (positive ids), a `t.me/<bot>/<app>?startapp=` link in groups, where Telegram refuses
/// `web_app` — or a plain link.
fn button(settings: &Settings, chat: i64, label: &str, target: &Target) -> Value {
    let t = &settings.telegram;
    match target {
        Target::Url(url) => json!({"text": label, "url": url}),
        Target::Screen(screen) if chat > 0 => json!({"text": label,
            "web_app": {"url": format!("{}/{screen}", t.mini_app_url.trim_end_matches('/'))}}),
        // startapp takes [A-Za-z0-9_-]: screens use '/' which becomes '-'.
        Target::Screen(screen) => {
            json!({"text": label, "url": format!("https://t.me/{}/{}?startapp={}",
            t.bot_username, t.app_name, screen.replace('/', "-"))})
        }
    }
}

async fn message(state: &AppState, due: &Due) -> anyhow::Result<Value> {
    let rendered = if let Some(id) = due.notification_id {
        let n = sqlx::query!(
            "SELECT n.kind, n.payload, a.language, a.telegram_language
             FROM notifications n JOIN accounts a ON a.id = n.account_id WHERE n.id = $1",
            id
        )
        .fetch_one(&state.db)
        .await?;
        let lang = Lang::of_person(n.language.as_deref(), n.telegram_language.as_deref());
        render(&n.kind, &n.payload, lang)
    } else {
        let a = sqlx::query!(
            r#"SELECT a.id, a.at, a.action, a.target, a.hash, h.handle AS "actor?"
               FROM audit_log a LEFT JOIN accounts h ON h.id = a.actor WHERE a.id = $1"#,
            due.audit_id
        )
        .fetch_one(&state.db)
        .await?;
        // The entry's hash is the chain's head when it was written: the group keeps a copy of
        // every head outside the database, against which cut or rewritten rows show.
        Rendered {
            html: html_escape(&format!(
                "#{} {} {} {} {}\nhead {}:{}",
                a.id,
                a.at.format("%Y-%m-%d %H:%M:%S"),
                a.actor.as_deref().unwrap_or("-"),
                a.action,
                a.target,
                a.id,
                hex::encode(&a.hash)
            ))
            .into_owned(),
            button: t(Lang::default(), "button-open"),
            target: Target::Screen("audit".to_owned()),
        }
    };
    let mut params = json!({
        "chat_id": due.chat_id,
        "text": rendered.html,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": true},
        "reply_markup": {"inline_keyboard": [[
            button(&state.settings, due.chat_id, &rendered.button, &rendered.target)
        ]]},
    });
    if let Some(thread) = due.thread_id {
        params["message_thread_id"] = json!(thread);
    }
    Ok(params)
}

/// Sends what is due now; how many were sent.
pub async fn deliver_due(state: &AppState, bot: &BotApi) -> anyhow::Result<usize> {
    let due = claim_due(state).await?;
    let mut sent = 0;
    let mut slowed: HashSet<i64> = HashSet::new();
    let mut blocked: HashSet<i64> = HashSet::new();
    for d in due {
        if blocked.contains(&d.chat_id) {
            continue;
        }
        if slowed.contains(&d.chat_id) {
            release(state, d.id, 1, false).await?;
            continue;
        }
        let params = message(state, &d).await?;
        match bot.call::<Sent>("sendMessage", &params).await {
            Ok(m) => {
                mark_sent(state, d.id, Some(m.message_id)).await?;
                sent += 1;
            }
            Err(BotError::RetryAfter(secs)) => {
                slowed.insert(d.chat_id);
                release(state, d.id, secs as i64, false).await?;
            }
            Err(BotError::Refused { code, description }) if code == 400 || code == 403 => {
                tracing::warn!(delivery = d.id, code, %description, "Telegram refused the message; giving up");
                if code == 403 && d.chat_id > 0 {
                    unreachable(state, d.chat_id).await?;
                    blocked.insert(d.chat_id);
                }
                give_up(state, d.id, &description).await?;
            }
            Err(error) => back_off(state, d.id, d.attempts, &error.to_string()).await?,
        }
    }
    Ok(sent)
}

/// The person behind private chat `chat` blocked the bot: nothing more is queued for it, and
/// what is pending there is dropped, until they write to the bot again.
async fn unreachable(state: &AppState, chat: i64) -> anyhow::Result<()> {
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "INSERT INTO telegram_unreachable (chat_id) VALUES ($1) ON CONFLICT DO NOTHING",
        chat
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE deliveries SET status = 'failed', last_error = 'the bot is blocked in this chat',
                lease_until = NULL
         WHERE chat_id = $1 AND status = 'pending'",
        chat
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(chat, "the bot was blocked; the chat is unreachable");
    Ok(())
}

/// Leases up to 20 due rows to this sender, counting an attempt on each.
async fn claim_due(state: &AppState) -> anyhow::Result<Vec<Due>> {
    Ok(sqlx::query_as!(
        Due,
        r#"UPDATE deliveries SET lease_until = now() + make_interval(secs => $1), attempts = attempts + 1
         WHERE id IN (SELECT id FROM deliveries
                      WHERE channel = 'telegram' AND status = 'pending' AND next_attempt_at <= now()
                        AND (lease_until IS NULL OR lease_until < now())
                      ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED)
         RETURNING id, notification_id, audit_id, chat_id AS "chat_id!", thread_id, attempts"#,
        state.settings.outbox.lease_secs as f64
    )
    .fetch_all(&state.db)
    .await?)
}

/// Sends forever (until the task is dropped); errors are logged and retried on the next poll.
pub async fn run(state: AppState) {
    let Ok(bot) = BotApi::of(&state) else {
        tracing::info!("no Telegram bot configured: notifications stay in the inbox");
        return;
    };
    let poll = Duration::from_millis(state.settings.outbox.poll_ms);
    loop {
        match deliver_due(&state, &bot).await {
            Ok(n) if n > 0 => tracing::debug!(sent = n, "outbox"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "outbox round failed"),
        }
        tokio::time::sleep(poll).await;
    }
}
