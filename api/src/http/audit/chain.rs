//! The keyed hash chain. Each row's hash is HMAC-SHA-256, under a key the database never holds,
//! of the previous row's hash and the row's canonical text (`iktomi_audit_text`). Someone with
//! the database alone can still delete or edit rows, but cannot write hashes that verify; cutting
//! the newest rows is caught against a head recorded outside the table (the Telegram post of each
//! entry, and the remark `anchor` puts on chain). Rows from before the key (epoch 1 in
//! `audit_epochs`) are unkeyed SHA-256; the first keyed row links to their last hash.
use anyhow::Context;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::config::TelegramSettings;
use crate::wallets::seal::MasterKey;

/// What the master key is turned into when no audit key is configured.
const DERIVATION: &[u8] = b"iktomi audit chain v1";

/// The chain's HMAC key.
#[derive(Clone)]
pub struct AuditKey(Zeroizing<Vec<u8>>);

impl AuditKey {
    /// `audit.key` when configured (hex, at least 32 bytes: give auditors this, not the master
    /// key), else derived from the master key.
    pub fn new(configured: Option<&SecretString>, master: &MasterKey) -> anyhow::Result<Self> {
        match configured {
            Some(hex) => Self::from_hex(hex.expose_secret()),
            None => Ok(Self(Zeroizing::new(master.derive(DERIVATION).to_vec()))),
        }
    }

    pub fn from_hex(text: &str) -> anyhow::Result<Self> {
        let bytes = hex::decode(text.trim().trim_start_matches("0x")).context("audit key: hex")?;
        anyhow::ensure!(bytes.len() >= 32, "the audit key must be at least 32 bytes");
        Ok(Self(Zeroizing::new(bytes)))
    }

    fn link(&self, prev: &[u8], text: &str) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length");
        mac.update(prev);
        mac.update(text.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

pub struct Entry<'a> {
    pub actor: Option<Uuid>,
    pub action: &'a str,
    pub target: &'a str,
    /// Already redacted (`policy::redact`).
    pub after: Option<Value>,
    pub request_id: Option<&'a str>,
    /// Whether it is posted to the audit group (when one is configured).
    pub post: bool,
}

/// An entry and its hash: the head of the chain once it commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub id: i64,
    pub hash: Vec<u8>,
}

/// Appends one entry in `conn`'s transaction (so it commits, or not, with the change it records)
/// and, when posted, its delivery to the audit group topic.
pub async fn append(
    conn: &mut PgConnection,
    key: &AuditKey,
    telegram: &TelegramSettings,
    entry: Entry<'_>,
) -> anyhow::Result<Head> {
    // Held to commit: the chain follows commit order and ids follow the chain.
    sqlx::query!("SELECT pg_advisory_xact_lock(7331, 1)")
        .execute(&mut *conn)
        .await?;
    let row = sqlx::query!(
        r#"WITH v AS (SELECT nextval('audit_log_id_seq') AS id,
                             date_trunc('microseconds', clock_timestamp()) AS at,
                             (SELECT after FROM audit_log WHERE target = $2 ORDER BY id DESC LIMIT 1) AS before)
           SELECT v.id AS "id!", v.at AS "at!", v.before,
                  coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                           decode(repeat('00', 32), 'hex')) AS "prev!",
                  iktomi_audit_text(v.id, v.at, $1, $3, $2, v.before, $4, $5) AS "text!"
           FROM v"#,
        entry.actor,
        entry.target,
        entry.action,
        entry.after,
        entry.request_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let hash = key.link(&row.prev, &row.text);
    sqlx::query!(
        "INSERT INTO audit_log (id, at, actor, action, target, before, after, request_id, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        row.id,
        row.at,
        entry.actor,
        entry.action,
        entry.target,
        row.before,
        entry.after,
        entry.request_id,
        row.prev,
        hash
    )
    .execute(&mut *conn)
    .await?;
    if let (true, Some(chat)) = (entry.post, telegram.audit_chat_id) {
        sqlx::query!(
            "INSERT INTO deliveries (audit_id, chat_id, thread_id) VALUES ($1, $2, $3)",
            row.id,
            chat,
            telegram.audit_thread_id
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(Head { id: row.id, hash })
}

/// What a verification found.
#[derive(Debug, PartialEq, Eq)]
pub struct Verdict {
    pub entries: i64,
    /// The first row whose hash or link does not hold.
    pub first_tampered: Option<i64>,
    /// The last row, when the chain holds.
    pub head: Option<Head>,
    /// Whether the head recorded outside the table (`verify`'s `anchor`) is still in the chain:
    /// not when the newest rows were cut, the table emptied, or the chain rewritten.
    pub anchor_found: Option<bool>,
}

/// Walks the chain from the first row, and looks for `anchor` in it.
pub async fn verify(db: &PgPool, key: &AuditKey, anchor: Option<&Head>) -> anyhow::Result<Verdict> {
    let epochs = sqlx::query!("SELECT first_id, scheme FROM audit_epochs ORDER BY first_id")
        .fetch_all(db)
        .await?;
    let rows = sqlx::query!(
        r#"SELECT id, prev_hash, hash,
                  iktomi_audit_text(id, at, actor, action, target, before, after, request_id) AS "text!"
           FROM audit_log ORDER BY id"#
    )
    .fetch_all(db)
    .await?;
    let mut expected = vec![0u8; 32];
    let mut first_tampered = None;
    let mut anchor_found = anchor.map(|_| false);
    for row in &rows {
        // Rows are keyed unless an epoch says otherwise.
        let keyed = epochs
            .iter()
            .rev()
            .find(|e| e.first_id <= row.id)
            .is_none_or(|e| e.scheme == "hmac-sha256");
        let computed = if keyed {
            key.link(&row.prev_hash, &row.text)
        } else {
            let mut sha = Sha256::new();
            sha.update(&row.prev_hash);
            sha.update(row.text.as_bytes());
            sha.finalize().to_vec()
        };
        if row.prev_hash != expected || row.hash != computed {
            first_tampered = Some(row.id);
            break;
        }
        if anchor.is_some_and(|a| a.id == row.id && a.hash == row.hash) {
            anchor_found = Some(true);
        }
        expected = row.hash.clone();
    }
    Ok(Verdict {
        entries: rows.len() as i64,
        first_tampered,
        head: match (first_tampered, rows.last()) {
            (None, Some(last)) => Some(Head {
                id: last.id,
                hash: last.hash.clone(),
            }),
            _ => None,
        },
        anchor_found,
    })
}
