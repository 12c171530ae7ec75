//! Every problem `type` the API can answer, so the OpenAPI document can list them and the web
//! app can translate each one; a test keeps the list equal to the slugs the code uses.

/// The slugs after `https://iktomi.dev/problems/`, sorted.
pub const PROBLEM_SLUGS: &[&str] = &[
    "already-applied",
    "already-asked",
    "already-claimed",
    "already-in-progress",
    "already-member",
    "already-minted",
    "already-reviewed",
    "already-signed",
    "already-verified",
    "application-not-at-offer",
    "attempt-over",
    "attempt-running",
    "attestation-closed",
    "attestation-not-open",
    "bad-request",
    "badge-exists",
    "badge-held",
    "bot-not-chat-admin",
    "certificate-expired",
    "certificate-hidden",
    "certificate-not-pending",
    "certificate-revoked",
    "chain-refused",
    "chat-taken",
    "community-unproven",
    "contract-changed",
    "contract-exists",
    "contract-frozen",
    "contract-not-active",
    "contract-not-completed",
    "contract-not-open",
    "contract-not-signed",
    "custodial-issuer",
    "custodial-wallet",
    "custodial-wallet-exists",
    "email-taken",
    "export-request-closed",
    "external-issuer",
    "external-wallet",
    "forbidden",
    "foreign-destination",
    "foreign-supersede",
    "funding-rate-limited",
    "handle-reserved",
    "handle-taken",
    "holder-full",
    "identity-linked-elsewhere",
    "illegal-transition",
    "internal",
    "invalid-credentials",
    "issuer-exists",
    "issuer-not-suspended",
    "issuer-retired",
    "issuer-suspended",
    "last-admin",
    "level-reached",
    "lineage-full",
    "malformed-request",
    "method-not-allowed",
    "migration-not-accepted",
    "milestone-not-reached",
    "no-attempts-left",
    "no-document",
    "no-signing-key",
    "not-an-employee",
    "not-an-issuer",
    "not-found",
    "not-pending",
    "not-signed-by-both",
    "not-written",
    "payload-too-large",
    "program-closed",
    "rate-limited",
    "reauthentication-required",
    "registry-refused",
    "request-in-progress",
    "roadmap-exists",
    "rotated-recently",
    "step-exists",
    "tenure-refused",
    "theory-first",
    "timeout",
    "too-many-pending",
    "unauthenticated",
    "unavailable",
    "unsupported-media-type",
    "upload-quota-exceeded",
    "upstream",
    "vacancy-closed",
    "validation",
    "verification-pending",
    "wallet-being-funded",
    "wallet-belongs-to-organization",
    "wallet-not-funded",
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::PROBLEM_SLUGS;

    /// The slug literal right after each `needle`; after `StatusCode::X` it must follow a `,`
    /// (`problem(StatusCode::X, "…")`, `(StatusCode::X, "…")`) or a `=>` (a match arm).
    fn literals_after(text: &str, needle: &str, found: &mut BTreeSet<String>) {
        for (at, _) in text.match_indices(needle) {
            let mut rest = &text[at + needle.len()..];
            if needle == "StatusCode::" {
                let end = rest
                    .find(|c: char| !(c.is_ascii_uppercase() || c == '_'))
                    .unwrap_or(rest.len());
                let after = rest[end..].trim_start();
                match after.strip_prefix(',').or_else(|| after.strip_prefix("=>")) {
                    Some(tail) => rest = tail,
                    None => continue,
                }
            }
            let rest = rest.trim_start();
            let Some(literal) = rest.strip_prefix('"') else {
                continue;
            };
            let slug = literal.split('"').next().unwrap_or_default();
            let is_slug = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
            if !slug.is_empty() && slug.chars().all(is_slug) {
                found.insert(slug.to_owned());
            }
        }
    }

    /// Every slug passed to `ApiError::conflict` or paired with a status in `dir`.
    fn slugs_in(dir: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("source dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                slugs_in(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                literals_after(&text, "conflict(", found);
                literals_after(&text, "StatusCode::", found);
            }
        }
    }

    #[test]
    fn the_list_names_every_problem_the_code_answers_with() {
        let mut found = BTreeSet::new();
        slugs_in(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        let listed: BTreeSet<String> = PROBLEM_SLUGS.iter().map(|s| (*s).to_owned()).collect();
        let missing: Vec<_> = found.difference(&listed).collect();
        assert!(missing.is_empty(), "add to PROBLEM_SLUGS: {missing:?}");
        let mut sorted = PROBLEM_SLUGS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            sorted, PROBLEM_SLUGS,
            "keep PROBLEM_SLUGS sorted and unique"
        );
    }
}
