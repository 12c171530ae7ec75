//! What the bot answers with: Bot API calls made once the update's transaction committed.
use serde_json::{json, Value};

use crate::config::TelegramSettings;
use crate::i18n::{t, Lang};

#[derive(Debug, Clone)]
pub struct Reply {
    pub method: &'static str,
    pub params: Value,
}

/// A Telegram HTML message to `chat`, with an inline keyboard if given.
pub fn message(chat: i64, html: String, keyboard: Option<Value>) -> Reply {
    let mut params = json!({
        "chat_id": chat,
        "text": html,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": true},
    });
    if let Some(rows) = keyboard {
        params["reply_markup"] = json!({ "inline_keyboard": rows });
    }
    Reply {
        method: "sendMessage",
        params,
    }
}

/// Closes the spinner on a pressed button, with a short notice if given.
pub fn answer_callback(id: &str, text: Option<String>) -> Reply {
    let mut params = json!({ "callback_query_id": id });
    if let Some(text) = text {
        params["text"] = json!(text);
    }
    Reply {
        method: "answerCallbackQuery",
        params,
    }
}

pub fn edit_text(chat: i64, message_id: i64, html: String, keyboard: Option<Value>) -> Reply {
    let mut params = json!({
        "chat_id": chat, "message_id": message_id, "text": html, "parse_mode": "HTML",
    });
    if let Some(rows) = keyboard {
        params["reply_markup"] = json!({ "inline_keyboard": rows });
    }
    Reply {
        method: "editMessageText",
        params,
    }
}

pub fn edit_keyboard(chat: i64, message_id: i64, rows: Value) -> Reply {
    Reply {
        method: "editMessageReplyMarkup",
        params: json!({
            "chat_id": chat, "message_id": message_id,
            "reply_markup": { "inline_keyboard": rows },
        }),
    }
}

/// A button opening `path` of the Mini App inside Telegram (private chats only).
pub fn web_app_button(settings: &TelegramSettings, label: String, path: &str) -> Value {
    let base = settings.mini_app_url.trim_end_matches('/');
    let url = if path.is_empty() {
        base.to_owned()
    } else {
        format!("{base}/{path}")
    };
    json!({ "text": label, "web_app": { "url": url } })
}

/// The chat's menu button, labelled in the person's language, opening the Mini App.
pub fn menu_button(settings: &TelegramSettings, chat: Option<i64>, lang: Lang) -> Reply {
    let mut params = json!({
        "menu_button": {
            "type": "web_app",
            "text": t(lang, "bot-menu-button"),
            "web_app": { "url": settings.mini_app_url },
        }
    });
    if let Some(chat) = chat {
        params["chat_id"] = json!(chat);
    }
    Reply {
        method: "setChatMenuButton",
        params,
    }
}
