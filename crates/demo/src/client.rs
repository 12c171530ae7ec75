//! A small client of the Iktomi API that signs in the way a wallet app does and fails loudly on
//! any unexpected answer. Demo people have deterministic dev keys (`//IktomiDemo//<name>`), and
//! every transaction carries a fixed Idempotency-Key, so a second run replays instead of issuing
//! again.
use std::time::Duration;

use anyhow::{bail, Context};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
use sp_core::{sr25519, Pair};

pub struct Api {
    http: reqwest::Client,
    base: String,
}

/// A signed-in demo person.
pub struct Person {
    pub token: String,
    pub handle: String,
}

impl Api {
    pub fn new(base: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a request; answers (status, body) and fails on statuses outside `ok`.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        key: Option<&str>,
        body: Option<Value>,
        ok: &[StatusCode],
    ) -> anyhow::Result<(StatusCode, Value)> {
        let mut request = self.http.request(method.clone(), self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        // Chain writes answer when final if that comes within the wait (RFC 7240), else 202.
        let response = request
            .header("prefer", "wait=20")
            .send()
            .await
            .with_context(|| format!("{method} {path}"))?;
        let status = response.status();
        let text = response.text().await?;
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        let (status, body) = if status == StatusCode::ACCEPTED {
            self.settled(token, &body).await?
        } else {
            (status, body)
        };
        if !status.is_success() && !ok.contains(&status) {
            bail!("{method} {path} answered {status}: {body}");
        }
        Ok((status, body))
    }

    /// Polls an accepted operation until it is final: its answer, or its problem.
    async fn settled(
        &self,
        token: Option<&str>,
        operation: &Value,
    ) -> anyhow::Result<(StatusCode, Value)> {
        let id = operation["id"]
            .as_str()
            .context("a 202 without an operation id")?;
        loop {
            let mut request = self.http.get(self.url(&format!("/v1/operations/{id}")));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let operation: Value = request.send().await?.error_for_status()?.json().await?;
            match operation["status"].as_str() {
                Some("finalized") => {
                    let status = operation["result_status"].as_u64().unwrap_or(200) as u16;
                    return Ok((StatusCode::from_u16(status)?, operation["result"].clone()));
                }
                Some("failed") => {
                    let problem = operation["problem"].clone();
                    let status = problem["status"].as_u64().unwrap_or(502) as u16;
                    return Ok((StatusCode::from_u16(status)?, problem));
                }
                _ => tokio::time::sleep(Duration::from_millis(500)).await,
            }
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> anyhow::Result<Value> {
        Ok(self
            .call(Method::GET, path, token, None, None, &[])
            .await?
            .1)
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> anyhow::Result<Value> {
        Ok(self
            .call(Method::POST, path, Some(token), None, Some(body), &[])
            .await?
            .1)
    }

    /// A transaction-submitting POST.
    pub async fn submit(
        &self,
        who: &Person,
        path: &str,
        key: &str,
        body: Value,
    ) -> anyhow::Result<Value> {
        Ok(self
            .call(
                Method::POST,
                path,
                Some(&who.token),
                Some(key),
                Some(body),
                &[],
            )
            .await?
            .1)
    }

    /// Signs in with the wallet at `suri` and sets the profile.
    pub async fn person(
        &self,
        suri: &str,
        handle: &str,
        name: &str,
        headline: &str,
    ) -> anyhow::Result<Person> {
        let pair =
            sr25519::Pair::from_string(suri, None).map_err(|e| anyhow::anyhow!("{suri}: {e:?}"))?;
        let address = pair
            .public()
            .to_ss58check_with_version(Ss58AddressFormat::custom(42));
        let (_, challenge) = self
            .call(
                Method::POST,
                "/v1/auth/wallet/challenge",
                None,
                None,
                Some(json!({ "address": address })),
                &[],
            )
            .await?;
        let message = challenge["message"].as_str().context("challenge message")?;
        let signature = format!("0x{}", hex::encode(pair.sign(message.as_bytes()).0));
        let (_, session) = self
            .call(Method::POST, "/v1/auth/wallet", None, None,
                  Some(json!({ "address": address, "nonce": challenge["nonce"], "signature": signature })), &[])
            .await?;
        let token = session["token"]
            .as_str()
            .context("session token")?
            .to_owned();
        if !handle.is_empty() {
            self.call(
                Method::PUT,
                "/v1/me/profile",
                Some(&token),
                None,
                Some(json!({ "handle": handle, "display_name": name, "headline": headline })),
                &[],
            )
            .await?;
        }
        Ok(Person {
            token,
            handle: handle.to_owned(),
        })
    }

    /// Polls `path` until `done` holds (the indexer mirrors finalized blocks a few seconds later).
    pub async fn until(&self, path: &str, done: impl Fn(&Value) -> bool) -> anyhow::Result<Value> {
        let mut last = Value::Null;
        for _ in 0..120 {
            if let Ok(value) = self.get(path, None).await {
                if done(&value) {
                    return Ok(value);
                }
                last = value;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        bail!("{path} did not reach the expected state; last: {last}")
    }
}
