//! What users send the bot: a queue of `Update` objects, read by `getUpdates` (long polling,
//! confirmation by `offset`, one poller at a time) or pushed to the webhook (see `webhook.rs`).
//! `users.rs` makes the updates.
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use axum::response::Response;
use serde_json::{json, Value};

use crate::{int, ok, refuse, structured, Inner};

/// Telegram's ceiling on a long poll's `timeout`.
const MAX_POLL: i64 = 50;

/// Update types a bot gets when it names none: all but these, as on Telegram.
const OPT_IN: [&str; 3] = ["chat_member", "message_reaction", "message_reaction_count"];

pub(crate) struct Queue {
    next_id: i64,
    /// Unconfirmed updates in `update_id` order.
    pub(crate) pending: Vec<Pending>,
    /// Every update pushed, for `redeliver`.
    history: BTreeMap<i64, Value>,
    /// The types the bot asked for, kept between calls as Telegram keeps them.
    allowed: Option<Vec<String>>,
    polls: u64,
    /// The long poll now waiting; an earlier one finding itself replaced answers 409.
    active_poll: Option<u64>,
    pub(crate) conflicts: usize,
    /// Callback query ids pushed, and whether the bot answered them.
    pub(crate) callbacks: HashMap<String, bool>,
    callback_seq: u64,
}

impl Default for Queue {
    fn default() -> Self {
        Self {
            next_id: 1,
            pending: Vec::new(),
            history: BTreeMap::new(),
            allowed: None,
            polls: 0,
            active_poll: None,
            conflicts: 0,
            callbacks: HashMap::new(),
            callback_seq: 0,
        }
    }
}

pub(crate) struct Pending {
    id: i64,
    pub(crate) update: Value,
    /// A redelivered copy not yet handed out: the bot's offset may already be past its id.
    copy: bool,
}

/// The update's type: its one field besides `update_id`.
pub(crate) fn kind(update: &Value) -> &str {
    update
        .as_object()
        .and_then(|o| o.keys().find(|k| *k != "update_id"))
        .map_or("", String::as_str)
}

impl Queue {
    pub(crate) fn push(&mut self, mut update: Value) -> i64 {
        let id = match int(&update["update_id"]) {
            Some(id) => id,
            None => {
                let id = self.next_id;
                update["update_id"] = json!(id);
                id
            }
        };
        self.next_id = self.next_id.max(id + 1);
        if let Some(query) = update["callback_query"]["id"].as_str() {
            self.callbacks.entry(query.to_owned()).or_insert(false);
        }
        self.history.insert(id, update.clone());
        self.insert(Pending {
            id,
            update,
            copy: false,
        });
        id
    }

    fn insert(&mut self, pending: Pending) {
        let at = self.pending.partition_point(|p| p.id <= pending.id);
        self.pending.insert(at, pending);
    }

    /// Update `id` as pushed, or null.
    pub(crate) fn get(&self, id: i64) -> &Value {
        self.history.get(&id).unwrap_or(&Value::Null)
    }

    pub(crate) fn redeliver(&mut self, id: i64) -> bool {
        let Some(update) = self.history.get(&id).cloned() else {
            return false;
        };
        self.insert(Pending {
            id,
            update,
            copy: true,
        });
        true
    }

    /// `getUpdates`' `offset`: updates below it are confirmed; a negative one keeps only the
    /// last `-offset`.
    fn confirm(&mut self, offset: i64) {
        if offset < 0 {
            let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
            let drop = self.pending.len().saturating_sub(keep);
            self.pending.drain(..drop);
        } else {
            self.pending.retain(|p| p.id >= offset || p.copy);
        }
    }

    fn allows(&self, update: &Value) -> bool {
        let kind = kind(update);
        match &self.allowed {
            Some(allowed) if !allowed.is_empty() => allowed.iter().any(|a| a == kind),
            _ => !OPT_IN.contains(&kind),
        }
    }

    /// Drops what the bot did not ask for, as Telegram never queues it.
    fn drop_unwanted(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        self.pending = pending
            .into_iter()
            .filter(|p| self.allows(&p.update))
            .collect();
    }

    fn take(&mut self, limit: usize) -> Vec<Value> {
        self.drop_unwanted();
        self.pending
            .iter_mut()
            .take(limit)
            .map(|p| {
                p.copy = false;
                p.update.clone()
            })
            .collect()
    }

    pub(crate) fn set_allowed(&mut self, value: &Value) {
        if let Value::Array(types) = structured(value) {
            self.allowed = Some(
                types
                    .iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect(),
            );
        }
    }

    pub(crate) fn allowed(&self) -> Option<&[String]> {
        self.allowed.as_deref().filter(|a| !a.is_empty())
    }

    pub(crate) fn pending_count(&self) -> usize {
        self.pending
            .iter()
            .filter(|p| self.allows(&p.update))
            .count()
    }

    pub(crate) fn clear(&mut self) {
        self.pending.clear();
    }

    /// The next update for the webhook.
    pub(crate) fn next_for_webhook(&mut self) -> Option<(i64, Value)> {
        self.drop_unwanted();
        self.pending.first().map(|p| (p.id, p.update.clone()))
    }

    /// The webhook answered 2xx for update `id`.
    pub(crate) fn delivered(&mut self, id: i64) {
        if let Some(at) = self.pending.iter().position(|p| p.id == id) {
            self.pending.remove(at);
        }
    }

    pub(crate) fn next_callback_id(&mut self) -> String {
        self.callback_seq += 1;
        format!("{}", 4_000_000_000_000_000_000u64 + self.callback_seq)
    }
}

const WEBHOOK_ACTIVE: &str =
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

/// `getUpdates`: waits up to `timeout` seconds for an update at or past `offset`; a newer call
/// ends a waiting one with 409, as Telegram does when two bot instances poll.
pub(crate) async fn get_updates(inner: &Inner, params: &Value) -> Response {
    let offset = int(&params["offset"]).unwrap_or(0);
    let limit = int(&params["limit"]).unwrap_or(100).clamp(1, 100) as usize;
    let timeout = int(&params["timeout"]).unwrap_or(0).clamp(0, MAX_POLL) as u64;
    // Subscribed before looking, so an update pushed in between still wakes this poll.
    let mut wake = inner.wake.subscribe();
    let me = {
        let mut state = inner.lock();
        if state.webhook.is_some() {
            return refuse(409, WEBHOOK_ACTIVE, None);
        }
        let queue = &mut state.updates;
        if params.get("allowed_updates").is_some() {
            queue.set_allowed(&params["allowed_updates"]);
        }
        queue.confirm(offset);
        queue.polls += 1;
        queue.active_poll = Some(queue.polls);
        queue.polls
    };
    inner.wake();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    loop {
        {
            let mut state = inner.lock();
            let webhook = state.webhook.is_some();
            let queue = &mut state.updates;
            if queue.active_poll != Some(me) {
                queue.conflicts += 1;
                return refuse(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                    None,
                );
            }
            if webhook {
                queue.active_poll = None;
                return refuse(409, "Conflict: terminated by setWebhook request", None);
            }
            let updates = queue.take(limit);
            if !updates.is_empty() || tokio::time::Instant::now() >= deadline {
                queue.active_poll = None;
                return ok(Value::Array(updates));
            }
        }
        // Err: the deadline passed; the next round answers what there is.
        let _ = tokio::time::timeout_at(deadline, wake.changed()).await;
    }
}
