//! What Telegram checks in a message's text before sending it: it parses in its `parse_mode` and
//! fits 4096 characters once parsed. The HTML and MarkdownV2 parsers follow TDLib's
//! (`td/telegram/MessageEntity.cpp`), so the same texts fail with the same descriptions; they only
//! check, they build no entities.
mod html;
mod markdown;

use serde_json::Value;

pub(crate) use html::html;
pub(crate) use markdown::markdown_v2;

/// The longest message text, counted after entity parsing.
pub(crate) const MAX_TEXT: usize = 4096;

/// The text a user would see, or the description Telegram refuses it with.
pub(crate) fn parse(text: &str, parse_mode: &Value) -> Result<String, String> {
    let mode = match parse_mode {
        Value::Null => String::new(),
        Value::String(mode) => mode.to_ascii_lowercase(),
        _ => return Err("Bad Request: unsupported parse_mode".into()),
    };
    let parsed = match mode.as_str() {
        "html" => html(text),
        "markdownv2" => markdown_v2(text),
        // Legacy Markdown is still accepted by Telegram; the fake does not check it.
        "" | "markdown" => Ok(text.to_owned()),
        _ => return Err("Bad Request: unsupported parse_mode".into()),
    };
    let plain = parsed.map_err(|e| format!("Bad Request: can't parse entities: {e}"))?;
    if plain.trim().is_empty() {
        return Err("Bad Request: message text is empty".into());
    }
    if plain.chars().count() > MAX_TEXT {
        return Err("Bad Request: message is too long".into());
    }
    Ok(plain)
}

/// TDLib's `is_space`, which also treats the end of the text (read as NUL) as a space.
pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | 0 | 0x0b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_checked_after_parsing() {
        let long = format!("<b>{}</b>", "x".repeat(MAX_TEXT));
        assert!(parse(&long, &json!("HTML")).is_ok());
        assert_eq!(
            parse(&format!("{long}!"), &json!("HTML")).unwrap_err(),
            "Bad Request: message is too long"
        );
        assert_eq!(
            parse("<b></b>", &json!("HTML")).unwrap_err(),
            "Bad Request: message text is empty"
        );
        assert_eq!(
            parse("x", &json!("BBCode")).unwrap_err(),
            "Bad Request: unsupported parse_mode"
        );
        assert!(parse("a & b.", &Value::Null).is_ok());
    }
}
