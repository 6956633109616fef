//! The SARIF writer's output validates against the OASIS SARIF 2.1.0 JSON
//! schema and carries what GitHub code scanning needs.
//!
//! `tests/data/sarif-schema-2.1.0.json` is the schema as shipped in the npm
//! package `@microsoft/sarif-multitool-linux` 5.7.0 (`package/sarif-2.1.0.json`,
//! MIT licence), the validator Microsoft publishes for SARIF: the OASIS
//! SARIF 2.1.0 schema as the SARIF SDK maintains it (declared against JSON
//! Schema draft 2020-12). Reproduce with
//! `npm pack @microsoft/sarif-multitool-linux@5.7.0` and unpack; sha256
//! `1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c`.
//! It is vendored so the test runs offline; `crates/threat-model/tests/sarif.rs`
//! uses the same copy.

use report::sarif::{self, RuleMeta, Tool};
use report::{
    Category, Confidence, Evidence, Finding, Location, Remediation, Severity, Span, Stride,
};
use serde_json::Value;

fn schema() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn span(path: &str, line: u32, col: u32) -> Span {
    Span {
        path: path.into(),
        start_line: line,
        start_column: col,
        end_line: Some(line),
        end_column: Some(col + 4),
    }
}

fn finding(rule: &str, severity: Severity, location: Location) -> Finding {
    Finding {
        id: Finding::stable_id(rule, &location),
        rule_id: rule.into(),
        title: format!("{rule} title"),
        message: format!("{rule} message with \"quotes\" and <angle> brackets"),
        severity,
        confidence: Confidence::High,
        categories: vec![Category::Stride(Stride::Spoofing), Category::Cwe(306)],
        location,
        evidence: None,
        remediation: vec![Remediation {
            id: "m".into(),
            title: "Do the thing".into(),
            service: "AWS WAF".into(),
            parameter: "200 requests per 5 minutes.".into(),
            metric: "BlockedRequests".into(),
            in_place: false,
        }],
        impact: None,
    }
}

fn sample() -> String {
    let mut with_path = finding(
        "X-flow",
        Severity::High,
        Location::File(span("src/app.py", 10, 5)),
    );
    with_path.evidence = Some(Evidence::Path {
        excerpt: Some("db.execute(q)".into()),
        steps: vec![
            (span("src/app.py", 3, 1), "source".into()),
            (span("src/app.py", 10, 5), "sink".into()),
        ],
    });
    let findings = vec![
        finding(
            "X-crit",
            Severity::Critical,
            Location::File(span("./dir with space/a.yaml", 0, 0)),
        ),
        with_path,
        finding(
            "X-med",
            Severity::Medium,
            Location::Element {
                element: "checkout".into(),
                element_type: "service".into(),
                span: Some(span("model.yaml", 7, 3)),
            },
        ),
        finding(
            "X-low",
            Severity::Low,
            Location::Element {
                element: "db".into(),
                element_type: "store".into(),
                span: None,
            },
        ),
        finding(
            "X-info",
            Severity::Info,
            Location::File(span("b.yaml", 1, 1)),
        ),
    ];
    let rules = vec![RuleMeta {
        id: "X-crit".into(),
        name: "X-crit".into(),
        short_description: "Critical thing".into(),
        full_description: "A longer description.".into(),
        help_markdown: "**Fix** it.".into(),
        default_severity: Severity::Critical,
        tags: vec!["stride/spoofing".into()],
        cwe: vec![306, 287],
    }];
    sarif::render(&Tool::barraiser(), &rules, &findings, "model.yaml")
}

#[test]
fn output_validates_against_the_sarif_2_1_0_schema() {
    let schema = schema();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let doc: Value = serde_json::from_str(&sample()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_schema_rejects_a_broken_log() {
    // Guards against a validator that accepts everything.
    let schema = schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut doc: Value = serde_json::from_str(&sample()).unwrap();
    doc["version"] = Value::from("2.0.0");
    assert!(!validator.is_valid(&doc));
    let mut doc: Value = serde_json::from_str(&sample()).unwrap();
    doc["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&doc));
}

#[test]
fn github_code_scanning_requirements() {
    let doc: Value = serde_json::from_str(&sample()).unwrap();
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 5, "one descriptor per fired rule");
    for r in rules {
        let sev: f64 = r["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=10.0).contains(&sev));
        assert!(r["properties"]["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "security"));
    }
    let crit = rules.iter().find(|r| r["id"] == "X-crit").unwrap();
    let tags: Vec<&str> = crit["properties"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(tags.contains(&"external/cwe/cwe-306") && tags.contains(&"external/cwe/cwe-287"));
    for (i, res) in run["results"].as_array().unwrap().iter().enumerate() {
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"], "result {i}");
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            !uri.starts_with('/') && !uri.contains(' ') && !uri.starts_with("./"),
            "{uri}"
        );
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
        assert!(res["partialFingerprints"]["barraiserFindingId/v1"].is_string());
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "dir%20with%20space/a.yaml"
    );
    assert!(
        results[1]["codeFlows"][0]["threadFlows"][0]["locations"]
            .as_array()
            .unwrap()
            .len()
            == 2
    );
    assert_eq!(
        results[2]["locations"][0]["logicalLocations"][0]["name"],
        "checkout"
    );
    assert_eq!(
        results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "model.yaml"
    );
}

fn validate(doc: &Value) {
    let schema = schema();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn undescribed_rules_get_cwe_tags_from_their_findings() {
    let doc: Value = serde_json::from_str(&sample()).unwrap();
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let flow = rules.iter().find(|r| r["id"] == "X-flow").unwrap();
    let tags: Vec<&str> = flow["properties"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(
        tags,
        ["security", "external/cwe/cwe-306", "stride/spoofing"],
        "{flow:#}"
    );
    assert_eq!(flow["properties"]["security-severity"], "8.0");
}

#[test]
fn repeated_tags_empty_messages_and_bad_regions_stay_valid() {
    // `propertyBag.tags` is `uniqueItems` in the schema: a caller repeating
    // `security` or a CWE tag, or a finding listing a category twice, must
    // not make the log invalid.
    let mut f = finding(
        "X-dup",
        Severity::High,
        Location::File(Span {
            path: "C:\\src\\100% sure.yaml".into(),
            start_line: 0,
            start_column: 0,
            end_line: Some(0),
            end_column: Some(0),
        }),
    );
    f.categories.push(Category::Cwe(306));
    f.categories.push(Category::Stride(Stride::Spoofing));
    f.message = "  ".into();
    f.remediation.clear();
    let rules = vec![RuleMeta {
        id: "X-dup".into(),
        name: "X-dup".into(),
        short_description: "s".into(),
        full_description: "f".into(),
        help_markdown: "h".into(),
        default_severity: Severity::High,
        tags: vec!["security".into(), "external/cwe/cwe-306".into()],
        cwe: vec![306, 287, 306],
    }];
    let doc: Value =
        serde_json::from_str(&sarif::render(&Tool::barraiser(), &rules, &[f], "m.yaml")).unwrap();
    validate(&doc);
    let run = &doc["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"][0]["properties"]["tags"],
        serde_json::json!(["security", "external/cwe/cwe-306", "external/cwe/cwe-287"])
    );
    let res = &run["results"][0];
    assert_eq!(
        res["properties"]["tags"],
        serde_json::json!(["stride/spoofing", "external/cwe/cwe-306"])
    );
    assert_eq!(res["message"]["text"], "X-dup title");
    let loc = &res["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["region"],
        serde_json::json!({"startLine": 1, "startColumn": 1})
    );
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "C%3A/src/100%25%20sure.yaml"
    );
}

#[test]
fn output_is_deterministic() {
    assert_eq!(sample(), sample());
}

#[test]
fn snapshot() {
    insta::assert_snapshot!(sample());
}
