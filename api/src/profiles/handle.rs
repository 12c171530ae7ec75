//! A person's public handle: 3–32 characters of `a-z`, `0-9` and `_`, starting with a letter.
use crate::http::error::ApiError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle(pub String);

impl Handle {
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        let ok = (3..=32).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_lowercase())
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(ApiError::invalid(
                "handle",
                "3-32 characters: a-z, 0-9 and _, starting with a letter",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Handle;

    #[test]
    fn handles_are_lowercase_words() {
        assert!(Handle::parse("anna_k2").is_ok());
        for bad in ["an", "Anna", "2anna", "anna-k", "", &"a".repeat(33)] {
            assert!(Handle::parse(bad).is_err(), "{bad}");
        }
    }
}
