//! The ASFF writer's output passes the import rules Security Hub enforces
//! (required fields, formats, length limits) for every shape of finding,
//! including hostile lengths and non-ASCII text.

use proptest::prelude::*;
use report::asff::{self, Context};
use report::{Category, Confidence, Evidence, Finding, Location, Remediation, Severity, Span};
use serde_json::Value;

fn ctx() -> Context {
    Context::new("123456789012", "eu-west-1", "2026-11-23T12:00:00Z".into()).unwrap()
}

fn finding(title: &str, message: &str, location: Location, cwe: Option<u32>) -> Finding {
    Finding {
        id: Finding::stable_id("sqli", &location),
        rule_id: "sqli".into(),
        title: title.into(),
        message: message.into(),
        severity: Severity::Critical,
        confidence: Confidence::Medium,
        categories: cwe.map(Category::Cwe).into_iter().collect(),
        location,
        evidence: Some(Evidence::Excerpt {
            text: "cur.execute(f\"SELECT * FROM t WHERE id = {x}\")".into(),
        }),
        remediation: vec![Remediation {
            id: "sqli".into(),
            title: "Use a parameterised query.".into(),
            service: "".into(),
            parameter: "cur.execute(\"SELECT * FROM t WHERE id = %s\", (x,))".into(),
            metric: "".into(),
            in_place: false,
        }],
        impact: None,
    }
}

fn file(path: &str) -> Location {
    Location::File(Span {
        path: path.into(),
        start_line: 12,
        start_column: 5,
        end_line: Some(12),
        end_column: Some(20),
    })
}

fn rendered(findings: &[Finding]) -> Vec<Value> {
    let text = asff::render(&ctx(), findings);
    let v: Value = serde_json::from_str(&text).expect("valid JSON");
    v.as_array().expect("an array").clone()
}

#[test]
fn code_finding_has_every_required_field() {
    let out = rendered(&[finding(
        "SQL injection",
        "Request data reaches a SQL query.",
        file("app/views.py"),
        Some(89),
    )]);
    assert_eq!(out.len(), 1);
    assert_eq!(asff::validate(&out[0]), Vec::<String>::new());
    assert_eq!(
        out[0]["Types"][0],
        "Software and Configuration Checks/Vulnerabilities/CWE-89"
    );
    assert_eq!(out[0]["Severity"]["Label"], "CRITICAL");
    assert_eq!(out[0]["Confidence"], 60);
    assert_eq!(out[0]["Resources"][0]["Details"]["Other"]["line"], "12");
    insta::assert_json_snapshot!("asff_code_finding", out[0]);
}

#[test]
fn model_element_without_cwe_uses_best_practices_type() {
    let loc = Location::Element {
        element: "payments-db".into(),
        element_type: "store".into(),
        span: None,
    };
    let out = rendered(&[finding("Tampering", "Unencrypted store.", loc, None)]);
    assert_eq!(asff::validate(&out[0]), Vec::<String>::new());
    assert_eq!(
        out[0]["Types"][0],
        "Software and Configuration Checks/AWS Security Best Practices"
    );
    assert_eq!(out[0]["Resources"][0]["Id"], "store/payments-db");
}

#[test]
fn over_long_fields_are_cut_to_the_limits() {
    let long = "é".repeat(5000);
    let out = rendered(&[finding(&long, &long, file(&"d/".repeat(600)), Some(79))]);
    assert_eq!(asff::validate(&out[0]), Vec::<String>::new());
    assert_eq!(out[0]["Title"].as_str().unwrap().chars().count(), 256);
    assert_eq!(
        out[0]["Description"].as_str().unwrap().chars().count(),
        1024
    );
}

#[test]
fn validator_catches_broken_findings() {
    let mut v = rendered(&[finding("t", "m", file("a.py"), Some(89))]).remove(0);
    v["AwsAccountId"] = "12".into();
    v["Title"] = "x".repeat(300).into();
    v["Types"] = serde_json::json!(["Made Up/Thing"]);
    v.as_object_mut().unwrap().remove("Resources");
    let errs = asff::validate(&v);
    assert_eq!(errs.len(), 4, "{errs:?}");
}

#[test]
fn empty_input_is_an_empty_array() {
    assert_eq!(asff::render(&ctx(), &[]).trim(), "[]");
}

proptest! {
    #[test]
    fn any_text_renders_to_valid_asff(title in "\\PC{0,400}", message in "\\PC{0,1500}", path in "[a-z/._-]{1,700}") {
        let out = rendered(&[finding(&title, &message, file(&path), Some(22))]);
        prop_assert_eq!(asff::validate(&out[0]), Vec::<String>::new());
    }
}
