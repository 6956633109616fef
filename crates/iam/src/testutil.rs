//! Helpers for the rule tests.

use report::Finding;

pub fn audit_doc(json: &str) -> Vec<Finding> {
    let crate::Input::Documents(docs) = crate::input::parse("p.json", json).unwrap() else {
        panic!("not a document")
    };
    crate::audit_documents("p.json", &docs, &crate::AuditOptions::default())
}

pub fn audit_details(json: &str) -> Vec<Finding> {
    let d: crate::AuthorizationDetails = serde_json::from_str(json).unwrap();
    crate::audit(&d)
}

pub fn rule_ids(f: &[Finding], rule: &str) -> usize {
    f.iter().filter(|x| x.rule_id == rule).count()
}

pub fn methods(json: &str) -> Vec<String> {
    audit_doc(json)
        .into_iter()
        .filter(|f| f.rule_id == "privilege-escalation")
        .map(|f| f.id.rsplit('#').next().unwrap().to_string())
        .collect()
}
