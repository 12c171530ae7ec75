//! Telegram's MarkdownV2 parse mode.
use super::is_space;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Md {
    Bold,
    Italic,
    Underline,
    Strikethrough,
    Spoiler,
    Code,
    Pre,
    TextUrl,
    CustomEmoji,
    BlockQuote,
}

impl Md {
    fn name(self) -> &'static str {
        match self {
            Md::Bold => "Bold",
            Md::Italic => "Italic",
            Md::Underline => "Underline",
            Md::Strikethrough => "Strikethrough",
            Md::Spoiler => "Spoiler",
            Md::Code => "Code",
            Md::Pre => "Pre",
            Md::TextUrl => "TextUrl",
            Md::CustomEmoji => "CustomEmoji",
            Md::BlockQuote => "BlockQuote",
        }
    }
}

fn reserved(c: u8) -> String {
    format!(
        "Character '{}' is reserved and must be escaped with the preceding '\\'",
        c as char
    )
}

fn unclosed(kind: Md, offset: usize) -> String {
    format!(
        "Can't find end of {} entity at byte offset {offset}",
        kind.name()
    )
}

/// Skips a `(url)` whose `(` is at `i`, answering the index of its `)`.
fn url_end(t: &[u8], mut i: usize) -> Result<usize, String> {
    let begin = i;
    while i < t.len() && t[i] != b')' {
        i += if t[i] == b'\\' && matches!(t.get(i + 1), Some(1..=126)) {
            2
        } else {
            1
        };
    }
    if i < t.len() {
        Ok(i)
    } else {
        Err(format!("Can't find end of a URL at byte offset {begin}"))
    }
}

/// Telegram's MarkdownV2: every reserved character outside an entity's markup escaped by `\`,
/// every entity closed.
pub(crate) fn markdown_v2(s: &str) -> Result<String, String> {
    let t = s.as_bytes();
    let at = |i: usize| t.get(i).copied().unwrap_or(0);
    let mut out: Vec<u8> = Vec::with_capacity(t.len());
    let mut open: Vec<(Md, usize)> = Vec::new();
    let mut have_blockquote = false;
    let mut can_start_blockquote = true;
    let mut i = 0;
    while i < t.len() {
        let c = t[i];
        if c == b'\\' && (1..=126).contains(&at(i + 1)) {
            i += 1;
            out.push(t[i]);
            if t[i] != b'\r' {
                can_start_blockquote = t[i] == b'\n';
            }
            i += 1;
            continue;
        }
        let top = open.last().copied();
        let reserved_here: &[u8] = match top {
            Some((Md::Code | Md::Pre, _)) => b"`",
            _ => b"_*[]()~`>#+-=|{}.!\n",
        };
        if !reserved_here.contains(&c) {
            if c & 0xc0 != 0x80 && c != b'\r' {
                can_start_blockquote = false;
            }
            out.push(c);
            i += 1;
            continue;
        }
        let is_end = top.is_some_and(|(kind, _)| {
            if have_blockquote && c == b'\n' && at(i + 1) != b'>' {
                return true;
            }
            match kind {
                Md::Bold => c == b'*',
                Md::Italic => c == b'_' && at(i + 1) != b'_',
                Md::Code => c == b'`',
                Md::Pre => c == b'`' && at(i + 1) == b'`' && at(i + 2) == b'`',
                Md::TextUrl | Md::CustomEmoji => c == b']',
                Md::Underline => c == b'_' && at(i + 1) == b'_',
                Md::Strikethrough => c == b'~',
                Md::Spoiler => c == b'|' && at(i + 1) == b'|',
                Md::BlockQuote => false,
            }
        });
        if !is_end {
            let offset = i;
            let kind = match c {
                b'_' if at(i + 1) == b'_' => {
                    i += 1;
                    Md::Underline
                }
                b'_' => Md::Italic,
                b'*' => Md::Bold,
                b'~' => Md::Strikethrough,
                b'|' if at(i + 1) == b'|' => {
                    i += 1;
                    Md::Spoiler
                }
                b'[' => Md::TextUrl,
                b'`' if at(i + 1) == b'`' && at(i + 2) == b'`' => {
                    i += 3;
                    let mut language_end = i;
                    while !is_space(at(language_end)) && at(language_end) != b'`' {
                        language_end += 1;
                    }
                    if i != language_end && language_end < t.len() && at(language_end) != b'`' {
                        i = language_end;
                    }
                    if matches!(at(i), b'\n' | b'\r') {
                        i += if matches!(at(i + 1), b'\n' | b'\r') && at(i) != at(i + 1) {
                            2
                        } else {
                            1
                        };
                    }
                    i -= 1;
                    Md::Pre
                }
                b'`' => Md::Code,
                b'!' if at(i + 1) == b'[' => {
                    i += 1;
                    Md::CustomEmoji
                }
                b'\n' => {
                    out.push(b'\n');
                    can_start_blockquote = true;
                    i += 1;
                    continue;
                }
                b'>' if can_start_blockquote && have_blockquote => {
                    i += 1;
                    continue;
                }
                b'>' if can_start_blockquote => {
                    have_blockquote = true;
                    Md::BlockQuote
                }
                _ => return Err(reserved(c)),
            };
            open.push((kind, offset));
            i += 1;
            continue;
        }
        let Some((mut kind, offset)) = top else {
            unreachable!("an end needs an open entity")
        };
        if c == b'\n' && kind != Md::BlockQuote {
            // `||` right before the line break ends an expandable block quote.
            let expandable = kind == Md::Spoiler
                && (offset + 2 == i || (offset + 3 == i && out.last() == Some(&b'\r')));
            if !expandable {
                return Err(unclosed(kind, offset));
            }
            open.pop();
            match open.last() {
                Some((Md::BlockQuote, _)) => kind = Md::BlockQuote,
                Some(&(other, other_offset)) => return Err(unclosed(other, other_offset)),
                None => return Err(unclosed(kind, offset)),
            }
        }
        match kind {
            Md::Bold | Md::Italic | Md::Code | Md::Strikethrough => {}
            Md::Underline | Md::Spoiler => i += 1,
            Md::Pre => i += 2,
            Md::TextUrl => {
                if at(i + 1) == b'(' {
                    i = url_end(t, i + 2)?;
                }
            }
            Md::CustomEmoji => {
                if at(i + 1) != b'(' {
                    return Err("The entity must contain a tg://emoji or tg://time URL".into());
                }
                i = url_end(t, i + 2)?;
            }
            Md::BlockQuote => {
                have_blockquote = false;
                out.push(t[i]);
                can_start_blockquote = true;
            }
        }
        open.pop();
        i += 1;
    }
    if have_blockquote {
        if matches!(open.last(), Some(&(Md::Spoiler, offset)) if offset + 2 == t.len()) {
            open.pop();
        }
        if matches!(open.last(), Some((Md::BlockQuote, _))) {
            open.pop();
        }
    }
    match open.last() {
        Some(&(kind, offset)) => Err(unclosed(kind, offset)),
        None => Ok(String::from_utf8_lossy(&out).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_v2_wants_reserved_characters_escaped() {
        assert_eq!(
            markdown_v2(r"*bold* _it_ __u__ ~s~ ||sp|| \. \!").unwrap(),
            "bold it u s sp . !"
        );
        assert_eq!(
            markdown_v2("[link](https://x.test/a_(b\\))").unwrap(),
            "link"
        );
        assert_eq!(
            markdown_v2("`a.b` ```rust\nlet x = 1;```").unwrap(),
            "a.b let x = 1;"
        );
        assert_eq!(markdown_v2(">quote\nplain").unwrap(), "quote\nplain");
        assert_eq!(
            markdown_v2("Hello.").unwrap_err(),
            "Character '.' is reserved and must be escaped with the preceding '\\'"
        );
        assert!(markdown_v2("1-2").unwrap_err().contains("'-'"));
        assert!(markdown_v2("a > b").unwrap_err().contains("'>'"));
        assert_eq!(
            markdown_v2("*bold").unwrap_err(),
            "Can't find end of Bold entity at byte offset 0"
        );
    }
}
