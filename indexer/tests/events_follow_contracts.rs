//! The indexer follows exactly the events the built contracts declare: an event added, renamed
//! or changed in a contract (which changes its signature topic) fails here, not in production.
use std::collections::BTreeSet;

use iktomi_indexer::decode::known_events;

fn declared(bundle: &str) -> BTreeSet<(String, String)> {
    let path = iktomi_devnet::bundles_dir()
        .join(bundle)
        .join(format!("{bundle}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; build the contracts first (./scripts/build-contracts)",
            path.display()
        )
    });
    let metadata: serde_json::Value = serde_json::from_str(&text).expect("contract metadata");
    metadata["spec"]["events"]
        .as_array()
        .expect("spec.events")
        .iter()
        .map(|e| {
            (
                e["label"].as_str().unwrap_or_default().to_owned(),
                e["signature_topic"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_indexer_decodes_every_event_the_contracts_declare_and_no_other() {
    let followed: BTreeSet<(String, String)> = known_events()
        .into_iter()
        .map(|(name, topic)| (name.to_owned(), format!("0x{}", hex::encode(topic))))
        .collect();
    for bundle in ["iktomi_registry", "iktomi_tenure"] {
        assert_eq!(declared(bundle), followed, "events of {bundle}");
    }
}
