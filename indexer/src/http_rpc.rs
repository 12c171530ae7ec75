//! The node's JSON-RPC over HTTP, as a subxt RPC client: every call a request of its own on a
//! pool of keep-alive connections.
//!
//! Why not the WebSocket: substrate's RPC server before polkadot-sdk PR #12797 (so
//! substrate-contracts-node 0.42) leaves Nagle's algorithm on its sockets. A WebSocket frame is
//! written as more than one piece, and calls pipelined on one connection queue small writes
//! behind unacknowledged ones, so answers wait for the client's delayed ACK (tens of ms) while
//! both machines idle. Over HTTP each connection carries one call at a time and the next
//! request carries the ACK of the last answer, so nothing waits. Measured on the dev node:
//! `iktomi-indexer bench` prints raw subxt over one WebSocket beside this.
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::Deserialize;
use subxt::rpcs::client::{RawRpcFuture, RawRpcSubscription, RawValue, RpcClientT};
use subxt::rpcs::{Error, UserError};

pub struct HttpRpc {
    client: reqwest::Client,
    url: String,
    next_id: AtomicU64,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Failure(String);

fn failure(e: impl std::fmt::Display) -> Error {
    Error::Client(Box::new(Failure(e.to_string())))
}

#[derive(Deserialize)]
struct Answer<'a> {
    #[serde(borrow)]
    result: Option<&'a RawValue>,
    error: Option<CallError>,
}

#[derive(Deserialize)]
struct CallError {
    code: i32,
    message: String,
    data: Option<Box<RawValue>>,
}

impl HttpRpc {
    /// The node's RPC address as configured (`ws://`, `wss://`, `http://` or `https://`):
    /// substrate serves HTTP on the WebSocket's port. `timeout` bounds each call.
    pub fn new(url: &str, timeout: Duration) -> Result<Self, Error> {
        let url = if let Some(rest) = url.strip_prefix("ws://") {
            format!("http://{rest}")
        } else if let Some(rest) = url.strip_prefix("wss://") {
            format!("https://{rest}")
        } else {
            url.to_owned()
        };
        let client = reqwest::Client::builder()
            .tcp_nodelay(true)
            .timeout(timeout)
            .build()
            .map_err(failure)?;
        Ok(Self {
            client,
            url,
            next_id: AtomicU64::new(1),
        })
    }

    async fn call(
        &self,
        method: &str,
        params: Option<Box<RawValue>>,
    ) -> Result<Box<RawValue>, Error> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let method = serde_json::to_string(method).map_err(Error::Serialization)?;
        let params = params.as_deref().map_or("[]", RawValue::get);
        let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":{method},"params":{params}}}"#);
        let response = self
            .client
            .post(&self.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(failure)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(failure)?;
        let answer: Answer<'_> = serde_json::from_slice(&bytes).map_err(|e| {
            if status.is_success() {
                Error::Deserialization(e)
            } else {
                failure(format!("the node answered HTTP {status}"))
            }
        })?;
        match (answer.result, answer.error) {
            (_, Some(e)) => Err(Error::User(UserError {
                code: e.code,
                message: e.message,
                data: e.data,
            })),
            (Some(result), None) => Ok(result.to_owned()),
            (None, None) => Err(failure(
                "the node's answer has neither a result nor an error",
            )),
        }
    }
}

impl RpcClientT for HttpRpc {
    fn request_raw<'a>(
        &'a self,
        method: &'a str,
        params: Option<Box<RawValue>>,
    ) -> RawRpcFuture<'a, Box<RawValue>> {
        Box::pin(self.call(method, params))
    }

    fn subscribe_raw<'a>(
        &'a self,
        sub: &'a str,
        _params: Option<Box<RawValue>>,
        _unsub: &'a str,
    ) -> RawRpcFuture<'a, RawRpcSubscription> {
        Box::pin(async move {
            Err(failure(format!(
                "{sub}: subscriptions need a WebSocket; the indexer polls"
            )))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A node stand-in that answers every request with `status` and `body`; its `ws://` URL.
    async fn node_answering(status: &'static str, body: &'static str) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("ws://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut request = vec![0; 4096];
                let _ = socket.read(&mut request).await;
                let response = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            }
        });
        url
    }

    async fn call(url: &str) -> Result<Box<RawValue>, Error> {
        HttpRpc::new(url, Duration::from_secs(5))
            .unwrap()
            .request_raw("chain_getBlockHash", None)
            .await
    }

    #[tokio::test]
    async fn a_result_comes_back_as_sent() {
        let url = node_answering(
            "200 OK",
            r#"{"jsonrpc":"2.0","id":1,"result":["0x01",null]}"#,
        )
        .await;
        assert_eq!(call(&url).await.unwrap().get(), r#"["0x01",null]"#);
    }

    #[tokio::test]
    async fn a_call_error_is_the_users_with_its_code_and_message() {
        let url = node_answering(
            "200 OK",
            r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}"#,
        )
        .await;
        match call(&url).await {
            Err(Error::User(e)) => {
                assert_eq!((e.code, e.message.as_str()), (-32601, "Method not found"))
            }
            other => panic!("expected a user error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_proxy_page_is_a_client_error_naming_the_status() {
        let url = node_answering("503 Service Unavailable", "<html>down</html>").await;
        match call(&url).await {
            Err(Error::Client(e)) => assert!(e.to_string().contains("HTTP 503"), "{e}"),
            other => panic!("expected a client error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn an_absent_node_fails_the_call_without_waiting_out_the_timeout() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let started = std::time::Instant::now();
        assert!(matches!(
            call(&format!("ws://127.0.0.1:{port}")).await,
            Err(Error::Client(_))
        ));
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
