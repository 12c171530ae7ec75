//! The bot's setup as users see it: its command lists (`setMyCommands`, `getMyCommands`,
//! `deleteMyCommands`) and its menu button (`setChatMenuButton`, `getChatMenuButton`).
use std::collections::{BTreeMap, HashMap};

use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::{int, ok, refuse, structured, BotState, FakeBot, Refusal};

#[derive(Default)]
pub(crate) struct Setup {
    /// Command lists by (scope, language code), "" for every language.
    commands: BTreeMap<(String, String), Vec<Value>>,
    /// The bot-wide menu button as last set.
    menu: Option<Value>,
    menu_by_chat: HashMap<i64, Value>,
}

impl FakeBot {
    /// The commands set for `language_code` ("" for all languages): those of the default scope,
    /// else of the first other scope that has some.
    pub fn commands(&self, language_code: &str) -> Vec<Value> {
        let state = self.inner.lock();
        let lists = &state.setup.commands;
        lists
            .get(&("default".to_owned(), language_code.to_owned()))
            .or_else(|| {
                lists
                    .iter()
                    .find(|((_, language), _)| language == language_code)
                    .map(|(_, list)| list)
            })
            .cloned()
            .unwrap_or_default()
    }

    /// The commands set for `scope` (a `BotCommandScope` object) and `language_code`.
    pub fn commands_in(&self, scope: &Value, language_code: &str) -> Vec<Value> {
        let Ok(scope) = scope_key(scope) else {
            return Vec::new();
        };
        let state = self.inner.lock();
        state
            .setup
            .commands
            .get(&(scope, language_code.to_owned()))
            .cloned()
            .unwrap_or_default()
    }

    /// The bot-wide menu button as last set by `setChatMenuButton` without `chat_id`.
    pub fn menu_button(&self) -> Option<Value> {
        self.inner.lock().setup.menu.clone()
    }
}

/// A scope's key, as `getMyCommands` must name the same scope to find its list.
fn scope_key(scope: &Value) -> Result<String, String> {
    let scope = structured(scope);
    if scope.is_null() {
        return Ok("default".into());
    }
    let kind = scope["type"].as_str().unwrap_or_default();
    let chat = || match &scope["chat_id"] {
        Value::Null => {
            Err("Bad Request: can't parse BotCommandScope: Empty chat_id specified".to_owned())
        }
        id => Ok(id.to_string().trim_matches('"').to_owned()),
    };
    match kind {
        "default" | "all_private_chats" | "all_group_chats" | "all_chat_administrators" => {
            Ok(kind.to_owned())
        }
        "chat" | "chat_administrators" => Ok(format!("{kind}:{}", chat()?)),
        "chat_member" => match int(&scope["user_id"]) {
            Some(user) if user > 0 => Ok(format!("{kind}:{}:{user}", chat()?)),
            _ => Err("Bad Request: can't parse BotCommandScope: Invalid user_id specified".into()),
        },
        _ => Err("Bad Request: can't parse BotCommandScope: Unsupported type specified".into()),
    }
}

/// "" or two lower-case letters, as TDLib takes a bot's language code.
fn language(params: &Value) -> Result<String, String> {
    let code = params["language_code"].as_str().unwrap_or_default();
    if code.is_empty() || (code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())) {
        Ok(code.to_owned())
    } else {
        Err("Bad Request: invalid language code specified".into())
    }
}

fn key(params: &Value) -> Result<(String, String), Refusal> {
    let scope = scope_key(&params["scope"]).map_err(|e| Refusal(400, e))?;
    let language = language(params).map_err(|e| Refusal(400, e))?;
    Ok((scope, language))
}

/// A command as Telegram stores it (trimmed, without a leading `/`) or why it is refused.
fn command(value: &Value) -> Result<Value, String> {
    let field = |name: &str| {
        value[name].as_str().map(str::trim).ok_or_else(|| {
            format!("Bad Request: can't parse BotCommand: Field \"{name}\" must be of type String")
        })
    };
    let name = field("command")?;
    let name = name.strip_prefix('/').unwrap_or(name);
    let description = field("description")?;
    if name.is_empty() {
        return Err("Bad Request: command must be non-empty".into());
    }
    if name.chars().count() > 32 {
        return Err("Bad Request: command length must not exceed 32".into());
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err("Bad Request: BOT_COMMAND_INVALID".into());
    }
    if description.is_empty() {
        return Err("Bad Request: command description must be non-empty".into());
    }
    if description.chars().count() > 256 {
        return Err("Bad Request: command description length must not exceed 256".into());
    }
    Ok(json!({ "command": name, "description": description }))
}

pub(crate) fn set_commands(state: &mut BotState, params: &Value) -> Response {
    let list = match structured(&params["commands"]) {
        Value::Array(list) => list,
        Value::Null => Vec::new(),
        _ => return refuse(400, "Bad Request: expected an Array of BotCommand", None),
    };
    if list.len() > 100 {
        return refuse(400, "Bad Request: BOT_COMMANDS_TOO_MUCH", None);
    }
    let commands = match list.iter().map(command).collect::<Result<Vec<_>, _>>() {
        Ok(commands) => commands,
        Err(e) => return refuse(400, &e, None),
    };
    let key = match key(params) {
        Ok(key) => key,
        Err(refused) => return refused.into_response(),
    };
    if commands.is_empty() {
        state.setup.commands.remove(&key);
    } else {
        state.setup.commands.insert(key, commands);
    }
    ok(json!(true))
}

pub(crate) fn get_commands(state: &BotState, params: &Value) -> Response {
    match key(params) {
        Ok(key) => ok(Value::Array(
            state.setup.commands.get(&key).cloned().unwrap_or_default(),
        )),
        Err(refused) => refused.into_response(),
    }
}

pub(crate) fn delete_commands(state: &mut BotState, params: &Value) -> Response {
    match key(params) {
        Ok(key) => {
            state.setup.commands.remove(&key);
            ok(json!(true))
        }
        Err(refused) => refused.into_response(),
    }
}

fn menu_button(value: &Value) -> Result<Value, String> {
    let button = structured(value);
    if button.is_null() {
        return Ok(json!({ "type": "default" }));
    }
    let parse_error = |why: &str| format!("Bad Request: can't parse menu button: {why}");
    match button["type"].as_str() {
        Some("default") => Ok(json!({ "type": "default" })),
        Some("commands") => Ok(json!({ "type": "commands" })),
        Some("web_app") => {
            let text = button["text"]
                .as_str()
                .filter(|t| !t.is_empty())
                .ok_or_else(|| parse_error("Field \"text\" must be of type String"))?;
            let url = button["web_app"]["url"]
                .as_str()
                .filter(|u| !u.is_empty())
                .ok_or_else(|| parse_error("Field \"url\" must be of type String"))?;
            Ok(json!({ "type": "web_app", "text": text, "web_app": { "url": url } }))
        }
        Some(_) => Err(parse_error("Unsupported type specified")),
        None => Err(parse_error("Field \"type\" must be of type String")),
    }
}

pub(crate) fn set_menu_button(state: &mut BotState, params: &Value) -> Response {
    let button = match menu_button(&params["menu_button"]) {
        Ok(button) => button,
        Err(e) => return refuse(400, &e, None),
    };
    match &params["chat_id"] {
        Value::Null => state.setup.menu = Some(button),
        chat => match int(chat) {
            Some(chat) => {
                state.setup.menu_by_chat.insert(chat, button);
            }
            None => return refuse(400, "Bad Request: chat not found", None),
        },
    }
    ok(json!(true))
}

/// A chat's own button, else the bot's, else the commands menu Telegram shows by default.
pub(crate) fn get_menu_button(state: &BotState, params: &Value) -> Response {
    let set = |button: Option<&Value>| button.filter(|b| b["type"] != "default").cloned();
    let chat = int(&params["chat_id"]).and_then(|chat| state.setup.menu_by_chat.get(&chat));
    let button = set(chat)
        .or_else(|| set(state.setup.menu.as_ref()))
        .unwrap_or_else(|| json!({ "type": "commands" }));
    ok(button)
}
