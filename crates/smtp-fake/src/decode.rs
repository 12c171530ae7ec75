//! Undoing what mailers do to text: base64 and quoted-printable bodies, RFC 2047 encoded-words
//! in headers, and charsets (UTF-8, ASCII and Latin-1; anything else is read as UTF-8).
use base64::alphabet::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

/// Base64 split over lines, with or without padding.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

pub(crate) fn base64(input: &[u8]) -> Vec<u8> {
    let compact: Vec<u8> = input
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    LENIENT.decode(&compact).unwrap_or(compact)
}

/// RFC 2045 quoted-printable, where `=` at the end of a line joins it to the next.
pub(crate) fn quoted_printable(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        if input[i] != b'=' {
            out.push(input[i]);
            i += 1;
            continue;
        }
        let rest = &input[i + 1..];
        let padding = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let after = &rest[padding..];
        if after.starts_with(b"\r\n") {
            i += 1 + padding + 2;
        } else if after.starts_with(b"\n") {
            i += 1 + padding + 1;
        } else if after.is_empty() {
            i = input.len();
        } else if let Some(byte) = hex_byte(rest) {
            out.push(byte);
            i += 3;
        } else {
            // Not an escape: RFC 2045 suggests keeping it as it stands.
            out.push(b'=');
            i += 1;
        }
    }
    out
}

fn hex_byte(digits: &[u8]) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16);
    let high = digit(*digits.first()?)?;
    let low = digit(*digits.get(1)?)?;
    u8::try_from(high * 16 + low).ok()
}

/// RFC 2047 'Q': quoted-printable where `_` is a space.
fn q_encoding(text: &str) -> Vec<u8> {
    let spaced: Vec<u8> = text
        .bytes()
        .map(|b| if b == b'_' { b' ' } else { b })
        .collect();
    quoted_printable(&spaced)
}

pub(crate) fn charset(bytes: &[u8], charset: &str) -> String {
    match charset.trim().to_ascii_lowercase().as_str() {
        "iso-8859-1" | "latin1" | "latin-1" | "iso8859-1" => {
            bytes.iter().map(|&b| char::from(b)).collect()
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// A header value with its encoded-words (`=?charset?B|Q?text?=`) decoded. Adjacent words are
/// joined before decoding their charset, since encoders may split a character between them, and
/// the whitespace between them goes, as RFC 2047 6.2 says.
pub(crate) fn header_text(value: &str) -> String {
    let mut out = String::new();
    let mut pending = Pending::default();
    let mut rest = value;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, candidate) = rest.split_at(start);
        match encoded_word(candidate) {
            Some((word_charset, bytes, length)) => {
                if !(after_word && before.chars().all(char::is_whitespace)) {
                    pending.flush(&mut out);
                    out.push_str(before);
                }
                if word_charset != pending.charset {
                    pending.flush(&mut out);
                    pending.charset = word_charset;
                }
                pending.bytes.extend(bytes);
                rest = &candidate[length..];
                after_word = true;
            }
            None => {
                pending.flush(&mut out);
                out.push_str(&rest[..start + 2]);
                rest = &candidate[2..];
                after_word = false;
            }
        }
    }
    pending.flush(&mut out);
    out.push_str(rest);
    out
}

#[derive(Default)]
struct Pending {
    charset: String,
    bytes: Vec<u8>,
}

impl Pending {
    fn flush(&mut self, out: &mut String) {
        if !self.bytes.is_empty() {
            out.push_str(&charset(&self.bytes, &self.charset));
            self.bytes.clear();
        }
    }
}

/// The word at the start of `text`: its charset (lower-cased, RFC 2231 language dropped), its
/// bytes and its length in `text`.
fn encoded_word(text: &str) -> Option<(String, Vec<u8>, usize)> {
    let inner = text.strip_prefix("=?")?;
    let (charset, inner) = inner.split_once('?')?;
    let (encoding, inner) = inner.split_once('?')?;
    let (encoded, _) = inner.split_once("?=")?;
    if encoded.contains(char::is_whitespace) || charset.is_empty() {
        return None;
    }
    let bytes = match encoding {
        "B" | "b" => base64(encoded.as_bytes()),
        "Q" | "q" => q_encoding(encoded),
        _ => return None,
    };
    let length = 2 + charset.len() + 1 + encoding.len() + 1 + encoded.len() + 2;
    let charset = charset.split('*').next().unwrap_or_default();
    Some((charset.to_ascii_lowercase(), bytes, length))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words_join_across_folds_and_split_characters() {
        // "Привет" in UTF-8 split inside the "и" (d0 b8) across two words.
        let value = "=?utf-8?b?0J/RgNA=?= =?UTF-8?B?uNCy0LXRgg==?= мир";
        assert_eq!(header_text(value), "Привет мир");
        assert_eq!(
            header_text("=?utf-8?q?=D0=9A=D0=BE=D0=B4_=E2=80=94?= 42"),
            "Код — 42"
        );
        assert_eq!(header_text("plain =? text"), "plain =? text");
        assert_eq!(header_text("=?iso-8859-1?q?caf=E9?="), "café");
    }

    #[test]
    fn quoted_printable_soft_breaks_and_escapes() {
        assert_eq!(
            quoted_printable(b"a=3Db=\r\nc =\nd=zz"),
            b"a=bc d=zz".to_vec()
        );
    }

    #[test]
    fn base64_over_lines() {
        assert_eq!(base64(b"0J/RgNC4\r\n0LLQtdGC\r\n"), "Привет".as_bytes());
    }
}
