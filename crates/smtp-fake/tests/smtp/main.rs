//! The fake against the client the API uses (lettre) and against hand-written SMTP sessions.
mod failures;
mod http;
mod lettre_client;
mod raw;

use std::time::Duration;

use iktomi_smtp_fake::FakeSmtp;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;

pub const WAIT: Duration = Duration::from_secs(5);

/// A hand-driven SMTP client: writes what the test says, reads replies line by line.
pub struct Raw {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
}

impl Raw {
    /// Connected, with the greeting read.
    pub async fn connect(smtp: &FakeSmtp) -> Self {
        let stream = TcpStream::connect(smtp.addr()).await.expect("connect");
        let (read, writer) = stream.into_split();
        let mut raw = Self {
            reader: BufReader::new(read),
            writer,
        };
        let (code, _) = raw.reply().await;
        assert_eq!(code, 220);
        raw
    }

    pub async fn write(&mut self, text: &str) {
        self.writer.write_all(text.as_bytes()).await.expect("write");
    }

    /// One reply, multi-line or not: its code and its lines' texts.
    pub async fn reply(&mut self) -> (u16, Vec<String>) {
        let mut texts = Vec::new();
        loop {
            let mut line = String::new();
            let read = tokio::time::timeout(WAIT, self.reader.read_line(&mut line))
                .await
                .expect("a reply in time")
                .expect("read");
            assert!(read > 0, "connection closed while waiting for a reply");
            assert!(line.ends_with("\r\n"), "reply line without CRLF: {line:?}");
            let code = line[..3].parse().expect("reply code");
            texts.push(line[4..].trim_end().to_owned());
            if &line[3..4] == " " {
                return (code, texts);
            }
            assert_eq!(&line[3..4], "-", "{line:?}");
        }
    }

    /// The code of the next reply, checked.
    pub async fn expect(&mut self, code: u16) -> String {
        let (got, texts) = self.reply().await;
        assert_eq!(got, code, "{texts:?}");
        texts.join("\n")
    }

    /// Sends one command and checks its reply's code.
    pub async fn command(&mut self, line: &str, code: u16) -> String {
        self.write(&format!("{line}\r\n")).await;
        self.expect(code).await
    }
}
