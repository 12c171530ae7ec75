//! One client's SMTP session: the command loop, the envelope of the current transaction and the
//! DATA phase.
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncWriteExt, BufReader, BufWriter};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

use crate::command::{self, Command};
use crate::line::{self, Line};
use crate::reply::Reply;
use crate::{parse, Inner, Stage, MAX_MESSAGE_SIZE};

pub(crate) const HOST: &str = "iktomi-fake-smtp";
/// RFC 5321's limit for a command line, CRLF included.
const COMMAND_LINE: usize = 512;
/// RFC 4954 lets AUTH lines (and the responses to its challenges) grow this long.
pub(crate) const AUTH_LINE: usize = 12288;
/// RFC 5321's limit for a line of message text, CRLF included.
const TEXT_LINE: usize = 1000;
const MAX_RECIPIENTS: usize = 100;
/// RFC 5321 asks servers to wait at least five minutes for a command.
const IDLE: Duration = Duration::from_secs(300);

pub(crate) async fn accept(listener: TcpListener, inner: Arc<Inner>) {
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => {
                tokio::spawn(serve(inner.clone(), stream, peer));
            }
            Err(error) => {
                // Out of file descriptors, say: retrying at once would only spin.
                tracing::warn!(%error, "accepting an SMTP connection failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

async fn serve(inner: Arc<Inner>, stream: TcpStream, peer: SocketAddr) {
    let (read, write) = stream.into_split();
    let mut session = Session {
        inner,
        reader: BufReader::new(read),
        out: BufWriter::new(write),
        hello: None,
        user: None,
        envelope: None,
    };
    match session.run().await {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => {}
        Err(error) => tracing::debug!(%peer, %error, "SMTP session ended"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hello {
    Helo,
    Ehlo,
}

pub(crate) struct Envelope {
    from: String,
    to: Vec<String>,
}

pub(crate) struct Session {
    pub(crate) inner: Arc<Inner>,
    reader: BufReader<OwnedReadHalf>,
    /// Replies wait here until the client's pipelined commands are all read (RFC 2920).
    out: BufWriter<OwnedWriteHalf>,
    pub(crate) hello: Option<Hello>,
    /// Who authenticated, once AUTH succeeded.
    pub(crate) user: Option<String>,
    /// The transaction begun by MAIL, if any.
    pub(crate) envelope: Option<Envelope>,
}

impl Session {
    async fn run(&mut self) -> io::Result<()> {
        self.send(&Reply::new(220, format!("{HOST} ESMTP ready")))
            .await?;
        loop {
            let line = match self.next_line(AUTH_LINE).await? {
                Line::Text(line) => line,
                Line::TooLong => {
                    self.send(&Reply::line_too_long()).await?;
                    continue;
                }
            };
            let line = String::from_utf8_lossy(&line);
            let is_auth = line
                .get(..5)
                .is_some_and(|verb| verb.eq_ignore_ascii_case("AUTH "));
            if line.len() + 2 > COMMAND_LINE && !is_auth {
                self.send(&Reply::line_too_long()).await?;
                continue;
            }
            let command = match command::parse(&line) {
                Ok(command) => command,
                Err(reply) => {
                    self.send(&reply).await?;
                    continue;
                }
            };
            if command == Command::Quit {
                self.send(&Reply::new(221, "2.0.0 Bye")).await?;
                return self.out.flush().await;
            }
            self.handle(command).await?;
        }
    }

    async fn handle(&mut self, command: Command) -> io::Result<()> {
        let reply = match command {
            Command::Ehlo(domain) => return self.ehlo(&domain).await,
            Command::Helo(domain) => {
                self.hello = Some(Hello::Helo);
                self.envelope = None;
                Reply::new(250, format!("{HOST} greets {domain}"))
            }
            Command::Auth { mechanism, initial } => return self.auth(&mechanism, initial).await,
            Command::Mail { path, params } => self.mail(path, &params),
            Command::Rcpt { path, params } => self.rcpt(path, &params),
            Command::Data => return self.data().await,
            Command::Rset => {
                self.envelope = None;
                Reply::ok()
            }
            Command::Noop => Reply::ok(),
            Command::Vrfy => Reply::new(
                252,
                "2.5.2 Cannot VRFY user, but will accept message and attempt delivery",
            ),
            Command::Help => Reply::new(214, "2.0.0 See RFC 5321"),
            Command::NotImplemented => Reply::new(502, "5.5.1 Command not implemented"),
            Command::Unknown | Command::Quit => Reply::new(500, "5.5.2 Command not recognized"),
        };
        self.send(&reply).await
    }

    /// EHLO starts afresh (RFC 5321 4.1.4): any transaction is dropped.
    async fn ehlo(&mut self, domain: &str) -> io::Result<()> {
        self.hello = Some(Hello::Ehlo);
        self.envelope = None;
        let greeting = format!("{HOST} greets {domain}");
        let size = format!("SIZE {MAX_MESSAGE_SIZE}");
        let lines = [
            greeting.as_str(),
            "PIPELINING",
            "8BITMIME",
            "SMTPUTF8",
            "ENHANCEDSTATUSCODES",
            size.as_str(),
            "AUTH PLAIN LOGIN",
        ];
        let last = lines.len() - 1;
        for (i, text) in lines.iter().enumerate() {
            let separator = if i == last { ' ' } else { '-' };
            self.out
                .write_all(format!("250{separator}{text}\r\n").as_bytes())
                .await?;
        }
        Ok(())
    }

    fn mail(&mut self, from: String, params: &[String]) -> Reply {
        if self.hello.is_none() {
            return Reply::out_of_order("Send EHLO or HELO first");
        }
        if self.envelope.is_some() {
            return Reply::out_of_order("Nested MAIL command");
        }
        if self.inner.credentials.is_some() && self.user.is_none() {
            return Reply::new(530, "5.7.0 Authentication required");
        }
        if !from.is_empty() && !is_address(&from) {
            return Reply::new(501, "5.1.7 Bad sender address syntax");
        }
        for param in params {
            let (key, value) = param.split_once('=').unwrap_or((param, ""));
            match key.to_ascii_uppercase().as_str() {
                "SIZE" => match value.parse::<u64>() {
                    Ok(size) if size > MAX_MESSAGE_SIZE as u64 => return too_big(),
                    Ok(_) => {}
                    Err(_) => return Reply::syntax("SIZE=<octets>"),
                },
                "BODY" if ["7BIT", "8BITMIME"].contains(&value.to_ascii_uppercase().as_str()) => {}
                "BODY" => return Reply::syntax("BODY=7BIT or BODY=8BITMIME"),
                // SMTPUTF8 (RFC 6531) and AUTH= (RFC 4954) change nothing for a sink.
                "SMTPUTF8" | "AUTH" => {}
                _ => return Reply::new(555, format!("5.5.4 Unsupported parameter {key}")),
            }
        }
        self.envelope = Some(Envelope { from, to: vec![] });
        Reply::new(250, "2.1.0 OK")
    }

    fn rcpt(&mut self, to: String, params: &[String]) -> Reply {
        let Some(envelope) = self.envelope.as_mut() else {
            return Reply::out_of_order("Need MAIL before RCPT");
        };
        if let Some(param) = params.first() {
            return Reply::new(555, format!("5.5.4 Unsupported parameter {param}"));
        }
        if !is_address(&to) && !to.eq_ignore_ascii_case("postmaster") {
            return Reply::new(501, "5.1.3 Bad recipient address syntax");
        }
        if envelope.to.len() >= MAX_RECIPIENTS {
            return Reply::new(452, "4.5.3 Too many recipients");
        }
        if let Some(failure) = self.inner.take_failure(Stage::Rcpt) {
            return failure;
        }
        envelope.to.push(to);
        Reply::new(250, "2.1.5 OK")
    }

    async fn data(&mut self) -> io::Result<()> {
        let refusal = match &self.envelope {
            None => Some(Reply::out_of_order("Need MAIL and RCPT before DATA")),
            // RFC 5321 3.3 allows 503 or 554 here; 554 says which part is missing.
            Some(envelope) if envelope.to.is_empty() => {
                Some(Reply::new(554, "5.5.1 No valid recipients"))
            }
            Some(_) => None,
        };
        if let Some(reply) = refusal {
            return self.send(&reply).await;
        }
        self.send(&Reply::new(354, "End data with <CR><LF>.<CR><LF>"))
            .await?;
        let mut raw = Vec::new();
        let (mut oversized, mut long_line) = (false, false);
        loop {
            match self.next_line(TEXT_LINE).await? {
                Line::TooLong => long_line = true,
                Line::Text(line) if line == b"." => break,
                Line::Text(line) => {
                    let line = line.strip_prefix(b".").unwrap_or(&line);
                    // Read on to the end regardless, so the next command is not taken from text.
                    if oversized || raw.len() + line.len() + 2 > MAX_MESSAGE_SIZE {
                        oversized = true;
                    } else {
                        raw.extend_from_slice(line);
                        raw.extend_from_slice(b"\r\n");
                    }
                }
            }
        }
        let Some(envelope) = self.envelope.take() else {
            return Ok(());
        };
        let reply = if oversized {
            too_big()
        } else if long_line {
            Reply::new(500, "5.5.2 Line too long (RFC 5321 allows 1000 octets)")
        } else if let Some(failure) = self.inner.take_failure(Stage::Data) {
            failure
        } else {
            let mail = parse::mail(envelope.from, envelope.to, &raw);
            let id = self.inner.deliver(mail);
            Reply::new(250, format!("2.0.0 OK: queued as {id}"))
        };
        self.send(&reply).await
    }

    pub(crate) async fn send(&mut self, reply: &Reply) -> io::Result<()> {
        self.out.write_all(reply.to_string().as_bytes()).await
    }

    /// The next line, after sending the replies held back if the client has nothing more queued.
    pub(crate) async fn next_line(&mut self, limit: usize) -> io::Result<Line> {
        if self.reader.buffer().is_empty() {
            self.out.flush().await?;
        }
        match tokio::time::timeout(IDLE, line::read(&mut self.reader, limit)).await {
            Ok(line) => line,
            Err(_) => {
                self.send(&Reply::new(421, format!("4.4.2 {HOST} Idle timeout")))
                    .await?;
                self.out.flush().await?;
                Err(io::ErrorKind::TimedOut.into())
            }
        }
    }
}

fn too_big() -> Reply {
    Reply::new(552, "5.3.4 Message size exceeds fixed maximum message size")
}

/// `local@domain` with neither part empty: enough to catch an address the API built wrong.
fn is_address(path: &str) -> bool {
    path.rsplit_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
}
