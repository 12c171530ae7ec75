//! The bot's conversations: `/start` (an account on first contact, the same one the Mini App's
//! initData sign-in finds, then the role choice or the deep link's screen), `/help`, `/language`,
//! `/notifications` (a toggle per kind), `/stop`, and the buttons they show. Everything a command
//! changes is written in the update's transaction; the replies go out after it commits.
use serde_json::{json, Value};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::auth::accounts;
use crate::bot::links::screen_for;
use crate::bot::replies::{self, Reply};
use crate::bot::types::{command, CallbackQuery, Message, Update, User};
use crate::http::error::ApiResult;
use crate::i18n::{html_escape, t, tr, Args, Lang};
use crate::notifications::notify::Kind;
use crate::state::AppState;

type Tx<'a> = Transaction<'a, Postgres>;

/// The replies to `update`, after applying what it asks within `tx`.
pub async fn respond(state: &AppState, tx: &mut Tx<'_>, update: &Update) -> ApiResult<Vec<Reply>> {
    if let Some(message) = &update.message {
        return on_message(state, tx, message).await;
    }
    if let Some(query) = &update.callback_query {
        return on_button(state, tx, query).await;
    }
    Ok(Vec::new())
}

/// The person's account, created on first contact as the Mini App's sign-in would create it.
async fn account_of(tx: &mut Tx<'_>, user: &User) -> ApiResult<Uuid> {
    let (proof, newcomer) = accounts::telegram(user);
    let (account, _) = accounts::resolve(tx, &proof, None, newcomer).await?;
    Ok(account)
}

/// The account this Telegram user already has; only `/start` creates one, so a person who signed
/// in another way can still link Telegram to their account later.
async fn known_account(tx: &mut Tx<'_>, user: &User) -> ApiResult<Option<Uuid>> {
    Ok(sqlx::query_scalar!(
        "SELECT account_id FROM identities WHERE provider = 'telegram' AND subject = $1",
        user.id.to_string()
    )
    .fetch_optional(&mut **tx)
    .await?)
}

async fn language_of(tx: &mut Tx<'_>, account: Uuid) -> ApiResult<Lang> {
    let row = sqlx::query!(
        "SELECT language, telegram_language FROM accounts WHERE id = $1",
        account
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(Lang::of_person(
        row.language.as_deref(),
        row.telegram_language.as_deref(),
    ))
}

/// The language to answer in: the account's, else what Telegram says the person uses.
async fn answer_language(tx: &mut Tx<'_>, user: &User, account: Option<Uuid>) -> ApiResult<Lang> {
    match account {
        Some(account) => language_of(tx, account).await,
        None => Ok(Lang::of_person(None, user.language_code.as_deref())),
    }
}

async fn on_message(state: &AppState, tx: &mut Tx<'_>, message: &Message) -> ApiResult<Vec<Reply>> {
    let (Some(user), Some(text)) = (&message.from, message.text.as_deref()) else {
        return Ok(Vec::new());
    };
    if user.is_bot {
        return Ok(Vec::new());
    }
    let chat = message.chat.id;
    let me = state.settings.telegram.bot_username.as_str();
    let parsed = command(text);
    if message.chat.kind != "private" {
        // In groups the bot speaks only when spoken to, and only points to the private chat.
        let addressed = match &parsed {
            Some((_, _, Some(bot))) => bot.eq_ignore_ascii_case(me),
            _ => text
                .to_lowercase()
                .contains(&format!("@{}", me.to_lowercase())),
        };
        if !addressed {
            return Ok(Vec::new());
        }
        let lang = Lang::of_person(None, user.language_code.as_deref());
        return Ok(vec![replies::message(
            chat,
            t(lang, "bot-group-hint"),
            None,
        )]);
    }
    if let Some((_, _, Some(bot))) = &parsed {
        if !bot.eq_ignore_ascii_case(me) {
            return Ok(Vec::new());
        }
    }
    // Writing to the bot again undoes a block (not a /stop, which only /start undoes).
    sqlx::query!(
        "DELETE FROM telegram_unreachable WHERE chat_id = $1 AND reason = 'blocked'",
        chat
    )
    .execute(&mut **tx)
    .await?;
    let name = parsed.as_ref().map(|(name, _, _)| name.as_str());
    if let Some(("start", argument, _)) = parsed.as_ref().map(|(n, a, b)| (n.as_str(), *a, *b)) {
        return start(state, tx, chat, user, argument).await;
    }
    let known = known_account(tx, user).await?;
    let lang = answer_language(tx, user, known).await?;
    let say = |id: &str| vec![replies::message(chat, t(lang, id), None)];
    let account = match (name, known) {
        (None | Some("help"), _) => return Ok(say("bot-help")),
        (Some("language" | "notifications" | "stop"), None) => return Ok(say("bot-start-first")),
        (Some("language" | "notifications" | "stop"), Some(account)) => account,
        (Some(_), _) => return Ok(say("bot-unknown-command")),
    };
    match name {
        Some("language") => Ok(vec![replies::message(
            chat,
            t(lang, "bot-language-choose"),
            Some(language_keyboard()),
        )]),
        Some("notifications") => {
            let keyboard = mutes_keyboard(tx, account, lang).await?;
            Ok(vec![replies::message(
                chat,
                t(lang, "bot-notifications-title"),
                Some(keyboard),
            )])
        }
        _ => {
            // Telegram only: the notices stay in the app's inbox (and e-mail, if confirmed).
            sqlx::query!(
                "INSERT INTO telegram_unreachable (chat_id, reason) VALUES ($1, 'stopped')
                 ON CONFLICT (chat_id) DO UPDATE SET reason = 'stopped', since = now()",
                chat
            )
            .execute(&mut **tx)
            .await?;
            Ok(say("bot-stopped"))
        }
    }
}

async fn start(
    state: &AppState,
    tx: &mut Tx<'_>,
    chat: i64,
    user: &User,
    payload: &str,
) -> ApiResult<Vec<Reply>> {
    let account = account_of(tx, user).await?;
    // /start undoes a block and a /stop: notices reach this chat again.
    sqlx::query!("DELETE FROM telegram_unreachable WHERE chat_id = $1", chat)
        .execute(&mut **tx)
        .await?;
    let lang = language_of(tx, account).await?;
    let settings = &state.settings.telegram;
    let menu = replies::menu_button(settings, Some(chat), lang);
    if let Some(screen) = screen_for(payload) {
        let button = replies::web_app_button(settings, t(lang, "button-open"), &screen);
        return Ok(vec![
            replies::message(chat, t(lang, "bot-open-screen"), Some(json!([[button]]))),
            menu,
        ]);
    }
    let name = user
        .first_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let greeting = match name {
        Some(name) => tr(
            lang,
            "bot-welcome",
            &Args::new().with("name", html_escape(name).into_owned()),
        ),
        None => t(lang, "bot-welcome-anonymous"),
    };
    // The same two ways on as the app's onboarding screen offers.
    let roles = json!([
        [replies::web_app_button(
            settings,
            t(lang, "bot-role-seeker"),
            "profile?edit=1"
        )],
        [replies::web_app_button(
            settings,
            t(lang, "bot-role-employer"),
            "organization?new=1"
        )],
    ]);
    Ok(vec![replies::message(chat, greeting, Some(roles)), menu])
}

fn language_keyboard() -> Value {
    let row = |lang: Lang| json!([{ "text": t(lang, "bot-language-name"), "callback_data": format!("lang:{}", lang.code()) }]);
    json!([row(Lang::Ru), row(Lang::En)])
}

/// A toggle per kind, two to a row: ✅ sent, 🔕 muted.
async fn mutes_keyboard(tx: &mut Tx<'_>, account: Uuid, lang: Lang) -> ApiResult<Value> {
    let muted = sqlx::query_scalar!(
        "SELECT kind FROM notification_mutes WHERE account_id = $1",
        account
    )
    .fetch_all(&mut **tx)
    .await?;
    let buttons: Vec<Value> = Kind::ALL
        .iter()
        .map(|kind| {
            let mark = if muted.iter().any(|m| m == kind.as_str()) {
                "🔕"
            } else {
                "✅"
            };
            let label = t(lang, &format!("kind-{}", kind.as_str()));
            json!({ "text": format!("{mark} {label}"), "callback_data": format!("mute:{}", kind.as_str()) })
        })
        .collect();
    Ok(Value::Array(
        buttons
            .chunks(2)
            .map(|row| Value::Array(row.to_vec()))
            .collect(),
    ))
}

async fn on_button(
    state: &AppState,
    tx: &mut Tx<'_>,
    query: &CallbackQuery,
) -> ApiResult<Vec<Reply>> {
    let data = query.data.as_deref().unwrap_or_default();
    let done = replies::answer_callback(&query.id, None);
    let Some(message) = &query.message else {
        return Ok(vec![done]);
    };
    if message.chat.kind != "private" {
        return Ok(vec![done]);
    }
    let chat = message.chat.id;
    let Some(account) = known_account(tx, &query.from).await? else {
        let lang = Lang::of_person(None, query.from.language_code.as_deref());
        return Ok(vec![replies::answer_callback(
            &query.id,
            Some(t(lang, "bot-start-first")),
        )]);
    };
    sqlx::query!(
        "DELETE FROM telegram_unreachable WHERE chat_id = $1 AND reason = 'blocked'",
        chat
    )
    .execute(&mut **tx)
    .await?;
    if let Some(code) = data.strip_prefix("lang:") {
        let Some(lang) = Lang::from_tag(code) else {
            return Ok(vec![done]);
        };
        sqlx::query!(
            "UPDATE accounts SET language = $2 WHERE id = $1",
            account,
            lang.code()
        )
        .execute(&mut **tx)
        .await?;
        return Ok(vec![
            done,
            replies::edit_text(chat, message.message_id, t(lang, "bot-language-set"), None),
            replies::menu_button(&state.settings.telegram, Some(chat), lang),
        ]);
    }
    if let Some(kind) = data.strip_prefix("mute:").and_then(Kind::parse) {
        // A double tap delivered twice at once must not fail on the mute's key.
        let muted = sqlx::query!(
            "INSERT INTO notification_mutes (account_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            account,
            kind.as_str()
        )
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if muted == 0 {
            sqlx::query!(
                "DELETE FROM notification_mutes WHERE account_id = $1 AND kind = $2",
                account,
                kind.as_str()
            )
            .execute(&mut **tx)
            .await?;
        }
        let lang = language_of(tx, account).await?;
        let keyboard = mutes_keyboard(tx, account, lang).await?;
        return Ok(vec![
            done,
            replies::edit_keyboard(chat, message.message_id, keyboard),
        ]);
    }
    Ok(vec![done])
}
