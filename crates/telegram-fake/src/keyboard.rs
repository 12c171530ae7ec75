//! What Telegram checks in an inline keyboard: every button has a text and exactly one kind.
use serde_json::Value;

use crate::structured;

/// The kinds an inline keyboard button may be, exactly one per button.
const BUTTON_KINDS: [&str; 10] = [
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
];

/// Whether `reply_markup`'s inline keyboard (if it has one) holds only well-formed buttons: a text
/// and exactly one kind, `callback_data` of 1–64 bytes.
pub(crate) fn inline_keyboard_ok(reply_markup: &Value) -> bool {
    let markup = structured(reply_markup);
    let Some(rows) = markup.get("inline_keyboard") else {
        return true;
    };
    let button_ok = |button: &Value| {
        let kinds: Vec<&str> = BUTTON_KINDS
            .into_iter()
            .filter(|kind| button.get(*kind).is_some_and(|v| !v.is_null()))
            .collect();
        let well_typed = match kinds.as_slice() {
            ["callback_data"] => button["callback_data"]
                .as_str()
                .is_some_and(|d| (1..=64).contains(&d.len())),
            ["url"] => button["url"].as_str().is_some_and(|u| !u.is_empty()),
            ["web_app"] => button["web_app"]["url"]
                .as_str()
                .is_some_and(|u| !u.is_empty()),
            [_] => true,
            _ => false,
        };
        well_typed && button["text"].as_str().is_some_and(|t| !t.is_empty())
    };
    rows.as_array().is_some_and(|rows| {
        rows.iter()
            .all(|row| row.as_array().is_some_and(|row| row.iter().all(button_ok)))
    })
}

/// Whether an inline keyboard holds a `web_app` button, which Telegram allows in private chats only.
pub(crate) fn has_web_app_button(reply_markup: &Value) -> bool {
    structured(reply_markup)["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .any(|b| b.get("web_app").is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keyboards_need_text_and_one_kind() {
        let kb = |button: Value| json!({ "inline_keyboard": [[button]] });
        assert!(inline_keyboard_ok(&kb(
            json!({ "text": "Go", "callback_data": "go" })
        )));
        assert!(inline_keyboard_ok(&kb(
            json!({ "text": "Go", "web_app": { "url": "https://a.test" } })
        )));
        assert!(inline_keyboard_ok(
            &json!({ "keyboard": [[{ "text": "x" }]] })
        ));
        assert!(!inline_keyboard_ok(&kb(json!({ "text": "Go" }))));
        assert!(!inline_keyboard_ok(&kb(json!({ "callback_data": "go" }))));
        assert!(!inline_keyboard_ok(&kb(
            json!({ "text": "Go", "callback_data": "go", "url": "https://a.test" })
        )));
        assert!(!inline_keyboard_ok(&kb(
            json!({ "text": "Go", "callback_data": "x".repeat(65) })
        )));
        assert!(!inline_keyboard_ok(&kb(
            json!({ "text": "Go", "callback_data": "" })
        )));
        assert!(!inline_keyboard_ok(
            &json!({ "inline_keyboard": [{ "text": "Go" }] })
        ));
    }
}
