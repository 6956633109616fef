//! Every scenario's SARIF validates against the OASIS 2.1.0 schema (the
//! copy vendored under `crates/report/tests/data/`, provenance in
//! `crates/report/tests/sarif_schema.rs`) and points each result at the
//! model line that declares the element or flow. A small inline model checks
//! the rule descriptors against the rule content and the artifact URI
//! encoding of an awkward model path.

use serde_json::Value;
use std::collections::BTreeSet;
use threat_model::content::Content;
use threat_model::output::sarif;
use threat_model::{analyze, parse_str, Analysis};

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../report/tests/data/sarif-schema-2.1.0.json"
    ))
    .unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("schema compiles")
}

/// Render `a` as SARIF, validate it, and check what holds for any model:
/// one result per threat in order, fingerprints are the finding ids, every
/// result points at the line of `yaml` that declares its element or flow.
fn render_and_check(v: &jsonschema::Validator, name: &str, a: &Analysis, yaml: &str) -> Value {
    let doc: Value = serde_json::from_str(&sarif::render(a)).unwrap();
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), a.threats.len(), "{name}");
    let lines: Vec<&str> = yaml.lines().collect();
    for (r, t) in results.iter().zip(&a.threats) {
        assert_eq!(
            r["partialFingerprints"]["barraiserFindingId/v1"],
            t.finding.id
        );
        assert_eq!(r["ruleId"], t.finding.rule_id.as_str());
        let loc = &r["locations"][0]["physicalLocation"];
        let line = loc["region"]["startLine"].as_u64().unwrap() as usize;
        let id = a.target_id(t.target);
        assert!(
            line >= 1 && lines[line - 1].contains(id),
            "{name}: result for `{id}` points at line {line}: {}",
            lines[line - 1]
        );
        assert_eq!(r["locations"][0]["logicalLocations"][0]["name"], id);
    }
    doc
}

#[test]
fn every_scenario_validates_and_locates_results_in_the_model() {
    let v = validator();
    let content = Content::embedded().unwrap();
    // Iterates whatever scenarios ship; the count itself is checked by the
    // content tests.
    for s in &content.scenarios {
        let path = format!("scenarios/{}", s.file);
        let a = analyze(parse_str(&path, s.yaml, content).unwrap(), content);
        let doc = render_and_check(&v, &s.name, &a, s.yaml);
        for r in doc["runs"][0]["results"].as_array().unwrap() {
            assert_eq!(
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                path.as_str()
            );
        }
    }
}

const MODEL: &str = r#"name: Checkout
user_story:
  actor: shopper
  action: pays with a stored card
  asset: card-token
boundaries:
  - id: internet
    kind: internet
  - id: aws
    kind: account
  - id: vpc
    kind: vpc
    parent: aws
actors:
  - id: shopper
    kind: user
    boundary: internet
services:
  - id: api
    kind: api-gateway
    boundary: aws
  - id: pay
    kind: lambda
    boundary: vpc
stores:
  - id: tokens
    kind: dynamodb
    boundary: vpc
    stores: [card-token]
data:
  - id: card-token
    classification: restricted
    tags: [pci]
    records: 1000000
flows:
  - id: checkout
    from: shopper
    to: api
    protocol: https
    data: [card-token]
  - id: charge
    from: api
    to: pay
    data: [card-token]
  - id: save
    from: pay
    to: tokens
    data: [card-token]
"#;

#[test]
fn inline_model_rules_and_uri() {
    let v = validator();
    let content = Content::embedded().unwrap();
    // A path as a user might type it on the command line: `./` prefix and a
    // space, which must become a relative, percent-encoded URI.
    let a = analyze(
        parse_str("./models/check out.yaml", MODEL, content).unwrap(),
        content,
    );
    assert!(!a.threats.is_empty(), "the model is weak enough to fire");
    let doc = render_and_check(&v, "inline", &a, MODEL);
    let run = &doc["runs"][0];

    // One descriptor per distinct rule that fired, sorted by id, each taken
    // from the rule content.
    let fired: BTreeSet<&str> = a.findings().map(|f| f.rule_id.as_str()).collect();
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, fired.iter().copied().collect::<Vec<_>>());
    for r in rules {
        let id = r["id"].as_str().unwrap();
        let rule = content.rules.iter().find(|c| c.id == id).unwrap();
        assert_eq!(r["shortDescription"]["text"], rule.title.as_str());
        assert_eq!(r["fullDescription"]["text"], rule.description.as_str());
        let tags: Vec<&str> = r["properties"]["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert!(tags.contains(&"security"), "{id}: {tags:?}");
        for n in &rule.cwe {
            let tag = format!("external/cwe/cwe-{n}");
            assert!(tags.contains(&tag.as_str()), "{id}: {tags:?}");
        }
        let sev: f64 = r["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=10.0).contains(&sev));
    }
    for r in run["results"].as_array().unwrap() {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "models/check%20out.yaml"
        );
    }
    // Same input, same bytes.
    assert_eq!(sarif::render(&a), sarif::render(&a));
}
