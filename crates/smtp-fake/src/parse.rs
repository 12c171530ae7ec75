//! A received message as a [`Mail`]: its headers, and its text and HTML bodies found through
//! any nesting of multiparts (mixed around alternative, as lettre builds them with attachments).
use crate::{decode, Mail};

/// Deeper nesting than any mailer makes; the bound keeps a hostile message from recursing far.
const MAX_DEPTH: usize = 16;

pub(crate) fn mail(from: String, to: Vec<String>, raw: &[u8]) -> Mail {
    let (headers, _) = split_entity(raw);
    let headers: Vec<(String, String)> = headers
        .into_iter()
        .map(|(name, value)| (name, decode::header_text(&value)))
        .collect();
    let subject = find(&headers, "subject").unwrap_or_default().to_owned();
    let mut bodies = Bodies::default();
    walk(raw, "text/plain", 0, &mut bodies);
    Mail {
        from,
        to,
        raw: String::from_utf8_lossy(raw).into_owned(),
        subject,
        text: bodies.text,
        html: bodies.html,
        headers,
    }
}

#[derive(Default)]
struct Bodies {
    text: Option<String>,
    html: Option<String>,
}

fn walk(entity: &[u8], default_type: &str, depth: usize, bodies: &mut Bodies) {
    let (headers, body) = split_entity(entity);
    let content_type = find(&headers, "content-type")
        .map(ContentType::parse)
        .unwrap_or_else(|| ContentType::parse(default_type));
    if content_type.mime.starts_with("multipart/") {
        let Some(boundary) = content_type.param("boundary") else {
            return;
        };
        if depth >= MAX_DEPTH {
            return;
        }
        // RFC 2046 5.1.5: a digest's parts are messages unless they say otherwise.
        let child_default = if content_type.mime == "multipart/digest" {
            "message/rfc822"
        } else {
            "text/plain"
        };
        for part in multipart_parts(body, boundary) {
            walk(part, child_default, depth + 1, bodies);
        }
        return;
    }
    let attachment = find(&headers, "content-disposition").is_some_and(|disposition| {
        disposition
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("attachment")
    });
    let slot = match content_type.mime.as_str() {
        "text/plain" => &mut bodies.text,
        "text/html" => &mut bodies.html,
        _ => return,
    };
    if attachment || slot.is_some() {
        return;
    }
    let encoding = find(&headers, "content-transfer-encoding")
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => decode::base64(body),
        "quoted-printable" => decode::quoted_printable(body),
        _ => body.to_vec(),
    };
    let charset = content_type.param("charset").unwrap_or("us-ascii");
    *slot = Some(decode::charset(&bytes, charset).replace("\r\n", "\n"));
}

/// An entity's headers (unfolded, in order) and its body: what follows the first empty line.
fn split_entity(entity: &[u8]) -> (Vec<(String, String)>, &[u8]) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut body: &[u8] = &[];
    let mut position = 0;
    while position < entity.len() {
        let end = line_end(entity, position);
        let line = trim_line_break(&entity[position..end]);
        position = end;
        if line.is_empty() {
            body = &entity[position..];
            break;
        }
        let line = String::from_utf8_lossy(line);
        if line.starts_with([' ', '\t']) {
            // Unfolding (RFC 5322 2.2.3) removes only the line break.
            if let Some((_, value)) = headers.last_mut() {
                value.push_str(&line);
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.to_owned()));
        }
    }
    for (_, value) in &mut headers {
        *value = value.trim().to_owned();
    }
    (headers, body)
}

/// Where the line starting at `start` ends, just past its LF (or at the end of `bytes`).
fn line_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| start + i + 1)
}

fn trim_line_break(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The body parts between `--boundary` lines, up to `--boundary--`. The line break before a
/// delimiter belongs to the delimiter (RFC 2046 5.1.1), not to the part.
fn multipart_parts<'a>(body: &'a [u8], boundary: &str) -> Vec<&'a [u8]> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut part_start = None;
    let mut position = 0;
    while position < body.len() {
        let end = line_end(body, position);
        let line = body[position..end].trim_ascii_end();
        if let Some(rest) = line.strip_prefix(delimiter.as_bytes()) {
            if rest.is_empty() || rest == b"--" {
                if let Some(start) = part_start {
                    let before = trim_line_break(&body[start..position]);
                    parts.push(before);
                }
                if rest == b"--" {
                    return parts;
                }
                part_start = Some(end);
            }
        }
        position = end;
    }
    // No closing delimiter: the last part runs to the end.
    if let Some(start) = part_start {
        parts.push(&body[start..]);
    }
    parts
}

fn find<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `type/subtype; name=value; name="quoted value"`.
struct ContentType {
    mime: String,
    params: Vec<(String, String)>,
}

impl ContentType {
    fn parse(value: &str) -> Self {
        let mut fields = split_params(value).into_iter();
        let mime = fields
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let params = fields
            .filter_map(|field| {
                let (name, value) = field.split_once('=')?;
                Some((name.trim().to_ascii_lowercase(), unquote(value.trim())))
            })
            .collect();
        Self { mime, params }
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Splits at semicolons outside quoted strings.
fn split_params(value: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let (mut quoted, mut escaped) = (false, false);
    for c in value.chars() {
        if escaped {
            escaped = false;
        } else if quoted && c == '\\' {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if c == ';' && !quoted {
            fields.push(String::new());
            continue;
        }
        if let Some(field) = fields.last_mut() {
            field.push(c);
        }
    }
    fields
}

fn unquote(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return value.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_multipart_skips_attachments() {
        let raw = concat!(
            "Subject: =?utf-8?q?=D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82?=\r\n",
            "Content-Type: multipart/mixed; boundary=\"outer; b\"\r\n",
            "\r\n",
            "preamble\r\n",
            "--outer; b\r\n",
            "Content-Type: multipart/alternative; boundary=inner\r\n",
            "\r\n",
            "--inner\r\n",
            "Content-Type: text/plain; charset=utf-8\r\n",
            "Content-Transfer-Encoding: base64\r\n",
            "\r\n",
            "0J/RgNC40LLQtdGC\r\n",
            "--inner\r\n",
            "Content-Type: text/html; charset=\"utf-8\"\r\n",
            "Content-Transfer-Encoding: quoted-printable\r\n",
            "\r\n",
            "<p>=D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82</p>\r\n",
            "--inner--\r\n",
            "--outer; b\r\n",
            "Content-Type: text/plain\r\n",
            "Content-Disposition: attachment; filename=a.txt\r\n",
            "\r\n",
            "not the body\r\n",
            "--outer; b--\r\n",
        );
        let mail = mail("a@b.test".into(), vec!["c@d.test".into()], raw.as_bytes());
        assert_eq!(mail.subject, "Привет");
        assert_eq!(mail.text.as_deref(), Some("Привет"));
        assert_eq!(mail.html.as_deref(), Some("<p>Привет</p>"));
    }

    #[test]
    fn single_part_defaults_to_text_and_unfolds_headers() {
        let raw = "Subject: a\r\n long\r\n\tsubject\r\nX-Empty:\r\n\r\nline 1\r\nline 2\r\n";
        let mail = mail(String::new(), vec![], raw.as_bytes());
        assert_eq!(mail.subject, "a long\tsubject");
        assert_eq!(mail.text.as_deref(), Some("line 1\nline 2\n"));
        assert_eq!(mail.html, None);
        assert_eq!(mail.header("x-empty"), Some(""));
    }
}
