//! The OpenAPI document is what the web app's client is generated from, so it must tell the
//! truth: one id per operation, and problems under their own media type.
use std::collections::BTreeMap;

use serde_json::Value;

fn document() -> Value {
    serde_json::to_value(iktomi_api::startup::api().1).expect("a JSON document")
}

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

#[test]
fn every_operation_has_its_own_id() {
    let doc = document();
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(id) = item[method]["operationId"].as_str() {
                ids.entry(id.to_owned())
                    .or_default()
                    .push(format!("{method} {path}"));
            }
        }
    }
    assert!(ids.len() > 100, "{} operations", ids.len());
    let shared: Vec<_> = ids.iter().filter(|(_, ops)| ops.len() > 1).collect();
    assert!(shared.is_empty(), "{shared:?}");
    assert!(ids.contains_key("post_verification_requests_id_approve"));
}

#[test]
fn refusals_and_failures_are_problem_documents() {
    let doc = document();
    let mut declared = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            let Some(responses) = item[method]["responses"].as_object() else {
                continue;
            };
            for (status, response) in responses {
                let Some(content) = response["content"].as_object() else {
                    continue;
                };
                if status.starts_with('4') || status.starts_with('5') {
                    declared += 1;
                    assert!(
                        content.keys().all(|k| k == "application/problem+json"),
                        "{method} {path} {status}: {:?}",
                        content.keys().collect::<Vec<_>>()
                    );
                }
            }
        }
    }
    assert!(declared > 300, "{declared} problem answers declared");
}

#[test]
fn every_problem_type_is_listed() {
    let doc = document();
    let kinds = doc["components"]["schemas"]["Problem"]["properties"]["type"]["enum"]
        .as_array()
        .expect("the problem types are listed");
    assert!(kinds.len() > 50, "{} problem types", kinds.len());
    for slug in ["validation", "issuer-retired", "rate-limited", "not-found"] {
        let kind = format!("https://iktomi.dev/problems/{slug}");
        assert!(kinds.iter().any(|k| k == &kind), "{kind}");
    }
}
