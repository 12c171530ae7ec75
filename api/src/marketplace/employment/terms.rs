//! What the parties of an employment contract sign: the terms as canonical JSON, its SHA-256,
//! the message each wallet signs (`iktomi-contract:0x<hash>`) and the remark that anchors the hash
//! on chain (`iktomi:contract:` followed by the 32 bytes). Names and terms stay off chain.
use chrono::NaiveDate;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::certificates::credential::{canonical_json, content_hash};
use crate::http::error::Checks;

pub struct Terms<'a> {
    pub contract: Uuid,
    pub application: Uuid,
    pub organization: Uuid,
    pub organization_name: &'a str,
    pub candidate: Uuid,
    pub candidate_handle: &'a str,
    pub position: &'a str,
    pub terms: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub rate_minor: i64,
    pub currency: &'a str,
    pub rate_period: &'a str,
}

impl Terms<'_> {
    pub fn document(&self) -> Value {
        json!({
            "type": "IktomiEmploymentContract",
            "version": 1,
            "id": self.contract,
            "application": self.application,
            "employer": {"organization_id": self.organization, "name": self.organization_name},
            "candidate": {"account_id": self.candidate, "handle": self.candidate_handle},
            "position": self.position,
            "terms": self.terms,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "rate": format_rate(self.rate_minor),
            "currency": self.currency,
            "rate_period": self.rate_period,
        })
    }
}

/// SHA-256 of the document's canonical JSON.
pub fn hash_of(document: &Value) -> [u8; 32] {
    content_hash(document)
}

/// What each party signs with sr25519.
pub fn message(hash: &[u8]) -> String {
    format!("iktomi-contract:{}", iktomi_chain::hex0x(hash))
}

/// The bytes put on chain.
pub fn remark(hash: &[u8]) -> Vec<u8> {
    [b"iktomi:contract:".as_slice(), hash].concat()
}

/// The canonical text of a document (what the hash is taken of).
pub fn canonical(document: &Value) -> String {
    canonical_json(document)
}

/// "2500" or "12.50" into minor units; checked into `c` under `field`.
pub fn parse_rate(c: &mut Checks, field: &str, text: &str) -> i64 {
    let parsed = (|| {
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty() || whole.len() > 12 || frac.len() > 2 {
            return None;
        }
        if !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let cents: i64 = format!("{frac:0<2}").parse().ok()?;
        Some(whole.parse::<i64>().ok()? * 100 + cents)
    })();
    c.check(
        parsed.is_some(),
        field,
        "must be an amount like 2500 or 12.50",
    );
    parsed.unwrap_or(0)
}

pub fn format_rate(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_to_minor_units_and_back() {
        let mut c = Checks::default();
        assert_eq!(parse_rate(&mut c, "rate", "2500"), 250_000);
        assert_eq!(parse_rate(&mut c, "rate", "12.5"), 1_250);
        assert_eq!(parse_rate(&mut c, "rate", "0.07"), 7);
        assert!(c.finish().is_ok());
        assert_eq!(format_rate(1_250), "12.50");
        for bad in ["", "-1", "1.234", "1e3", "abc", ".5", "1234567890123"] {
            let mut c = Checks::default();
            parse_rate(&mut c, "rate", bad);
            assert!(c.finish().is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn the_signed_message_and_the_remark_carry_the_hash() {
        let hash = [7u8; 32];
        assert_eq!(
            message(&hash),
            format!("iktomi-contract:0x{}", "07".repeat(32))
        );
        assert_eq!(remark(&hash).len(), 16 + 32);
    }
}
