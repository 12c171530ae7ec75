//! Telegram's HTML parse mode.
use super::is_space;

const HTML_TAGS: [&str; 17] = [
    "a",
    "b",
    "strong",
    "i",
    "em",
    "s",
    "strike",
    "del",
    "u",
    "ins",
    "tg-spoiler",
    "tg-emoji",
    "tg-time",
    "span",
    "pre",
    "code",
    "blockquote",
];

/// `&lt;` `&gt;` `&amp;` `&quot;` (the `;` optional, as TDLib allows) or `&#NN;` / `&#xHH;`: the
/// character and where the text goes on.
fn html_entity(t: &[u8], pos: usize) -> Option<(char, usize)> {
    let at = |i: usize| t.get(i).copied().unwrap_or(0);
    let mut end = pos + 1;
    let code = if at(end) == b'#' {
        end += 1;
        let radix = if at(end) == b'x' {
            end += 1;
            16
        } else {
            10
        };
        let digits = end;
        while (at(end) as char).is_digit(radix) {
            end += 1;
        }
        if end - pos >= 10 {
            return None;
        }
        let text = std::str::from_utf8(&t[digits..end]).ok()?;
        u32::from_str_radix(text, radix).ok()?
    } else {
        while at(end).is_ascii_alphabetic() {
            end += 1;
        }
        match &t[pos + 1..end] {
            b"lt" => '<' as u32,
            b"gt" => '>' as u32,
            b"amp" => '&' as u32,
            b"quot" => '"' as u32,
            _ => return None,
        }
    };
    let ch = char::from_u32(code).filter(|&c| c != '\0')?;
    Some((ch, if at(end) == b';' { end + 1 } else { end }))
}

/// Telegram's HTML: the supported tags, properly nested, and entities for `<`, `>`, `&`.
///
/// Stricter than TDLib in one point, as the Bot API documentation asks: TDLib keeps a `&` that
/// starts no entity as text; here it is refused, so a bot that forgets to escape user input fails
/// in tests rather than on the first user whose name holds `&lt;`.
pub(crate) fn html(s: &str) -> Result<String, String> {
    let t = s.as_bytes();
    let at = |i: usize| t.get(i).copied().unwrap_or(0);
    let mut out = String::with_capacity(s.len());
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let c = t[i];
        if c == b'&' {
            let (ch, next) = html_entity(t, i).ok_or_else(|| {
                format!(
                    "Character '&' must start an HTML entity such as \"&amp;\" at byte offset {i}"
                )
            })?;
            out.push(ch);
            i = next;
            continue;
        }
        if c != b'<' {
            let len = utf8_len(c);
            out.push_str(&s[i..i + len]);
            i += len;
            continue;
        }
        let begin = i;
        i += 1;
        if at(i) != b'/' {
            while !is_space(at(i)) && at(i) != b'>' {
                i += 1;
            }
            if i >= t.len() {
                return Err(format!("Unclosed start tag at byte offset {begin}"));
            }
            let tag = s[begin + 1..i].to_ascii_lowercase();
            if !HTML_TAGS.contains(&tag.as_str()) {
                return Err(format!(
                    "Unsupported start tag \"{tag}\" at byte offset {begin}"
                ));
            }
            let mut argument = String::new();
            while at(i) != b'>' {
                while i < t.len() && is_space(at(i)) {
                    i += 1;
                }
                if at(i) == b'>' {
                    break;
                }
                let name_begin = i;
                while !is_space(at(i)) && !matches!(at(i), b'=' | b'>' | b'/' | b'"' | b'\'') {
                    i += 1;
                }
                let name = &s[name_begin..i];
                if name.is_empty() {
                    return Err(format!(
                        "Empty attribute name in the tag \"{tag}\" at byte offset {begin}"
                    ));
                }
                while i < t.len() && is_space(at(i)) {
                    i += 1;
                }
                if at(i) != b'=' {
                    if i >= t.len() {
                        return Err(format!(
                            "Unclosed start tag \"{tag}\" at byte offset {begin}"
                        ));
                    }
                    continue;
                }
                i += 1;
                while i < t.len() && is_space(at(i)) {
                    i += 1;
                }
                if i >= t.len() {
                    return Err(format!(
                        "Unclosed start tag \"{tag}\" at byte offset {begin}"
                    ));
                }
                let value = if at(i) != b'\'' && at(i) != b'"' {
                    let token = i;
                    while at(i).is_ascii_alphanumeric() || at(i) == b'.' || at(i) == b'-' {
                        i += 1;
                    }
                    if !is_space(at(i)) && at(i) != b'>' {
                        return Err(format!(
                            "Unexpected end of name token at byte offset {token}"
                        ));
                    }
                    s[token..i].to_ascii_lowercase()
                } else {
                    // Inside quotes TDLib decodes entities but keeps a lone `&`: links carry them.
                    let quote = at(i);
                    i += 1;
                    let value_begin = i;
                    while i < t.len() && at(i) != quote {
                        i += 1;
                    }
                    let value = s[value_begin..i].to_owned();
                    if at(i) == quote {
                        i += 1;
                    }
                    value
                };
                if i >= t.len() {
                    return Err(format!("Unclosed start tag at byte offset {begin}"));
                }
                if tag == "span" && name == "class" {
                    argument = value.strip_prefix("tg-").unwrap_or_default().to_owned();
                } else if tag == "tg-emoji" && name == "emoji-id" {
                    argument = value;
                }
            }
            if tag == "span" && argument != "spoiler" {
                return Err(format!(
                    "Tag \"span\" must have class \"tg-spoiler\" at byte offset {begin}"
                ));
            }
            if tag == "tg-emoji" && !matches!(argument.parse::<i64>(), Ok(id) if id != 0) {
                return Err("Invalid custom emoji identifier specified".into());
            }
            open.push(tag);
            i += 1;
        } else {
            let Some(expected) = open.pop() else {
                return Err(format!("Unexpected end tag at byte offset {begin}"));
            };
            while !is_space(at(i)) && at(i) != b'>' {
                i += 1;
            }
            let end_tag = s[begin + 2..i].to_ascii_lowercase();
            while i < t.len() && is_space(at(i)) {
                i += 1;
            }
            if at(i) != b'>' {
                return Err(format!("Unclosed end tag at byte offset {begin}"));
            }
            if !end_tag.is_empty() && end_tag != expected {
                return Err(format!(
                    "Unmatched end tag at byte offset {begin}, expected \"</{expected}>\", found \"</{end_tag}>\""
                ));
            }
            i += 1;
        }
    }
    match open.last() {
        Some(tag) => Err(format!(
            "Can't find end tag corresponding to start tag \"{tag}\""
        )),
        None => Ok(out),
    }
}

/// The bytes of the UTF-8 character starting with `first`.
fn utf8_len(first: u8) -> usize {
    match first {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_as_telegram_parses_it() {
        assert_eq!(html("<b>a &amp; b</b>").unwrap(), "a & b");
        assert_eq!(html("&lt;&#60;&#x3c;&quot;").unwrap(), "<<<\"");
        assert_eq!(
            html(r#"<a href="https://x.test/?a=1&b=2">x</a> <span class="tg-spoiler">s</span>"#)
                .unwrap(),
            "x s"
        );
        assert!(html("<blockquote expandable>q</blockquote><pre><code class=\"language-rust\">f</code></pre>").is_ok());
        assert_eq!(
            html("<b>a < b</b>").unwrap_err(),
            "Unsupported start tag \"\" at byte offset 5"
        );
        assert!(html("a & b").unwrap_err().contains("byte offset 2"));
        assert_eq!(
            html("<p>x</p>").unwrap_err(),
            "Unsupported start tag \"p\" at byte offset 0"
        );
        assert_eq!(
            html("<b><i>x</b></i>").unwrap_err(),
            "Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\""
        );
        assert_eq!(
            html("<b>x").unwrap_err(),
            "Can't find end tag corresponding to start tag \"b\""
        );
        assert_eq!(
            html("x</b>").unwrap_err(),
            "Unexpected end tag at byte offset 1"
        );
        assert!(html("<span>x</span>").is_err());
        assert!(html("<b").is_err());
    }
}
