//! The `tc-json` export parses as AWS Threat Composer's data-exchange
//! format: it validates against a transcription of Threat Composer's zod
//! import schema (`tests/data/threat-composer-v1.schema.json`, sources
//! named in its `$comment`), and its links are consistent.

use serde_json::Value;
use std::collections::HashSet;
use threat_model::content::Content;
use threat_model::output::tc_json;
use threat_model::{analyze, parse_str};

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/threat-composer-v1.schema.json"
    ))
    .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn check(name: &str, doc: &Value) {
    let v = validator();
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
    let ids = |k: &str| -> HashSet<String> {
        doc[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    let threats = ids("threats");
    let mitigations = ids("mitigations");
    assert_eq!(
        threats.len(),
        doc["threats"].as_array().unwrap().len(),
        "{name}: duplicate threat ids"
    );
    for l in doc["mitigationLinks"].as_array().unwrap() {
        assert!(
            mitigations.contains(l["mitigationId"].as_str().unwrap()),
            "{name}: dangling mitigation link"
        );
        assert!(
            threats.contains(l["linkedId"].as_str().unwrap()),
            "{name}: dangling threat link"
        );
    }
}

#[test]
fn every_scenario_exports_a_valid_threat_composer_file() {
    let content = Content::embedded().unwrap();
    for s in &content.scenarios {
        let a = analyze(parse_str(&s.file, s.yaml, content).unwrap(), content);
        let doc: Value = serde_json::from_str(&tc_json::render(&a)).unwrap();
        check(&s.name, &doc);
        assert_eq!(doc["threats"].as_array().unwrap().len(), a.threats.len());
    }
}

#[test]
fn long_and_hostile_names_stay_within_the_limits() {
    let content = Content::embedded().unwrap();
    let long = "x".repeat(500);
    let yaml = format!(
        "name: \"{long}\"\nassumptions: [\"{long}{long}{long}\"]\nactors:\n  - {{id: u, kind: user, name: \"<b>{long}\"}}\nservices:\n  - {{id: s, kind: lambda, name: \"\\\"quoted\\\" {long}\"}}\nflows:\n  - {{id: f, from: u, to: s}}\n"
    );
    let a = analyze(parse_str("long.yaml", &yaml, content).unwrap(), content);
    let doc: Value = serde_json::from_str(&tc_json::render(&a)).unwrap();
    check("long", &doc);
}

#[test]
fn the_schema_rejects_what_threat_composer_rejects() {
    let v = validator();
    let bad = serde_json::json!({"schema": 1, "threats": [{"id": "x", "numericId": 1, "threatAction": "a".repeat(201)}]});
    assert!(!v.is_valid(&bad));
    let bad = serde_json::json!({"schema": 1, "threats": [{"id": "x", "numericId": 1, "metadata": [{"key": "Priority", "value": "Urgent"}]}]});
    assert!(!v.is_valid(&bad));
    let bad = serde_json::json!({"schema": 1, "mitigationLinks": [{"mitigationId": "short", "linkedId": "short"}]});
    assert!(!v.is_valid(&bad));
}

#[test]
fn export_is_deterministic() {
    let content = Content::embedded().unwrap();
    let s = content.scenario("payment-fraud").unwrap();
    let a = analyze(parse_str(&s.file, s.yaml, content).unwrap(), content);
    let b = analyze(parse_str(&s.file, s.yaml, content).unwrap(), content);
    assert_eq!(tc_json::render(&a), tc_json::render(&b));
}
