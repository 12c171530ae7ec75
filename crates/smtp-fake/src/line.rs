//! Reading the client's lines with a bound on their length, so that a client that never sends a
//! line break cannot grow the server's memory.
use std::io;

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

pub(crate) enum Line {
    /// The line without its CRLF (or bare LF, which netcat and hand-typed sessions send).
    Text(Vec<u8>),
    /// The line was longer than the limit; it was read to its end and dropped.
    TooLong,
}

/// The next line of at most `limit` bytes counting its line break. The connection's end in the
/// middle of a line or between lines is `UnexpectedEof`.
pub(crate) async fn read(
    reader: &mut (impl AsyncBufRead + Unpin),
    limit: usize,
) -> io::Result<Line> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let buffer = reader.fill_buf().await?;
        if buffer.is_empty() {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let (chunk, done) = match buffer.iter().position(|&b| b == b'\n') {
            Some(end) => (&buffer[..=end], true),
            None => (buffer, false),
        };
        let taken = chunk.len();
        if line.len() + taken > limit {
            too_long = true;
            line.clear();
        } else if !too_long {
            line.extend_from_slice(chunk);
        }
        reader.consume(taken);
        if done {
            break;
        }
    }
    if too_long {
        return Ok(Line::TooLong);
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Line::Text(line))
}
