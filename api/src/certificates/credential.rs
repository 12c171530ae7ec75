//! Certificates' documents as Open Badges 3.0 `OpenBadgeCredential`s (W3C VC 2.0 data model), and
//! the hash that binds a document to the chain: SHA-256 of its canonical JSON (object keys sorted
//! recursively, no insignificant whitespace — RFC 8785 for the strings and integers we emit).
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// JSON with object keys sorted at every level.
pub fn canonical_json(value: &Value) -> String {
    let mut text = String::new();
    write(value, &mut text);
    text
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

pub fn content_hash(document: &Value) -> [u8; 32] {
    Sha256::digest(canonical_json(document).as_bytes()).into()
}

/// The URL that names an organization as a credential's issuer.
pub fn issuer_id(public_url: &str, organization: Uuid) -> String {
    format!("{}{organization}", issuer_prefix(public_url))
}

/// The organization an issuer URL of this platform names.
pub fn issuer_of(public_url: &str, issuer: &str) -> Option<Uuid> {
    issuer
        .strip_prefix(&issuer_prefix(public_url))?
        .parse()
        .ok()
}

fn issuer_prefix(public_url: &str) -> String {
    format!("{}/v1/organizations/", public_url.trim_end_matches('/'))
}

/// What an issuer states in a certificate.
pub struct Statement<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub criteria: Option<&'a str>,
    pub position: Option<&'a str>,
    /// Skills the certificate attests (OB 3.0 `tag`s `skill:<name>`), which mark a resume's
    /// skills verified.
    pub skills: &'a [String],
    pub evidence: &'a [String],
    pub valid_from: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
}

pub struct Parties<'a> {
    pub public_url: &'a str,
    pub organization_id: Uuid,
    pub organization_name: &'a str,
    pub issuer_address: &'a str,
    pub holder_address: &'a str,
}

/// An unsigned OpenBadgeCredential; its canonical hash goes on chain.
pub fn open_badge(statement: &Statement<'_>, parties: &Parties<'_>) -> Value {
    let mut achievement = json!({
        "id": format!("urn:uuid:{}", Uuid::new_v4()),
        "type": ["Achievement"],
        "achievementType": achievement_type(statement.kind),
        "name": statement.title,
        "description": statement.description,
        "criteria": { "narrative": statement.criteria.unwrap_or(statement.description) },
    });
    // The position, when there is one, is always the first tag.
    let tags: Vec<String> = statement
        .position
        .map(|p| format!("position:{p}"))
        .into_iter()
        .chain(
            statement
                .skills
                .iter()
                .map(|s| format!("skill:{}", s.trim().to_lowercase())),
        )
        .collect();
    if !tags.is_empty() {
        achievement["tag"] = json!(tags);
    }
    let mut credential = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": format!("urn:uuid:{}", Uuid::new_v4()),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": statement.title,
        "issuer": {
            "id": issuer_id(parties.public_url, parties.organization_id),
            "type": ["Profile"],
            "name": parties.organization_name,
            "otherIdentifier": [{
                "type": "IdentifierEntry",
                "identifier": parties.issuer_address,
                "identifierType": "identifier"
            }]
        },
        "validFrom": statement.valid_from.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": parties.holder_address,
                "identityType": "identifier",
                "hashed": false
            }],
            "achievement": achievement
        }
    });
    if let Some(until) = statement.valid_until {
        credential["validUntil"] = json!(until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    if !statement.evidence.is_empty() {
        credential["evidence"] = Value::Array(
            statement
                .evidence
                .iter()
                .map(|url| json!({ "id": url, "type": ["Evidence"] }))
                .collect(),
        );
    }
    credential
}

/// OB 3.0's achievementType vocabulary for our kinds.
fn achievement_type(kind: &str) -> &'static str {
    match kind {
        "diploma" => "Diploma",
        "course" => "Course",
        "employment" => "Achievement",
        "event" => "Competency",
        "award" => "Award",
        "recommendation" => "Achievement",
        "badge" => "Badge",
        _ => "Achievement",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_level_and_drops_whitespace() {
        let v = json!({ "b": [ { "z": 1, "a": "x" } ], "a": { "d": null, "c": true } });
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":true,"d":null},"b":[{"a":"x","z":1}]}"#
        );
    }

    #[test]
    fn the_hash_changes_with_any_field() {
        let a = json!({ "name": "BSc", "n": 1 });
        let b = json!({ "n": 1, "name": "BSc" });
        let c = json!({ "n": 1, "name": "MSc" });
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_ne!(content_hash(&a), content_hash(&c));
    }
}
