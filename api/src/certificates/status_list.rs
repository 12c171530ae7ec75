//! W3C Bitstring Status List: a bitstring where bit `i` is the status of the credential whose
//! `statusListIndex` is `i` (index 0 is the most significant bit of the first byte), GZIP-compressed
//! and multibase-encoded as base64url without padding (prefix `u`). A list has at least 16 KiB
//! (131,072 entries), so that a verifier fetching it cannot tell which credential it checks.
use std::io::{Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use flate2::{read::GzDecoder, write::GzEncoder, Compression};

pub const MIN_ENTRIES: usize = 16 * 1024 * 8;

/// The encoded list with the bits at `set` on; longer than the minimum when an index needs it.
pub fn encode(set: &[usize]) -> String {
    let entries = set
        .iter()
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
        .max(MIN_ENTRIES);
    let mut bits = vec![0u8; entries.div_ceil(8)];
    for &i in set {
        bits[i / 8] |= 0x80 >> (i % 8);
    }
    let mut gzip = GzEncoder::new(Vec::new(), Compression::best());
    gzip.write_all(&bits)
        .and_then(|()| gzip.finish())
        .map(|compressed| format!("u{}", URL_SAFE_NO_PAD.encode(compressed)))
        .expect("compressing into memory does not fail")
}

/// The bitstring of an encoded list, or None when it is not a multibase base64url GZIP stream.
pub fn decode(encoded: &str) -> Option<Vec<u8>> {
    let compressed = URL_SAFE_NO_PAD.decode(encoded.strip_prefix('u')?).ok()?;
    let mut bits = Vec::new();
    GzDecoder::new(&compressed[..])
        .read_to_end(&mut bits)
        .ok()?;
    Some(bits)
}

pub fn is_set(bits: &[u8], index: usize) -> bool {
    bits.get(index / 8)
        .is_some_and(|byte| byte & (0x80 >> (index % 8)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_bits_read_back_and_the_list_has_the_minimum_size() {
        let encoded = encode(&[0, 9, 131_071]);
        let bits = decode(&encoded).unwrap();
        assert_eq!(bits.len(), 16 * 1024);
        assert_eq!(bits[0], 0x80);
        assert_eq!(bits[1], 0x40);
        assert!(is_set(&bits, 0) && is_set(&bits, 9) && is_set(&bits, 131_071));
        assert!(!is_set(&bits, 1) && !is_set(&bits, 8) && !is_set(&bits, 200_000));
        // An empty list of 16 KiB compresses to well under a kilobyte.
        assert!(encode(&[]).len() < 1024);
    }

    #[test]
    fn an_index_past_the_minimum_grows_the_list() {
        let bits = decode(&encode(&[200_000])).unwrap();
        assert_eq!(bits.len(), 200_001usize.div_ceil(8));
        assert!(is_set(&bits, 200_000));
    }

    #[test]
    fn garbage_does_not_decode() {
        assert!(decode("zabc").is_none());
        assert!(decode("uAAAA").is_none());
    }
}
