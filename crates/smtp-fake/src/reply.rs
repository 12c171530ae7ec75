//! SMTP replies: a code and one line of text, which starts with the RFC 3463 enhanced status
//! code since clients (and people reading logs) tell failures apart by it.
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reply {
    pub(crate) code: u16,
    pub(crate) text: String,
}

impl Reply {
    pub(crate) fn new(code: u16, text: impl Into<String>) -> Self {
        Self {
            code,
            text: text.into(),
        }
    }

    pub(crate) fn ok() -> Self {
        Self::new(250, "2.0.0 OK")
    }

    pub(crate) fn syntax(usage: &str) -> Self {
        Self::new(501, format!("5.5.4 Syntax: {usage}"))
    }

    pub(crate) fn out_of_order(why: &str) -> Self {
        Self::new(503, format!("5.5.1 {why}"))
    }

    pub(crate) fn line_too_long() -> Self {
        Self::new(500, "5.5.2 Line too long")
    }
}

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}\r\n", self.code, self.text)
    }
}
