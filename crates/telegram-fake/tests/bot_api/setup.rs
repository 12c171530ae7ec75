//! Commands and the menu button, set and read back.
use iktomi_telegram_fake::FakeBot;
use serde_json::json;

use crate::{refused, result, TOKEN};

#[tokio::test]
async fn commands_are_kept_per_language_and_scope() {
    let bot = FakeBot::start(TOKEN).await;
    let en = json!([{ "command": "start", "description": "Open Iktomi" },
        { "command": "/help", "description": "  What I can do " }]);
    let ru = json!([{ "command": "start", "description": "Открыть Iktomi" }]);
    assert_eq!(
        result(&bot, "setMyCommands", json!({ "commands": en })).await,
        true
    );
    result(
        &bot,
        "setMyCommands",
        json!({ "commands": ru, "language_code": "ru" }),
    )
    .await;
    let private = json!({ "type": "all_private_chats" });
    result(
        &bot,
        "setMyCommands",
        json!({ "commands": ru, "scope": private, "language_code": "uk" }),
    )
    .await;

    let got = result(&bot, "getMyCommands", json!({})).await;
    assert_eq!(
        got[1],
        json!({ "command": "help", "description": "What I can do" })
    );
    assert_eq!(
        result(&bot, "getMyCommands", json!({ "language_code": "ru" })).await,
        ru
    );
    assert_eq!(
        result(&bot, "getMyCommands", json!({ "language_code": "uk" })).await,
        json!([])
    );
    assert_eq!(
        result(
            &bot,
            "getMyCommands",
            json!({ "language_code": "uk", "scope": private })
        )
        .await,
        ru
    );
    assert_eq!(bot.commands("ru"), ru.as_array().expect("array").clone());
    assert_eq!(bot.commands("uk"), ru.as_array().expect("array").clone());
    assert_eq!(bot.commands_in(&private, "uk").len(), 1);

    result(&bot, "deleteMyCommands", json!({ "language_code": "ru" })).await;
    assert!(bot.commands("ru").is_empty());
    assert_eq!(bot.commands("").len(), 2);
}

#[tokio::test]
async fn malformed_commands_are_refused() {
    let bot = FakeBot::start(TOKEN).await;
    let set = |command: &str, description: &str| json!({ "commands": [{ "command": command, "description": description }] });
    assert_eq!(
        refused(&bot, "setMyCommands", set("Start", "x"), 400).await,
        "Bad Request: BOT_COMMAND_INVALID"
    );
    assert_eq!(
        refused(&bot, "setMyCommands", set(&"a".repeat(33), "x"), 400).await,
        "Bad Request: command length must not exceed 32"
    );
    assert_eq!(
        refused(&bot, "setMyCommands", set("start", ""), 400).await,
        "Bad Request: command description must be non-empty"
    );
    assert_eq!(
        refused(&bot, "setMyCommands", set("start", &"d".repeat(257)), 400).await,
        "Bad Request: command description length must not exceed 256"
    );
    let bad_language = json!({ "commands": [], "language_code": "rus" });
    assert_eq!(
        refused(&bot, "setMyCommands", bad_language, 400).await,
        "Bad Request: invalid language code specified"
    );
    assert!(bot.commands("").is_empty());
}

#[tokio::test]
async fn the_menu_button_opens_the_mini_app() {
    let bot = FakeBot::start(TOKEN).await;
    assert_eq!(bot.menu_button(), None);
    assert_eq!(
        result(&bot, "getChatMenuButton", json!({})).await,
        json!({ "type": "commands" })
    );
    let button =
        json!({ "type": "web_app", "text": "Open", "web_app": { "url": "https://app.test/" } });
    result(&bot, "setChatMenuButton", json!({ "menu_button": button })).await;
    assert_eq!(bot.menu_button(), Some(button.clone()));
    assert_eq!(
        result(&bot, "getChatMenuButton", json!({ "chat_id": 7001 })).await,
        button
    );
    result(
        &bot,
        "setChatMenuButton",
        json!({ "chat_id": 7001, "menu_button": { "type": "commands" } }),
    )
    .await;
    assert_eq!(
        result(&bot, "getChatMenuButton", json!({ "chat_id": 7001 })).await,
        json!({ "type": "commands" })
    );
    assert_eq!(
        result(&bot, "getChatMenuButton", json!({ "chat_id": 7002 })).await,
        button
    );
    let no_url = json!({ "menu_button": { "type": "web_app", "text": "Open" } });
    assert!(refused(&bot, "setChatMenuButton", no_url, 400)
        .await
        .starts_with("Bad Request: can't parse menu button"));
}
