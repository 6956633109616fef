//! **invalid-version**: a policy whose `Version` is not `2012-10-17` or
//! `2008-10-17`, or that has no `Version` but uses policy variables.
//!
//! Why it matters: IAM rejects an unknown version outright, so the policy
//! the author believes is in force is not. Without a Version IAM assumes
//! `2008-10-17`, where `${aws:username}` is literal text: a statement meant
//! to be self-service then matches nothing, or the wrong thing.
//!
//! Example: `"Version": "2012-10-18"`, or `"Version": "2012-10-17 "`.
//!
//! Fix: `"Version": "2012-10-17"`.

use super::{Hit, PolicyView, RuleInfo};
use crate::model::VALID_VERSIONS;
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "invalid-version",
    title: "Policy Version is missing or not a valid policy language version",
    severity: Severity::Medium,
    cwe: 20,
    why:
        "IAM rejects unknown versions, and without a Version policy variables are not substituted.",
    fix: "Set \"Version\": \"2012-10-17\".",
};

pub fn check(view: &PolicyView<'_, '_>, out: &mut Vec<Hit>) {
    let p = view.policy();
    let (severity, message) = match p.doc.version.as_deref() {
        Some(v) if VALID_VERSIONS.contains(&v) => return,
        Some(v) => (
            Severity::Medium,
            format!(
                "{} has Version {v:?}; IAM accepts only \"2012-10-17\" or \"2008-10-17\".",
                p.describe()
            ),
        ),
        None => {
            let text = serde_json::to_string(p.doc).unwrap_or_default();
            if !text.contains("${") {
                return;
            }
            (
                Severity::Low,
                format!(
                    "{} has no Version, so IAM reads it as 2008-10-17 and its policy variables (${{...}}) stay literal text.",
                    p.describe()
                ),
            )
        }
    };
    let mut doc = serde_json::to_value(p.doc).unwrap_or_default();
    doc["Version"] = serde_json::json!("2012-10-17");
    out.push(Hit {
        rule: INFO,
        severity,
        confidence: Confidence::High,
        message,
        location: view.subject.location(view.index),
        detail: p.arn.clone().unwrap_or_else(|| p.name.clone()),
        facts: Vec::new(),
        fix_title: "Set Version to 2012-10-17".into(),
        rewrite: Some(doc),
    });
}

#[cfg(test)]
mod tests {
    use crate::testutil::{audit_doc, rule_ids};

    #[test]
    fn versions() {
        assert_eq!(
            rule_ids(
                &audit_doc(r#"{"Version":"2012-10-18","Statement":[]}"#),
                "invalid-version"
            ),
            1
        );
        assert_eq!(
            rule_ids(
                &audit_doc(r#"{"Version":"2008-10-17","Statement":[]}"#),
                "invalid-version"
            ),
            0
        );
        assert_eq!(
            rule_ids(&audit_doc(r#"{"Statement":[]}"#), "invalid-version"),
            0
        );
        assert_eq!(
            rule_ids(
                &audit_doc(
                    r#"{"Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b/${aws:username}"}]}"#
                ),
                "invalid-version"
            ),
            1
        );
    }
}
