//! What each route records. The audit log keeps answers, and some answers carry secrets (a
//! session token, an exported seed, a sign-in nonce): a route that answers one declares the
//! fields it records (`Record::Only`), and every recorded answer is also scrubbed of keys that
//! name a secret, wherever they are, so a new route that forgets to declare still leaks nothing.
//! `migrations/20261201000010_audit_redact_rechain.sql` applies the same rules to old rows.
use serde_json::{Map, Value};

/// What a route's answer leaves in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// The answer, scrubbed of secret keys.
    Answer,
    /// Only these top-level fields of the answer (then scrubbed too).
    Only(&'static [&'static str]),
    /// Nothing: the route reads, though by POST (it takes a body a GET cannot).
    NotAWrite,
}

const SIGNED_IN: Record = Record::Only(&["account_id", "handle", "created", "expires_at"]);
const EXPORTED: Record = Record::Only(&["address"]);

/// Each route that answers a secret, or does not write, by its method and route template.
const ROUTES: &[(&str, Record)] = &[
    ("POST /v1/auth/telegram", SIGNED_IN),
    ("POST /v1/auth/wallet", SIGNED_IN),
    ("POST /v1/auth/vk/callback", SIGNED_IN),
    // The challenge's nonce and message, and VK's `state`, are what a sign-in proves.
    (
        "POST /v1/auth/wallet/challenge",
        Record::Only(&["expires_at"]),
    ),
    ("POST /v1/auth/vk/start", Record::Only(&[])),
    ("POST /v1/me/wallets/{address}/export", EXPORTED),
    (
        "POST /v1/organizations/{id}/wallets/{address}/export",
        EXPORTED,
    ),
    ("POST /v1/verify", Record::NotAWrite),
    (
        "POST /v1/organizations/{id}/certificates/batch/preview",
        Record::NotAWrite,
    ),
    ("POST /v1/recommendations/message", Record::NotAWrite),
    // Anyone on Telegram can write to the bot: its updates are not entries of their own (the
    // rows they change are chained by the sweeper), or the audit group would be theirs to flood.
    ("POST /telegram/webhook", Record::NotAWrite),
];

/// Keys that name a secret, compared lowercase without `_` (matching `iktomi_audit_scrub`).
const SECRET_KEYS: &[&str] = &[
    "token",
    "sessiontoken",
    "accesstoken",
    "refreshtoken",
    "seed",
    "mnemonic",
    "secret",
    "nonce",
    "initdata",
    "password",
    "privatekey",
];

pub fn of(action: &str) -> Record {
    ROUTES
        .iter()
        .find(|(route, _)| *route == action)
        .map_or(Record::Answer, |(_, record)| *record)
}

/// What `action`'s answer `value` leaves in the log.
pub fn redact(action: &str, value: Value) -> Value {
    let kept = match (of(action), value) {
        (Record::Only(fields), Value::Object(map)) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| fields.contains(&k.as_str()))
                .collect(),
        ),
        (_, value) => value,
    };
    scrub(kept)
}

fn scrub(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = if is_secret(&k) {
                        Value::from("[redacted]")
                    } else {
                        scrub(v)
                    };
                    (k, v)
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(scrub).collect()),
        other => other,
    }
}

fn is_secret(key: &str) -> bool {
    let key = key.replace('_', "").to_lowercase();
    SECRET_KEYS.contains(&key.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_sign_in_keeps_whose_session_not_its_token() {
        let answer = json!({"token": "t0k", "account_id": "a", "handle": "h", "created": false,
                            "expires_at": "2026-12-01T00:00:00Z"});
        let kept = redact("POST /v1/auth/wallet", answer);
        assert_eq!(kept.get("token"), None);
        assert_eq!(kept["account_id"], "a");
    }

    #[test]
    fn secrets_nested_in_an_undeclared_route_are_scrubbed() {
        let answer = json!({"items": [{"Seed": "0xabc", "name": "w"}], "nonce": 7});
        let kept = redact("POST /v1/some/new/route", answer);
        assert_eq!(
            kept,
            json!({"items": [{"Seed": "[redacted]", "name": "w"}], "nonce": "[redacted]"})
        );
    }
}
