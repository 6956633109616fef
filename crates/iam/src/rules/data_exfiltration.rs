//! **data-exfiltration**: actions that read stored data (s3:GetObject,
//! secretsmanager:GetSecretValue, ssm:GetParameter*, kms:Decrypt,
//! dynamodb:Scan/Query...) allowed on every resource.
//!
//! Why it matters: with `Resource: "*"` the principal reads every bucket,
//! secret, parameter or table in the account, including ones created after
//! the policy was written. A leaked credential becomes a data breach.
//!
//! Example:
//! ```json
//! {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}
//! ```
//!
//! Fix: name the resources. The printed rewrite puts an ARN template per
//! action in place of `*` (fill in the names), or, when the statement also
//! grants other actions, adds a Deny of the reading actions outside them.

use super::{
    detail, granted_on_everything, named_resource_rewrite, statement_facts, where_, Hit,
    PolicyView, RuleInfo,
};
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "data-exfiltration",
    title: "Data-reading actions without a resource constraint",
    severity: Severity::Medium,
    cwe: 200,
    why: "Reading actions on Resource \"*\" reach every object, secret, parameter, key and table in the account.",
    fix: "Restrict the reading actions to named ARNs.",
};

pub fn check(view: &PolicyView<'_, '_>, out: &mut Vec<Hit>) {
    let content = crate::content::get();
    let p = view.policy();
    for (si, s) in p.doc.statement.iter().enumerate() {
        let hits = granted_on_everything(s, &content.exfiltration);
        if hits.is_empty() {
            continue;
        }
        let names: Vec<&str> = hits.iter().map(|a| a.action.as_str()).collect();
        let conditional = s.condition.as_ref().is_some_and(|c| !c.is_empty());
        let mut facts = statement_facts(view, si);
        facts.push(format!("reads on every resource: {}", names.join(", ")));
        out.push(Hit {
            rule: INFO,
            severity: if conditional {
                Severity::Low
            } else {
                Severity::Medium
            },
            confidence: if conditional {
                Confidence::Medium
            } else {
                Confidence::High
            },
            message: format!(
                "{} allows {} on every resource.",
                where_(view, si),
                summarize(&names)
            ),
            location: view.subject.location_at(view.index, si),
            detail: detail(view, si),
            facts,
            fix_title: "Limit the data-reading actions to named resources".into(),
            rewrite: Some(named_resource_rewrite(s, &hits)),
        });
    }
}

/// `a, b, c and 4 more`.
pub fn summarize(names: &[&str]) -> String {
    if names.len() <= 4 {
        names.join(", ")
    } else {
        format!("{} and {} more", names[..4].join(", "), names.len() - 4)
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{audit_doc, rule_ids};

    #[test]
    fn reads_on_star() {
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:GetParameter*","s3:GetObject"],"Resource":"*"}]}"#,
        );
        let h = f.iter().find(|x| x.rule_id == "data-exfiltration").unwrap();
        assert!(h.message.contains("s3:GetObject"), "{}", h.message);
        let v: serde_json::Value = serde_json::from_str(&h.remediation[0].parameter).unwrap();
        // ssm:GetParameter* is a wildcard, so the rewrite adds a Deny outside named ARNs.
        assert_eq!(v["Statement"][1]["Effect"], "Deny");
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#,
        );
        let h = f.iter().find(|x| x.rule_id == "data-exfiltration").unwrap();
        let v: serde_json::Value = serde_json::from_str(&h.remediation[0].parameter).unwrap();
        assert_eq!(
            v["Statement"][0]["Resource"][0],
            "arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:SECRET_NAME-*"
        );
    }

    #[test]
    fn named_resources_pass() {
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}"#,
        );
        assert_eq!(rule_ids(&f, "data-exfiltration"), 0);
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}"#,
        );
        assert_eq!(rule_ids(&f, "data-exfiltration"), 0);
    }
}
