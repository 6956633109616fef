//! Every scenario's SARIF validates against the OASIS 2.1.0 schema (the
//! copy vendored under `crates/report/tests/data/`) and points each result
//! at the model line that declares the element or flow.

use serde_json::Value;
use threat_model::content::Content;
use threat_model::output::sarif;
use threat_model::{analyze, parse_str};

#[test]
fn every_scenario_validates_and_locates_results_in_the_model() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../report/tests/data/sarif-schema-2.1.0.json"
    ))
    .unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let content = Content::embedded().unwrap();
    assert!(content.scenarios.len() >= 7);
    for s in &content.scenarios {
        let path = format!("scenarios/{}", s.file);
        let a = analyze(parse_str(&path, s.yaml, content).unwrap(), content);
        let doc: Value = serde_json::from_str(&sarif::render(&a)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", s.name);
        let results = doc["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), a.threats.len());
        let lines: Vec<&str> = s.yaml.lines().collect();
        for (r, t) in results.iter().zip(&a.threats) {
            assert_eq!(
                r["partialFingerprints"]["barraiserFindingId/v1"],
                t.finding.id
            );
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], path.as_str());
            let line = loc["region"]["startLine"].as_u64().unwrap() as usize;
            let id = a.target_id(t.target);
            assert!(
                lines[line - 1].contains(id),
                "{}: result for `{id}` points at line {line}: {}",
                s.name,
                lines[line - 1]
            );
        }
    }
}
