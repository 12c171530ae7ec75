//! The fake against an HTTP client, as a bot would call it.
mod messages;
mod setup;
mod updates;
mod webhook;

use iktomi_telegram_fake::FakeBot;
use serde_json::Value;

pub const TOKEN: &str = "123456:test-token";

/// Calls `method` with JSON `params`: the HTTP status and the answer.
pub async fn call(bot: &FakeBot, method: &str, params: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/bot{TOKEN}/{method}", bot.url))
        .json(&params)
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

/// The `result` of a call that must succeed.
pub async fn result(bot: &FakeBot, method: &str, params: Value) -> Value {
    let (status, body) = call(bot, method, params).await;
    assert_eq!(status, 200, "{method}: {body}");
    assert_eq!(body["ok"], true);
    body["result"].clone()
}

/// The `description` of a call that must fail with `code`.
pub async fn refused(bot: &FakeBot, method: &str, params: Value, code: u16) -> String {
    let (status, body) = call(bot, method, params).await;
    assert_eq!(status, code, "{method}: {body}");
    assert_eq!(body["ok"], false);
    assert_eq!(body["error_code"], code);
    body["description"]
        .as_str()
        .expect("description")
        .to_owned()
}
