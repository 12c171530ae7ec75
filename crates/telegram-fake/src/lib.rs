//! A local Telegram Bot API for tests and the dev platform: `POST /bot<token>/<method>` with JSON, answering `{ok, result}` or
//! `{ok: false, error_code, description, parameters}` as Telegram does. It knows one group chat,
//! records every call and can be told to answer the next calls with 429 `retry_after`, fail, or
//! stall (hold the request without answering). A message counts as delivered only when its answer
//! was sent: a request abandoned by its client while stalled delivers nothing. Like Telegram, it
//! refuses `web_app` buttons outside private chats (`BUTTON_TYPE_INVALID`). Chats have members
//! with statuses (`getMe`, `getChat`, `getChatMember`, `getChatAdministrators` answer as the Bot
//! API does), and invite links are made only where the bot is an admin allowed to invite.
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

/// The group the bot administers.
pub const CHAT: i64 = -1_001_234_567_890;

/// A member's standing in a chat, as `ChatMember.status` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Creator,
    Administrator,
    /// An administrator without the right to invite users.
    RestrictedAdministrator,
    Member,
    Left,
}

/// A group the fake knows: its title and who is in it.
#[derive(Clone, Debug)]
struct Chat {
    title: String,
    members: BTreeMap<i64, Status>,
}

#[derive(Clone)]
pub struct FakeBot {
    pub url: String,
    inner: Arc<Mutex<BotState>>,
}

#[derive(Clone)]
struct Shared {
    token: String,
    state: Arc<Mutex<BotState>>,
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
struct BotState {
    /// The bot's own user id: the number its token starts with, as on Telegram.
    bot_id: i64,
    chats: HashMap<i64, Chat>,
    calls: Vec<(String, Value)>,
    script: VecDeque<Scripted>,
    links: u64,
    /// Messages delivered (answered), as sent.
    delivered: Vec<Value>,
    /// sendMessage requests received, answered or not.
    received: usize,
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
        let group = Chat {
            title: "Iktomi community".into(),
            members: BTreeMap::from([(bot_id, Status::Administrator)]),
        };
        let inner = Arc::new(Mutex::new(BotState {
            bot_id,
            chats: HashMap::from([(CHAT, group)]),
            ..BotState::default()
        }));
        let shared = Shared {
            token: token.to_owned(),
            state: inner.clone(),
        };
        let router = Router::new()
            .route("/{bot}/{method}", post(call))
            .route("/messages", get(messages))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr: SocketAddr = listener.local_addr()?;
        tokio::spawn(async move { axum::serve(listener, router).await });
        Ok(Self {
            url: format!("http://{addr}"),
            inner,
        })
    }

    /// The bot's user id.
    pub fn bot_id(&self) -> i64 {
        self.inner.lock().expect("lock").bot_id
    }

    /// A supergroup titled `title` where the bot has `bot` standing.
    pub fn add_chat(&self, chat: i64, title: &str, bot: Status) {
        let mut state = self.inner.lock().expect("lock");
        let members = BTreeMap::from([(state.bot_id, bot)]);
        state.chats.insert(
            chat,
            Chat {
                title: title.to_owned(),
                members,
            },
        );
    }

    /// Puts Telegram user `user` in `chat` with `status`.
    pub fn set_member(&self, chat: i64, user: i64, status: Status) {
        let mut state = self.inner.lock().expect("lock");
        if let Some(c) = state.chats.get_mut(&chat) {
            c.members.insert(user, status);
        }
    }

    pub fn script(&self, answers: impl IntoIterator<Item = Scripted>) {
        self.inner.lock().expect("lock").script.extend(answers);
    }

    /// Every call so far as (method, parameters).
    pub fn calls(&self) -> Vec<(String, Value)> {
        self.inner.lock().expect("lock").calls.clone()
    }

    pub fn delivered(&self) -> Vec<Value> {
        self.inner.lock().expect("lock").delivered.clone()
    }

    pub fn received(&self) -> usize {
        self.inner.lock().expect("lock").received
    }
}

fn refuse(code: u16, description: &str, parameters: Option<Value>) -> Response {
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

async fn messages(State(shared): State<Shared>) -> Json<Value> {
    Json(Value::Array(
        shared.state.lock().expect("lock").delivered.clone(),
    ))
}

async fn call(
    State(shared): State<Shared>,
    Path((bot, method)): Path<(String, String)>,
    Json(params): Json<Value>,
) -> Response {
    if bot != format!("bot{}", shared.token) {
        return refuse(401, "Unauthorized", None);
    }
    let state = shared.state;
    let scripted = {
        let mut s = state.lock().expect("lock");
        s.calls.push((method.clone(), params.clone()));
        if method == "sendMessage" {
            s.received += 1;
        }
        s.script.pop_front()
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
    let mut state = state.lock().expect("lock");
    match method.as_str() {
        "sendMessage" => {
            let chat = params["chat_id"].as_i64().unwrap_or(0);
            let web_app = params["reply_markup"]["inline_keyboard"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|row| row.as_array().cloned().unwrap_or_default())
                .any(|b| b.get("web_app").is_some());
            if chat < 0 && web_app {
                return refuse(400, "Bad Request: BUTTON_TYPE_INVALID", None);
            }
            if params["text"].as_str().is_none_or(str::is_empty) {
                return refuse(400, "Bad Request: message text is empty", None);
            }
            tracing::info!(
                chat,
                text = params["text"].as_str().unwrap_or_default(),
                "delivered"
            );
            state.delivered.push(params.clone());
            let id = state.delivered.len();
            Json(json!({ "ok": true, "result": {
                "message_id": id, "date": 1_800_000_000,
                "chat": { "id": chat, "type": if chat > 0 { "private" } else { "supergroup" } },
                "message_thread_id": params.get("message_thread_id"),
                "text": params["text"] } }))
            .into_response()
        }
        "getMe" => ok(
            json!({ "id": state.bot_id, "is_bot": true, "first_name": "Iktomi",
            "username": "iktomi_test_bot", "can_join_groups": true }),
        ),
        "getChat" | "getChatMember" | "getChatAdministrators" => {
            chat_query(&state, &method, &params)
        }
        "createChatInviteLink" => {
            let chat = params["chat_id"]
                .as_i64()
                .and_then(|id| state.chats.get(&id));
            let Some(chat) = chat else {
                return refuse(400, "Bad Request: chat not found", None);
            };
            if chat.members.get(&state.bot_id) != Some(&Status::Administrator) {
                return refuse(
                    400,
                    "Bad Request: not enough rights to manage chat invite links",
                    None,
                );
            }
            let limit = params["member_limit"].as_i64().unwrap_or(0);
            if params.get("member_limit").is_some() && !(1..=99_999).contains(&limit) {
                return refuse(
                    400,
                    "Bad Request: member limit must be between 1 and 99999",
                    None,
                );
            }
            state.links += 1;
            Json(json!({ "ok": true, "result": {
                "invite_link": format!("https://t.me/+fakeInvite{:08}", state.links),
                "creator": { "id": 7_342_037_359i64, "is_bot": true, "first_name": "Iktomi" },
                "creates_join_request": false, "is_primary": false, "is_revoked": false,
                "name": params["name"], "member_limit": params["member_limit"] } }))
            .into_response()
        }
        _ => refuse(404, "Not Found: method not found", None),
    }
}

fn ok(result: Value) -> Response {
    Json(json!({ "ok": true, "result": result })).into_response()
}

fn user(id: i64, bot_id: i64) -> Value {
    if id == bot_id {
        json!({ "id": id, "is_bot": true, "first_name": "Iktomi", "username": "iktomi_test_bot" })
    } else {
        json!({ "id": id, "is_bot": false, "first_name": format!("User {id}") })
    }
}

/// A `ChatMember` object as the Bot API shapes each status.
fn member(id: i64, status: Status, bot_id: i64) -> Value {
    let user = user(id, bot_id);
    let admin = |can_invite: bool| {
        json!({ "status": "administrator", "user": user, "can_be_edited": false,
            "is_anonymous": false, "can_manage_chat": true, "can_delete_messages": true,
            "can_manage_video_chats": true, "can_restrict_members": true,
            "can_promote_members": false, "can_change_info": true, "can_invite_users": can_invite,
            "can_post_stories": false, "can_edit_stories": false, "can_delete_stories": false })
    };
    match status {
        Status::Creator => json!({ "status": "creator", "user": user, "is_anonymous": false }),
        Status::Administrator => admin(true),
        Status::RestrictedAdministrator => admin(false),
        Status::Member => json!({ "status": "member", "user": user }),
        Status::Left => json!({ "status": "left", "user": user }),
    }
}

/// `getChat`, `getChatMember` and `getChatAdministrators` (which, as on Telegram, leaves bots out).
fn chat_query(state: &BotState, method: &str, params: &Value) -> Response {
    let Some((id, chat)) = params["chat_id"]
        .as_i64()
        .and_then(|id| state.chats.get(&id).map(|c| (id, c)))
    else {
        return refuse(400, "Bad Request: chat not found", None);
    };
    match method {
        "getChat" => ok(json!({ "id": id, "type": "supergroup", "title": chat.title,
            "accent_color_id": 0, "max_reaction_count": 11 })),
        "getChatMember" => {
            let Some(user) = params["user_id"].as_i64() else {
                return refuse(400, "Bad Request: invalid user_id specified", None);
            };
            let status = chat.members.get(&user).copied().unwrap_or(Status::Left);
            ok(member(user, status, state.bot_id))
        }
        _ => ok(Value::Array(
            chat.members
                .iter()
                .filter(|(user, status)| {
                    **user != state.bot_id
                        && matches!(
                            status,
                            Status::Creator
                                | Status::Administrator
                                | Status::RestrictedAdministrator
                        )
                })
                .map(|(user, status)| member(*user, *status, state.bot_id))
                .collect(),
        )),
    }
}
