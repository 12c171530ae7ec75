//! The chats the fake knows, their members, and the methods that ask about them: `getChat`,
//! `getChatMember`, `getChatAdministrators`, `createChatInviteLink`.
use std::collections::BTreeMap;

use axum::response::Response;
use serde_json::{json, Value};

use crate::{int, ok, refuse, BotState, FakeBot};

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
pub(crate) struct Chat {
    pub(crate) title: String,
    pub(crate) members: BTreeMap<i64, Status>,
}

impl FakeBot {
    /// A supergroup titled `title` where the bot has `bot` standing.
    pub fn add_chat(&self, chat: i64, title: &str, bot: Status) {
        let mut state = self.inner.lock();
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
        let mut state = self.inner.lock();
        if let Some(c) = state.chats.get_mut(&chat) {
            c.members.insert(user, status);
        }
    }

    /// The user of private chat `chat_id` blocks the bot: sending there answers 403 until
    /// [`FakeBot::unblock`].
    pub fn block(&self, chat_id: i64) {
        self.inner.lock().blocked.insert(chat_id);
    }

    pub fn unblock(&self, chat_id: i64) {
        self.inner.lock().blocked.remove(&chat_id);
    }
}

pub(crate) fn user(id: i64, bot_id: i64) -> Value {
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
pub(crate) fn chat_query(state: &BotState, method: &str, params: &Value) -> Response {
    let Some((id, chat)) =
        int(&params["chat_id"]).and_then(|id| state.chats.get(&id).map(|c| (id, c)))
    else {
        return refuse(400, "Bad Request: chat not found", None);
    };
    match method {
        "getchat" => ok(json!({ "id": id, "type": "supergroup", "title": chat.title,
            "accent_color_id": 0, "max_reaction_count": 11 })),
        "getchatmember" => {
            let Some(user) = int(&params["user_id"]) else {
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

/// Made only where the bot is an admin allowed to invite, as on Telegram.
pub(crate) fn create_invite_link(state: &mut BotState, params: &Value) -> Response {
    let chat = int(&params["chat_id"]).and_then(|id| state.chats.get(&id));
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
    let limit = int(&params["member_limit"]).unwrap_or(0);
    if params.get("member_limit").is_some() && !(1..=99_999).contains(&limit) {
        return refuse(
            400,
            "Bad Request: member limit must be between 1 and 99999",
            None,
        );
    }
    state.links += 1;
    ok(json!({
        "invite_link": format!("https://t.me/+fakeInvite{:08}", state.links),
        "creator": { "id": 7_342_037_359i64, "is_bot": true, "first_name": "Iktomi" },
        "creates_join_request": false, "is_primary": false, "is_revoked": false,
        "name": params["name"], "member_limit": params["member_limit"] }))
}
