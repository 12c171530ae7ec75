//! A local SMTP server (RFC 5321, no TLS) for tests and the dev platform: it catches the e-mails
//! the API sends through `lettre` to `smtp://127.0.0.1:<port>`. It greets, answers EHLO with
//! `PIPELINING`, `8BITMIME`, `SMTPUTF8`, `SIZE` and `AUTH PLAIN LOGIN`, takes AUTH (required, and
//! checked, only when started with credentials), MAIL, RCPT, DATA (dot-unstuffed), RSET, NOOP,
//! VRFY and QUIT, and answers what is out of order with 503 as a real server would. Each message
//! is kept with its envelope, raw text, decoded subject, headers and text/HTML bodies; it can be
//! told to fail the next RCPT or the next message once with a 4xx or 5xx, for retry tests.
mod auth;
mod command;
mod decode;
mod http;
mod line;
mod parse;
mod reply;
mod session;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use reply::Reply;

/// The largest message accepted, as advertised by EHLO's `SIZE`.
pub const MAX_MESSAGE_SIZE: usize = 10 * 1024 * 1024;

/// One message the fake accepted.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Mail {
    /// The envelope sender (`MAIL FROM`), empty for the null sender `<>`.
    pub from: String,
    /// The envelope recipients (`RCPT TO`) that were accepted, in order.
    pub to: Vec<String>,
    /// The message as received, dot-unstuffed, lines ending in CRLF.
    pub raw: String,
    /// The `Subject` header with RFC 2047 encoded-words decoded.
    pub subject: String,
    /// The first text/plain part that is not an attachment, decoded, lines ending in `\n`. In a
    /// message of one part it ends with the line break that ended the message's last line.
    pub text: Option<String>,
    /// The first text/html part that is not an attachment, decoded, lines ending in `\n`.
    pub html: Option<String>,
    /// The top-level headers in order, unfolded, values with encoded-words decoded.
    pub headers: Vec<(String, String)>,
}

impl Mail {
    /// The first top-level header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A running fake. Clones share it; it serves until the runtime that started it shuts down.
#[derive(Clone)]
pub struct FakeSmtp {
    addr: SocketAddr,
    inner: Arc<Inner>,
}

/// Where a scripted failure is answered.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Rcpt,
    Data,
}

pub(crate) struct Inner {
    /// When set, AUTH must give exactly these and MAIL is refused until it has.
    pub(crate) credentials: Option<(String, String)>,
    state: Mutex<State>,
    /// The number of messages held, for [`FakeSmtp::wait_for`].
    count: watch::Sender<usize>,
}

#[derive(Default)]
struct State {
    messages: Vec<Mail>,
    failures: VecDeque<(Stage, Reply)>,
    queued: u64,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked mid-call must not take every later assertion down with it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The failure scripted for `stage`, if any, taken so that it answers once.
    pub(crate) fn take_failure(&self, stage: Stage) -> Option<Reply> {
        let mut state = self.lock();
        let index = state.failures.iter().position(|(s, _)| *s == stage)?;
        state.failures.remove(index).map(|(_, reply)| reply)
    }

    /// Keeps an accepted message; its queue id.
    pub(crate) fn deliver(&self, mail: Mail) -> u64 {
        tracing::info!(
            from = %mail.from,
            to = ?mail.to,
            subject = %mail.subject,
            "message received"
        );
        let mut state = self.lock();
        state.queued += 1;
        state.messages.push(mail);
        self.count.send_replace(state.messages.len());
        state.queued
    }
}

impl FakeSmtp {
    /// A fake on a free local port, taking any AUTH or none.
    pub async fn start() -> Self {
        Self::start_on("127.0.0.1:0".parse().expect("address"), None)
            .await
            .expect("bind")
    }

    /// A fake on `addr`. With `credentials` (user, password), clients must AUTH with exactly
    /// those before MAIL; without, any AUTH succeeds and none is needed.
    pub async fn start_on(
        addr: SocketAddr,
        credentials: Option<(&str, &str)>,
    ) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let inner = Arc::new(Inner {
            credentials: credentials.map(|(u, p)| (u.to_owned(), p.to_owned())),
            state: Mutex::new(State::default()),
            count: watch::Sender::new(0),
        });
        tokio::spawn(session::accept(listener, inner.clone()));
        Ok(Self { addr, inner })
    }

    /// Serves `GET /messages` (and `DELETE /messages`) on `addr`; the address it bound.
    pub async fn serve_http(&self, addr: SocketAddr) -> std::io::Result<SocketAddr> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let bound = listener.local_addr()?;
        let router = http::router(self.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        Ok(bound)
    }

    /// `smtp://127.0.0.1:<port>`, as `lettre`'s `AsyncSmtpTransport::from_url` takes it.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every message accepted so far, oldest first.
    pub fn messages(&self) -> Vec<Mail> {
        self.inner.lock().messages.clone()
    }

    /// Forgets the messages accepted so far.
    pub fn clear(&self) {
        let mut state = self.inner.lock();
        state.messages.clear();
        self.inner.count.send_replace(0);
    }

    /// The messages once at least `n` are held, or whatever is held when `timeout` runs out
    /// (the caller asserts on what it got).
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Mail> {
        let mut count = self.inner.count.subscribe();
        let _ = tokio::time::timeout(timeout, count.wait_for(|held| *held >= n)).await;
        self.messages()
    }

    /// Makes the next `RCPT TO` answer `code text` once (e.g. `451`, `"4.3.0 Try again later"`)
    /// instead of accepting the recipient. `code` must be a 4xx (transient) or 5xx (permanent)
    /// SMTP reply code.
    pub fn script_failure(&self, code: u16, text: &str) {
        self.script(Stage::Rcpt, code, text);
    }

    /// Makes the next message answer `code text` once at the end of its DATA, after the whole
    /// message was sent, instead of accepting it.
    pub fn script_data_failure(&self, code: u16, text: &str) {
        self.script(Stage::Data, code, text);
    }

    fn script(&self, stage: Stage, code: u16, text: &str) {
        // lettre parses the second digit as 0-5; anything else would fail for the wrong reason.
        assert!(
            matches!(code / 100, 4 | 5) && (code / 10) % 10 <= 5,
            "a failure must be a 4xx or 5xx SMTP reply code, not {code}"
        );
        let text = text.replace(['\r', '\n'], " ");
        self.inner
            .lock()
            .failures
            .push_back((stage, Reply::new(code, text)));
    }
}
