//! A local Telegram Bot API for tests and the dev platform: `POST /bot<token>/<method>` (or `GET`,
//! with JSON, form or query parameters), answering `{ok, result}` or
//! `{ok: false, error_code, description, parameters}` as Telegram does. It knows one group chat,
//! records every call and can be told to answer the next calls with 429 `retry_after`, fail, or
//! stall (hold the request without answering). A message counts as delivered only when its answer
//! was sent: a request abandoned by its client while stalled delivers nothing. Like Telegram, it
//! refuses `web_app` buttons outside private chats (`BUTTON_TYPE_INVALID`), malformed inline
//! keyboards, text that does not parse in its `parse_mode`, and messages to users who blocked the
//! bot. Chats have members with statuses (`getMe`, `getChat`, `getChatMember`,
//! `getChatAdministrators` answer as the Bot API does), and invite links are made only where the
//! bot is an admin allowed to invite.
//!
//! Users "speak" to the bot through a queue of updates (`push_update`, `user_says`, or
//! `POST /updates` for scripts), which the bot reads by `getUpdates` long polling or receives on
//! its webhook. Bot setup (`setMyCommands`, `setChatMenuButton`, `setWebhook`) is kept and read
//! back by the same methods as on Telegram.
mod chats;
mod http;
mod keyboard;
mod markup;
mod messages;
mod setup;
mod updates;
mod users;
mod webhook;

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use tokio::sync::watch;

pub use chats::{Status, CHAT};

#[derive(Clone)]
pub struct FakeBot {
    pub url: String,
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    token: String,
    state: Mutex<BotState>,
    /// Bumped whenever updates, polls or the webhook change: long polls and the webhook sender
    /// wait on it, since neither may hold the state's lock while waiting.
    wake: watch::Sender<u64>,
    http: reqwest::Client,
}

impl Inner {
    pub(crate) fn lock(&self) -> MutexGuard<'_, BotState> {
        // A test that panicked mid-call must not take every later assertion down with it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn wake(&self) {
        self.wake.send_modify(|n| *n = n.wrapping_add(1));
    }
}

/// What the fake answers instead of the real result, once per queued entry.
#[derive(Clone, Debug)]
pub enum Scripted {
    TooManyRequests {
        retry_after: u64,
    },
    Fail {
        code: u16,
        description: &'static str,
    },
    Stall,
}

#[derive(Default)]
pub(crate) struct BotState {
    /// The bot's own user id: the number its token starts with, as on Telegram.
    pub(crate) bot_id: i64,
    pub(crate) chats: HashMap<i64, chats::Chat>,
    calls: Vec<(String, Value)>,
    script: VecDeque<Scripted>,
    /// Answers for one method only (keyed by its lower-cased name), taken before `script`.
    method_scripts: HashMap<String, VecDeque<Scripted>>,
    pub(crate) links: u64,
    /// Messages delivered (answered), as sent.
    pub(crate) delivered: Vec<Value>,
    /// sendMessage requests received, answered or not.
    received: usize,
    /// Private chats whose user blocked the bot.
    pub(crate) blocked: HashSet<i64>,
    /// The bot's messages as `Message` objects by `message_id`, kept current through edits.
    pub(crate) sent: BTreeMap<i64, Value>,
    /// Successful `editMessageText` / `editMessageReplyMarkup` calls, as sent.
    pub(crate) edits: Vec<Value>,
    /// Successful `answerCallbackQuery` calls, as sent.
    pub(crate) callback_answers: Vec<Value>,
    /// The last message id given out; users' and the bot's messages share one sequence, as in a
    /// private chat on Telegram.
    pub(crate) last_message_id: i64,
    pub(crate) updates: updates::Queue,
    pub(crate) webhook: Option<webhook::Webhook>,
    pub(crate) setup: setup::Setup,
}

impl BotState {
    pub(crate) fn next_message_id(&mut self) -> i64 {
        self.last_message_id += 1;
        self.last_message_id
    }

    fn next_scripted(&mut self, method: &str) -> Option<Scripted> {
        if let Some(answer) = self
            .method_scripts
            .get_mut(method)
            .and_then(VecDeque::pop_front)
        {
            return Some(answer);
        }
        // A long poll running beside a test must not eat the answers it scripted for sends.
        if method == "getupdates" {
            return None;
        }
        self.script.pop_front()
    }
}

impl FakeBot {
    /// A fake for the bot with `token` on a free local port.
    pub async fn start(token: &str) -> Self {
        Self::start_on("127.0.0.1:0".parse().expect("address"), token)
            .await
            .expect("bind")
    }

    /// A fake on `addr`; `GET /messages` lists what it delivered.
    pub async fn start_on(addr: SocketAddr, token: &str) -> std::io::Result<Self> {
        let bot_id = token
            .split(':')
            .next()
            .and_then(|id| id.parse().ok())
            .unwrap_or(1);
        let group = chats::Chat {
            title: "Iktomi community".into(),
            members: BTreeMap::from([(bot_id, Status::Administrator)]),
        };
        let http = reqwest::Client::builder()
            .timeout(webhook::TIMEOUT)
            .build()
            .map_err(std::io::Error::other)?;
        let inner = Arc::new(Inner {
            token: token.to_owned(),
            state: Mutex::new(BotState {
                bot_id,
                chats: HashMap::from([(CHAT, group)]),
                ..BotState::default()
            }),
            wake: watch::Sender::new(0),
            http,
        });
        let router = http::router(inner.clone());
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr: SocketAddr = listener.local_addr()?;
        tokio::spawn(async move { axum::serve(listener, router).await });
        tokio::spawn(webhook::run(inner.clone()));
        Ok(Self {
            url: format!("http://{addr}"),
            inner,
        })
    }

    /// The bot's user id.
    pub fn bot_id(&self) -> i64 {
        self.inner.lock().bot_id
    }

    /// Answers for the next calls of any method but `getUpdates`.
    pub fn script(&self, answers: impl IntoIterator<Item = Scripted>) {
        self.inner.lock().script.extend(answers);
    }

    /// Answers for the next calls of `method` only (e.g. "getUpdates"), taken before
    /// [`FakeBot::script`]'s.
    pub fn script_method(&self, method: &str, answers: impl IntoIterator<Item = Scripted>) {
        self.inner
            .lock()
            .method_scripts
            .entry(method.to_ascii_lowercase())
            .or_default()
            .extend(answers);
    }

    /// Every call so far as (method, parameters).
    pub fn calls(&self) -> Vec<(String, Value)> {
        self.inner.lock().calls.clone()
    }

    pub fn delivered(&self) -> Vec<Value> {
        self.inner.lock().delivered.clone()
    }

    pub fn received(&self) -> usize {
        self.inner.lock().received
    }

    /// The bot's messages as `Message` objects (with `message_id`), as they stand after edits.
    pub fn sent(&self) -> Vec<Value> {
        self.inner.lock().sent.values().cloned().collect()
    }

    /// Successful `editMessageText` and `editMessageReplyMarkup` calls, as sent.
    pub fn edits(&self) -> Vec<Value> {
        self.inner.lock().edits.clone()
    }

    /// Successful `answerCallbackQuery` calls, as sent.
    pub fn callback_answers(&self) -> Vec<Value> {
        self.inner.lock().callback_answers.clone()
    }
}

pub(crate) fn refuse(code: u16, description: &str, parameters: Option<Value>) -> Response {
    let mut body = json!({ "ok": false, "error_code": code, "description": description });
    if let Some(p) = parameters {
        body["parameters"] = p;
    }
    (
        StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST),
        Json(body),
    )
        .into_response()
}

/// A Bot API error (code, description), for helpers whose callers may still answer otherwise.
pub(crate) struct Refusal(pub(crate) u16, pub(crate) String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        refuse(self.0, &self.1, None)
    }
}

pub(crate) fn ok(result: Value) -> Response {
    Json(json!({ "ok": true, "result": result })).into_response()
}

/// An integer parameter, sent as a JSON number or, in forms and query strings, as text.
pub(crate) fn int(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

pub(crate) fn flag(value: &Value) -> bool {
    value.as_bool().unwrap_or(false) || value.as_str() == Some("true")
}

/// An object or array parameter, which forms carry JSON-serialized as the Bot API documents.
pub(crate) fn structured(value: &Value) -> Value {
    match value.as_str() {
        Some(text) => serde_json::from_str(text).unwrap_or(Value::Null),
        None => value.clone(),
    }
}

pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// One Bot API call: recorded, then answered from the script or by the method.
pub(crate) async fn dispatch(inner: &Inner, method: &str, params: Value) -> Response {
    // Method names are case-insensitive on Telegram.
    let name = method.to_ascii_lowercase();
    let scripted = {
        let mut s = inner.lock();
        s.calls.push((method.to_owned(), params.clone()));
        if name == "sendmessage" {
            s.received += 1;
        }
        s.next_scripted(&name)
    };
    match scripted {
        Some(Scripted::TooManyRequests { retry_after }) => {
            return refuse(
                429,
                &format!("Too Many Requests: retry after {retry_after}"),
                Some(json!({ "retry_after": retry_after })),
            )
        }
        Some(Scripted::Fail { code, description }) => return refuse(code, description, None),
        // Held until the client gives up; this future is then dropped and delivers nothing.
        Some(Scripted::Stall) => tokio::time::sleep(std::time::Duration::from_secs(3600)).await,
        None => {}
    }
    if name == "getupdates" {
        return updates::get_updates(inner, &params).await;
    }
    let response = answer(&mut inner.lock(), &name, &params);
    if matches!(name.as_str(), "setwebhook" | "deletewebhook") {
        inner.wake();
    }
    response
}

/// The methods answered at once, under the state's lock.
fn answer(state: &mut BotState, method: &str, params: &Value) -> Response {
    match method {
        "sendmessage" => messages::send(state, params),
        "editmessagetext" => messages::edit_text(state, params),
        "editmessagereplymarkup" => messages::edit_reply_markup(state, params),
        "answercallbackquery" => messages::answer_callback_query(state, params),
        "getme" => ok(
            json!({ "id": state.bot_id, "is_bot": true, "first_name": "Iktomi",
            "username": "iktomi_test_bot", "can_join_groups": true }),
        ),
        "getchat" | "getchatmember" | "getchatadministrators" => {
            chats::chat_query(state, method, params)
        }
        "createchatinvitelink" => chats::create_invite_link(state, params),
        "setwebhook" => webhook::set(state, params),
        "deletewebhook" => webhook::delete(state, params),
        "getwebhookinfo" => webhook::info(state),
        "setmycommands" => setup::set_commands(state, params),
        "getmycommands" => setup::get_commands(state, params),
        "deletemycommands" => setup::delete_commands(state, params),
        "setchatmenubutton" => setup::set_menu_button(state, params),
        "getchatmenubutton" => setup::get_menu_button(state, params),
        _ => refuse(404, "Not Found: method not found", None),
    }
}
