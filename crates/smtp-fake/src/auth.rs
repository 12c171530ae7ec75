//! AUTH PLAIN and AUTH LOGIN (RFC 4954, 4616), with or without an initial response.
use std::io;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::line::Line;
use crate::reply::Reply;
use crate::session::{Hello, Session, AUTH_LINE};

impl Session {
    pub(crate) async fn auth(
        &mut self,
        mechanism: &str,
        initial: Option<String>,
    ) -> io::Result<()> {
        let reply = if self.hello != Some(Hello::Ehlo) {
            // AUTH is an ESMTP extension: a client that only said HELO was never offered it.
            Reply::out_of_order("Send EHLO first")
        } else if self.user.is_some() {
            Reply::out_of_order("Already authenticated")
        } else if self.envelope.is_some() {
            Reply::out_of_order("AUTH not permitted during a mail transaction")
        } else {
            match mechanism {
                "PLAIN" => self.plain(initial).await?,
                "LOGIN" => self.login(initial).await?,
                _ => Reply::new(504, "5.5.4 Unrecognized authentication type"),
            }
        };
        self.send(&reply).await
    }

    async fn plain(&mut self, initial: Option<String>) -> io::Result<Reply> {
        let response = match initial {
            Some(text) => decode(text.as_bytes()),
            None => self.challenge("").await?,
        };
        let response = match response {
            Ok(response) => response,
            Err(reply) => return Ok(reply),
        };
        // authzid NUL authcid NUL password
        let fields: Vec<&[u8]> = response.split(|&b| b == 0).collect();
        Ok(match fields.as_slice() {
            [_, user, password] => self.verdict(user, password),
            _ => cannot_decode(),
        })
    }

    async fn login(&mut self, initial: Option<String>) -> io::Result<Reply> {
        let user = match initial {
            Some(text) => decode(text.as_bytes()),
            None => self.challenge("Username:").await?,
        };
        let user = match user {
            Ok(user) => user,
            Err(reply) => return Ok(reply),
        };
        Ok(match self.challenge("Password:").await? {
            Ok(password) => self.verdict(&user, &password),
            Err(reply) => reply,
        })
    }

    /// Sends `334 base64(prompt)`; the client's answer decoded, or the reply that ends the
    /// exchange.
    async fn challenge(&mut self, prompt: &str) -> io::Result<Result<Vec<u8>, Reply>> {
        self.send(&Reply::new(334, STANDARD.encode(prompt))).await?;
        Ok(match self.next_line(AUTH_LINE).await? {
            Line::Text(line) => decode(&line),
            Line::TooLong => Err(Reply::line_too_long()),
        })
    }

    fn verdict(&mut self, user: &[u8], password: &[u8]) -> Reply {
        let user = String::from_utf8_lossy(user);
        let password = String::from_utf8_lossy(password);
        let accepted = match &self.inner.credentials {
            Some((expected_user, expected_password)) => {
                *expected_user == user && *expected_password == password
            }
            None => true,
        };
        if accepted {
            self.user = Some(user.into_owned());
            Reply::new(235, "2.7.0 Authentication successful")
        } else {
            Reply::new(535, "5.7.8 Authentication credentials invalid")
        }
    }
}

fn decode(response: &[u8]) -> Result<Vec<u8>, Reply> {
    match response {
        b"*" => Err(Reply::new(501, "5.7.0 Authentication cancelled")),
        // RFC 4954: "=" is an initial response of no bytes.
        b"=" => Ok(Vec::new()),
        _ => STANDARD.decode(response).map_err(|_| cannot_decode()),
    }
}

fn cannot_decode() -> Reply {
    Reply::new(501, "5.5.2 Cannot decode the authentication response")
}
