//! The bot's answers to users: `sendMessage`, `editMessageText`, `editMessageReplyMarkup` and
//! `answerCallbackQuery`, refused the way Telegram refuses them.
use axum::response::Response;
use serde_json::{json, Value};

use crate::keyboard::{has_web_app_button, inline_keyboard_ok};
use crate::markup::parse;
use axum::response::IntoResponse;

use crate::{int, ok, refuse, structured, BotState, Refusal};

const BLOCKED: &str = "Forbidden: bot was blocked by the user";

fn chat_type(chat: i64) -> &'static str {
    if chat > 0 {
        "private"
    } else {
        "supergroup"
    }
}

/// The checks a text and its keyboard pass before Telegram sends or edits anything.
fn check(state: &BotState, chat: i64, params: &Value) -> Result<(), Refusal> {
    if !inline_keyboard_ok(&params["reply_markup"]) {
        return Err(Refusal(400, "Bad Request: BUTTON_DATA_INVALID".into()));
    }
    if let Some(text) = params["text"].as_str() {
        parse(text, &params["parse_mode"]).map_err(|e| Refusal(400, e))?;
    }
    if state.blocked.contains(&chat) {
        return Err(Refusal(403, BLOCKED.into()));
    }
    Ok(())
}

pub(crate) fn send(state: &mut BotState, params: &Value) -> Response {
    let chat = int(&params["chat_id"]).unwrap_or(0);
    if chat < 0 && has_web_app_button(&params["reply_markup"]) {
        return refuse(400, "Bad Request: BUTTON_TYPE_INVALID", None);
    }
    if params["text"].as_str().is_none_or(str::is_empty) {
        return refuse(400, "Bad Request: message text is empty", None);
    }
    if let Err(refused) = check(state, chat, params) {
        return refused.into_response();
    }
    tracing::info!(
        chat,
        text = params["text"].as_str().unwrap_or_default(),
        "delivered"
    );
    state.delivered.push(params.clone());
    let id = state.next_message_id();
    let mut message = json!({
        "message_id": id, "date": 1_800_000_000,
        "chat": { "id": chat, "type": chat_type(chat) },
        "message_thread_id": params.get("message_thread_id"),
        "text": params["text"] });
    let markup = structured(&params["reply_markup"]);
    if markup.get("inline_keyboard").is_some() {
        message["reply_markup"] = markup;
    }
    let mut stored = message.clone();
    stored["from"] = crate::chats::user(state.bot_id, state.bot_id);
    if let Some(object) = stored.as_object_mut() {
        object.retain(|_, v| !v.is_null());
    }
    state.sent.insert(id, stored);
    ok(message)
}

/// The bot's message `message_id` in `chat_id` (none in another chat); `None` when the fake never
/// sent that id — a message from before it started, or a test's made-up id — which is taken on
/// trust.
fn editable<'a>(state: &'a mut BotState, params: &Value) -> Result<Option<&'a mut Value>, Refusal> {
    let not_found = || Refusal(400, "Bad Request: message to edit not found".into());
    let (Some(chat), Some(id)) = (int(&params["chat_id"]), int(&params["message_id"])) else {
        return Err(not_found());
    };
    match state.sent.get_mut(&id) {
        Some(message) if message["chat"]["id"] == chat => Ok(Some(message)),
        Some(_) => Err(not_found()),
        None => Ok(None),
    }
}

/// What an edit of a message the fake never sent answers, with the edit applied.
fn stand_in(params: &Value) -> Value {
    let chat = int(&params["chat_id"]).unwrap_or(0);
    json!({ "message_id": params["message_id"], "date": 1_800_000_000,
        "chat": { "id": chat, "type": chat_type(chat) } })
}

fn not_modified() -> Response {
    refuse(
        400,
        "Bad Request: message is not modified: specified new message content and reply markup are \
         exactly the same as a current content and reply markup of the message",
        None,
    )
}

pub(crate) fn edit_text(state: &mut BotState, params: &Value) -> Response {
    if params["text"].as_str().is_none_or(str::is_empty) {
        return refuse(400, "Bad Request: message text is empty", None);
    }
    edit(state, params, true)
}

pub(crate) fn edit_reply_markup(state: &mut BotState, params: &Value) -> Response {
    edit(state, params, false)
}

/// `editMessageText` (`with_text`) or `editMessageReplyMarkup`: both check the chat and keyboard
/// as a send does, refuse an edit that changes nothing, and record what was asked.
fn edit(state: &mut BotState, params: &Value, with_text: bool) -> Response {
    if params.get("inline_message_id").is_some() {
        state.edits.push(params.clone());
        return ok(json!(true));
    }
    let chat = int(&params["chat_id"]).unwrap_or(0);
    if chat < 0 && has_web_app_button(&params["reply_markup"]) {
        return refuse(400, "Bad Request: BUTTON_TYPE_INVALID", None);
    }
    if let Err(refused) = check(state, chat, params) {
        return refused.into_response();
    }
    let mut trusted = stand_in(params);
    let (message, known) = match editable(state, params) {
        Ok(Some(message)) => (message, true),
        Ok(None) => (&mut trusted, false),
        Err(refused) => return refused.into_response(),
    };
    // As on Telegram, an edit without reply_markup takes the inline keyboard away.
    let markup = structured(&params["reply_markup"]);
    let markup = markup.get("inline_keyboard").map(|_| markup.clone());
    let same_text = !with_text || message["text"] == params["text"];
    if known && same_text && message.get("reply_markup") == markup.as_ref() {
        return not_modified();
    }
    if with_text {
        message["text"] = params["text"].clone();
    }
    set_markup(message, markup);
    let answer = ok(message.clone());
    state.edits.push(params.clone());
    answer
}

fn set_markup(message: &mut Value, markup: Option<Value>) {
    message["edit_date"] = json!(crate::unix_now());
    match (message.as_object_mut(), markup) {
        (Some(object), Some(markup)) => {
            object.insert("reply_markup".into(), markup);
        }
        (Some(object), None) => {
            object.remove("reply_markup");
        }
        (None, _) => {}
    }
}

/// Known only for queries the fake pushed, and answerable once, as on Telegram.
pub(crate) fn answer_callback_query(state: &mut BotState, params: &Value) -> Response {
    let id = match &params["callback_query_id"] {
        Value::String(id) => id.clone(),
        Value::Number(id) => id.to_string(),
        _ => {
            return refuse(
                400,
                "Bad Request: parameter \"callback_query_id\" is required",
                None,
            )
        }
    };
    if params["text"]
        .as_str()
        .is_some_and(|text| text.chars().count() > 200)
    {
        return refuse(400, "Bad Request: MESSAGE_TOO_LONG", None);
    }
    match state.updates.callbacks.get_mut(&id) {
        Some(answered) if !*answered => *answered = true,
        _ => {
            return refuse(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
                None,
            )
        }
    }
    state.callback_answers.push(params.clone());
    ok(json!(true))
}
