//! Property tests of every parser that reads untrusted input: Telegram initData, cohort CSV,
//! compact JWS, status lists, uploads' leading bytes, and the canonical JSON that binds a
//! document to the chain. Each property runs a bounded number of cases (`CASES`) so the suite
//! stays quick; `PROPTEST_CASES` raises it for a longer hunt.
use axum::body::Body;
use iktomi_api::auth::telegram::{self, InitDataError};
use iktomi_api::certificates::artifact_store;
use iktomi_api::certificates::batch::cohort_csv;
use iktomi_api::certificates::credential::canonical_json;
use iktomi_api::certificates::signing::{self, IssuerKey, JwsError};
use iktomi_api::certificates::status_list;
use iktomi_api::http::error::ApiError;
use iktomi_api::wallets::seal::MasterKey;
use proptest::prelude::*;
use secrecy::SecretString;
use serde_json::{json, Map, Value};

use crate::support::BOT_TOKEN;

const CASES: u32 = 64;
const NOW: i64 = 1_790_000_000;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(CASES);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text with the characters that break naive query-string and CSV handling.
fn tricky_text() -> impl Strategy<Value = String> {
    "[a-zA-Zа-яА-Я0-9 &=%+#?\"',;\\n\\\\_.-]{0,24}"
}

fn handle() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{2,15}"
}

fn signed_init_data(id: i64, first_name: &str, auth_date: i64) -> String {
    let user = json!({ "id": id, "first_name": first_name }).to_string();
    let auth_date = auth_date.to_string();
    telegram::build(
        &[
            ("auth_date", &auth_date),
            ("query_id", "AAHdF6IQAAAAAN0XohDhrOrc"),
            ("user", &user),
        ],
        BOT_TOKEN,
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn init_data_of_any_text_is_refused_without_panicking(text in ".{0,300}") {
        prop_assert!(telegram::verify(&text, BOT_TOKEN, NOW, 3600).is_err());
    }

    #[test]
    fn signed_init_data_reads_back_its_user_whatever_the_name(
        id in 1i64..i64::MAX / 2,
        name in tricky_text(),
        age in 0i64..3600,
    ) {
        let init_data = signed_init_data(id, &name, NOW - age);
        let user = telegram::verify(&init_data, BOT_TOKEN, NOW, 3600).expect("signed initData");
        prop_assert_eq!(user.id, id);
        prop_assert_eq!(user.first_name.as_deref(), Some(name.as_str()));
    }

    #[test]
    fn init_data_with_any_field_changed_is_refused(
        id in 1i64..i64::MAX / 2,
        name in tricky_text(),
        other in 1i64..i64::MAX / 2,
    ) {
        prop_assume!(other != id);
        let init_data = signed_init_data(id, &name, NOW);
        let forged = init_data.replacen(
            &format!("%22id%22%3A{id}"),
            &format!("%22id%22%3A{other}"),
            1,
        );
        prop_assert_ne!(&forged, &init_data);
        prop_assert_eq!(
            telegram::verify(&forged, BOT_TOKEN, NOW, 3600),
            Err(InitDataError::BadHash)
        );
    }

    #[test]
    fn init_data_older_than_the_window_is_refused(age in 3601i64..10_000_000) {
        let init_data = signed_init_data(7, "Анна", NOW - age);
        prop_assert_eq!(
            telegram::verify(&init_data, BOT_TOKEN, NOW, 3600),
            Err(InitDataError::Expired)
        );
    }

    #[test]
    fn cohort_csv_of_any_text_is_a_list_or_a_validation_problem(text in ".{0,400}") {
        match cohort_csv(&text) {
            Ok(handles) => prop_assert!(handles.iter().all(|h| !h.is_empty())),
            Err(e) => prop_assert!(matches!(e, ApiError::Validation(_)), "{e:?}"),
        }
    }

    #[test]
    fn cohort_csv_reads_the_handle_column_as_spreadsheets_export_it(
        handles in prop::collection::btree_set(handle(), 1..20)
            .prop_map(|set| set.into_iter().collect::<Vec<_>>()),
        before in 0usize..3,
        after in 0usize..3,
        bom in any::<bool>(),
        crlf in any::<bool>(),
        quoted in any::<bool>(),
        blank_lines in any::<bool>(),
    ) {
        let quote = |c: &str| if quoted { format!("\"{c}\"") } else { c.to_owned() };
        let row = |cell: &str| {
            let mut cells: Vec<String> = (0..before).map(|i| quote(&format!("x{i}"))).collect();
            cells.push(quote(cell));
            cells.extend((0..after).map(|i| quote(&format!("y{i}"))));
            cells.join(",")
        };
        let newline = if crlf { "\r\n" } else { "\n" };
        let mut lines = vec![row("Handle")];
        for h in &handles {
            lines.push(row(h));
            if blank_lines {
                lines.push(String::new());
            }
        }
        let csv = format!("{}{}", if bom { "\u{feff}" } else { "" }, lines.join(newline));
        prop_assert_eq!(cohort_csv(&csv).expect("a well-formed cohort"), handles);
    }

    #[test]
    fn jws_of_any_text_is_refused_without_panicking(text in "[A-Za-z0-9_.=-]{0,200}|.{0,200}") {
        let key = issuer_key();
        prop_assert!(signing::verify(&text, &key.public()).is_err());
    }

    #[test]
    fn a_signed_credential_verifies_and_any_changed_character_breaks_it(
        name in tricky_text(),
        number in any::<i64>(),
        position in any::<prop::sample::Index>(),
        replacement in "[A-Za-z0-9_-]",
    ) {
        let key = issuer_key();
        let credential = json!({ "name": name, "number": number });
        let token = key.sign(&credential);
        prop_assert_eq!(signing::verify(&token, &key.public()), Ok(credential));

        let at = position.index(token.len());
        let original = &token[at..at + 1];
        prop_assume!(original != "." && original != replacement);
        let forged = format!("{}{}{}", &token[..at], replacement, &token[at + 1..]);
        prop_assert!(
            matches!(
                signing::verify(&forged, &key.public()),
                Err(JwsError::Malformed | JwsError::UnsupportedHeader | JwsError::BadSignature)
            ),
            "a forged token verified: {forged}"
        );
    }

    #[test]
    fn status_list_bits_read_back_exactly(set in prop::collection::btree_set(0usize..300_000, 0..64)) {
        let set: Vec<usize> = set.into_iter().collect();
        let bits = status_list::decode(&status_list::encode(&set)).expect("our own list");
        prop_assert!(bits.len() >= status_list::MIN_ENTRIES / 8);
        for i in (0..bits.len() * 8).step_by(97).chain(set.iter().copied()) {
            prop_assert_eq!(status_list::is_set(&bits, i), set.contains(&i), "bit {}", i);
        }
    }

    #[test]
    fn status_list_of_any_text_decodes_or_is_refused_without_panicking(text in "u?[A-Za-z0-9_-]{0,300}|.{0,100}") {
        if let Some(bits) = status_list::decode(&text) {
            prop_assert!(!status_list::is_set(&bits, bits.len() * 8 + 1));
        }
    }

    #[test]
    fn uploads_are_judged_by_their_leading_bytes_however_the_body_is_chunked(
        (media_type, magic) in prop::sample::select(vec![
            ("application/pdf", b"%PDF-".to_vec()),
            ("image/png", b"\x89PNG\r\n\x1a\n".to_vec()),
            ("image/jpeg", b"\xff\xd8\xff".to_vec()),
        ]),
        rest in prop::collection::vec(any::<u8>(), 0..256),
        corrupt in any::<bool>(),
        cuts in prop::collection::vec(1usize..8, 0..40),
    ) {
        let mut bytes = magic.clone();
        if corrupt {
            bytes[0] ^= 0x20;
        }
        bytes.extend(rest);
        let stored = upload(media_type, &bytes, &cuts);
        match stored {
            Ok(size) => {
                prop_assert!(!corrupt);
                prop_assert_eq!(size, bytes.len() as u64);
            }
            Err(e) => {
                prop_assert!(corrupt);
                prop_assert!(matches!(e, ApiError::Validation(_)), "{e:?}");
            }
        }
    }

    #[test]
    fn canonical_json_reads_back_as_the_same_document_whatever_the_key_order(value in json_value()) {
        let canonical = canonical_json(&value);
        let parsed: Value = serde_json::from_str(&canonical).expect("canonical JSON is JSON");
        prop_assert_eq!(&parsed, &value);
        prop_assert_eq!(canonical_json(&reversed_keys(&value)), canonical.clone());
        // serde_json's own compact output sorts keys too (a BTreeMap without `preserve_order`):
        // an independent rendering of the same canonical form.
        prop_assert_eq!(canonical, serde_json::to_string(&value).expect("serializable"));
    }
}

fn issuer_key() -> IssuerKey {
    let master = MasterKey::from_hex(&SecretString::from("22".repeat(32))).expect("hex key");
    IssuerKey::of(&master, "https://iktomi.test", uuid::Uuid::nil(), 1)
}

/// Streams `bytes` into a throwaway store in chunks cut at `cuts`; the store keeps nothing of a
/// refused upload.
fn upload(media_type: &'static str, bytes: &[u8], cuts: &[usize]) -> Result<u64, ApiError> {
    let mut chunks = Vec::new();
    let mut rest = bytes;
    for &cut in cuts {
        if rest.is_empty() {
            break;
        }
        let (chunk, tail) = rest.split_at(cut.min(rest.len()));
        chunks.push(Ok::<_, std::io::Error>(chunk.to_vec()));
        rest = tail;
    }
    chunks.push(Ok(rest.to_vec()));
    let dir = tempfile::tempdir().expect("temporary directory");
    let body = Body::from_stream(futures::stream::iter(chunks));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let result = runtime.block_on(artifact_store::store(dir.path(), media_type, body, 4096));
    let files = walk(dir.path());
    match &result {
        Ok(_) => assert_eq!(files, 1, "one stored file"),
        Err(_) => assert_eq!(files, 0, "a refused upload leaves nothing behind"),
    }
    result.map(|stored| stored.size)
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .expect("readable")
        .map(|entry| {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path)
            } else {
                1
            }
        })
        .sum()
}

/// Documents as we emit them: strings, integers, booleans and nulls in nested objects and arrays.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        tricky_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(tricky_text(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The same document with every object's keys inserted in reverse order.
fn reversed_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut reversed = Map::new();
            for (k, v) in map.iter().rev() {
                reversed.insert(k.clone(), reversed_keys(v));
            }
            Value::Object(reversed)
        }
        Value::Array(items) => Value::Array(items.iter().map(reversed_keys).collect()),
        other => other.clone(),
    }
}
