//! What users do, as the fake makes it into updates: write to the bot in private or in a group,
//! press its buttons; from tests through `FakeBot`, from scripts through `POST /updates`.
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::updates::kind;
use crate::{int, unix_now, BotState, FakeBot, Inner};

fn user(id: i64, language_code: Option<&str>) -> Value {
    let mut user = json!({ "id": id, "is_bot": false, "first_name": format!("User {id}"),
        "username": format!("user{id}") });
    if let Some(code) = language_code {
        user["language_code"] = json!(code);
    }
    user
}

/// A `bot_command` entity for a text starting with `/`, covering the command word (with any
/// `@botname`), its length in UTF-16 code units as Telegram counts them.
fn command_entities(text: &str) -> Option<Value> {
    let word = text
        .split(char::is_whitespace)
        .next()
        .filter(|w| w.len() > 1 && w.starts_with('/'))?;
    Some(json!([{ "type": "bot_command", "offset": 0, "length": word.encode_utf16().count() }]))
}

fn text_message(state: &mut BotState, from: Value, chat: Value, text: &str) -> Value {
    let mut message = json!({ "message_id": state.next_message_id(), "from": from, "chat": chat,
        "date": unix_now(), "text": text });
    if let Some(entities) = command_entities(text) {
        message["entities"] = entities;
    }
    json!({ "message": message })
}

impl Inner {
    fn push_update(&self, update: Value) -> i64 {
        let id = self.lock().updates.push(update);
        self.wake();
        id
    }

    fn user_says(&self, user_id: i64, language_code: Option<&str>, text: &str) -> i64 {
        let update = {
            let mut state = self.lock();
            let from = user(user_id, language_code);
            let chat = json!({ "id": user_id, "type": "private", "first_name": from["first_name"],
                "username": from["username"] });
            text_message(&mut state, from, chat, text)
        };
        self.push_update(update)
    }

    fn group_says(&self, chat_id: i64, user_id: i64, text: &str) -> i64 {
        let update = {
            let mut state = self.lock();
            let title = state
                .chats
                .get(&chat_id)
                .map_or_else(|| format!("Group {chat_id}"), |c| c.title.clone());
            let chat = json!({ "id": chat_id, "type": "supergroup", "title": title });
            text_message(&mut state, user(user_id, None), chat, text)
        };
        self.push_update(update)
    }

    fn user_presses(&self, user_id: i64, message_id: i64, data: &str) -> i64 {
        let update = {
            let mut state = self.lock();
            // The bot's own message when the fake sent it, so the bot sees its text and buttons.
            let message = state
                .sent
                .get(&message_id)
                .filter(|m| m["chat"]["id"] == user_id)
                .cloned()
                .unwrap_or_else(|| {
                    json!({ "message_id": message_id,
                        "chat": { "id": user_id, "type": "private" },
                        "date": unix_now(), "text": "" })
                });
            json!({ "callback_query": { "id": state.updates.next_callback_id(),
                "from": user(user_id, None), "message": message,
                "chat_instance": format!("{}", 1_000_000_007i64.wrapping_mul(user_id)),
                "data": data } })
        };
        self.push_update(update)
    }

    fn redeliver(&self, update_id: i64) -> bool {
        let known = self.lock().updates.redeliver(update_id);
        if known {
            self.wake();
        }
        known
    }
}

impl FakeBot {
    /// Queues `update` (an `Update` object) for the bot, giving it the next `update_id` unless
    /// it has one; answers the id.
    pub fn push_update(&self, update: Value) -> i64 {
        self.inner.push_update(update)
    }

    /// User `user_id` writes `text` to the bot in their private chat.
    pub fn user_says(&self, user_id: i64, language_code: Option<&str>, text: &str) -> i64 {
        self.inner.user_says(user_id, language_code, text)
    }

    /// User `user_id` writes `text` in group `chat_id`.
    pub fn group_says(&self, chat_id: i64, user_id: i64, text: &str) -> i64 {
        self.inner.group_says(chat_id, user_id, text)
    }

    /// User `user_id` presses the inline button with `data` under the bot's message
    /// `message_id` in their private chat.
    pub fn user_presses(&self, user_id: i64, message_id: i64, data: &str) -> i64 {
        self.inner.user_presses(user_id, message_id, data)
    }

    /// Queues again an update pushed before, as Telegram sometimes delivers one twice.
    ///
    /// # Panics
    /// If no update `update_id` was pushed.
    pub fn redeliver(&self, update_id: i64) {
        assert!(
            self.inner.redeliver(update_id),
            "no update {update_id} was pushed"
        );
    }

    /// How often a long poll was cut short by a newer `getUpdates` (409 Conflict): more than one
    /// bot instance polling.
    pub fn poll_conflicts(&self) -> usize {
        self.inner.lock().updates.conflicts
    }

    /// Updates not yet confirmed by the bot.
    pub fn pending_updates(&self) -> Vec<Value> {
        let state = self.inner.lock();
        state
            .updates
            .pending
            .iter()
            .map(|p| p.update.clone())
            .collect()
    }
}

/// `GET /updates`: what the bot has not confirmed yet.
pub(crate) async fn pending(State(inner): State<Arc<Inner>>) -> Json<Value> {
    let state = inner.lock();
    Json(
        state
            .updates
            .pending
            .iter()
            .map(|p| p.update.clone())
            .collect(),
    )
}

fn bad(description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "ok": false, "description": description })),
    )
        .into_response()
}

/// `POST /updates`: a full `Update`, or for scripts `{user_id, text, language_code?, chat_id?}`
/// or `{user_id, callback_data, message_id?}` (without `message_id`: the latest message to the
/// user with that button). Answers `{update_id}`, for a press also `callback_query_id` and
/// `message_id`.
pub(crate) async fn post(State(inner): State<Arc<Inner>>, Json(body): Json<Value>) -> Response {
    let Some(user_id) = int(&body["user_id"]) else {
        if !body.is_object() || kind(&body).is_empty() {
            return bad("expected an Update or {\"user_id\", \"text\"}");
        }
        return Json(json!({ "update_id": inner.push_update(body) })).into_response();
    };
    let id = if let Some(data) = body["callback_data"].as_str() {
        let message_id = int(&body["message_id"])
            .unwrap_or_else(|| latest_with_button(&inner.lock(), user_id, data));
        let id = inner.user_presses(user_id, message_id, data);
        // Scripts match the bot's answerCallbackQuery to their press by the query's id.
        let query = inner.lock().updates.get(id)["callback_query"]["id"].clone();
        return Json(
            json!({ "update_id": id, "callback_query_id": query, "message_id": message_id }),
        )
        .into_response();
    } else {
        let Some(text) = body["text"].as_str().filter(|t| !t.is_empty()) else {
            return bad("\"text\" or \"callback_data\" is required");
        };
        match int(&body["chat_id"]).filter(|chat| *chat != user_id) {
            Some(chat) => inner.group_says(chat, user_id, text),
            None => inner.user_says(user_id, body["language_code"].as_str(), text),
        }
    };
    Json(json!({ "update_id": id })).into_response()
}

/// The bot's latest message to `user` with a button carrying `data`, else its latest to them.
fn latest_with_button(state: &BotState, user: i64, data: &str) -> i64 {
    let to_user = move || {
        state
            .sent
            .values()
            .rev()
            .filter(move |m| m["chat"]["id"] == user)
    };
    let has_button = |m: &&Value| {
        m["reply_markup"]["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .any(|b| b["callback_data"] == data)
    };
    to_user()
        .find(has_button)
        .or_else(|| to_user().next())
        .and_then(|m| int(&m["message_id"]))
        .unwrap_or(0)
}

/// `POST /updates/{id}/redeliver`.
pub(crate) async fn post_redeliver(
    State(inner): State<Arc<Inner>>,
    Path(id): Path<i64>,
) -> Response {
    if !inner.redeliver(id) {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "ok": false, "description": format!("no update {id} was pushed") })),
        )
            .into_response();
    }
    Json(json!({ "update_id": id })).into_response()
}
