//! **full-admin**: a statement that allows every action on every resource,
//! directly (`"Action": "*"` or `"*:*"` on `"Resource": "*"`) or through
//! `NotAction` (allow everything except a short list) — the
//! **admin-via-not-action** variant.
//!
//! Why it matters: whoever holds the policy can do anything in the account,
//! including erasing the audit trail and granting the same to others. A
//! stolen key of such a principal is a whole-account compromise.
//! `NotAction` with Allow is the quiet form of the same thing: every action
//! that exists today or is launched tomorrow is granted unless listed.
//!
//! Example:
//! ```json
//! {"Effect": "Allow", "Action": "*", "Resource": "*"}
//! {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
//! ```
//!
//! Fix: give people job-function permissions and keep administrator rights
//! for a break-glass role. The rewrite the rule prints keeps the statement
//! but makes it usable only with MFA and denies the identity-management
//! actions otherwise.

use super::{detail, statement_facts, statement_json, where_, Hit, PolicyView, RuleInfo};
use crate::model::Effect;
use crate::pattern::is_all_actions;
use crate::subject::is_unconstrained;
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "full-admin",
    title: "Policy grants full administrator rights",
    severity: Severity::Critical,
    cwe: 269,
    why: "Allows every action on every resource: a stolen credential is a whole-account compromise.",
    fix: "Replace with job-function permissions; keep administrator rights for an MFA-protected break-glass role.",
};

pub const INFO_NOT_ACTION: RuleInfo = RuleInfo {
    id: "admin-via-not-action",
    title: "Allow with NotAction on every resource grants nearly everything",
    severity: Severity::High,
    cwe: 269,
    why: "Allow + NotAction grants every action not listed, including future ones.",
    fix: "List the actions to allow with Action instead of excluding a few with NotAction.",
};

pub fn check(view: &PolicyView<'_, '_>, out: &mut Vec<Hit>) {
    let p = view.policy();
    for (si, s) in p.doc.statement.iter().enumerate() {
        if s.effect != Effect::Allow || s.principal.is_some() || !is_unconstrained(s) {
            continue;
        }
        let conditional = s.condition.as_ref().is_some_and(|c| !c.is_empty());
        let admin = s
            .action
            .as_ref()
            .is_some_and(|a| a.iter().any(|x| is_all_actions(x)));
        let mut facts = statement_facts(view, si);
        if admin {
            if conditional {
                facts.push("the statement has a Condition; it grants everything whenever the condition holds".into());
            }
            out.push(Hit {
                rule: INFO,
                severity: if conditional { Severity::High } else { Severity::Critical },
                confidence: Confidence::High,
                message: format!(
                    "{} allows every action on every resource ({}).",
                    where_(view, si),
                    if conditional { "under a condition" } else { "no condition" }
                ),
                location: view.subject.location_at(view.index, si),
                detail: detail(view, si),
                facts,
                fix_title: "Split the administrator statement: job-function permissions for daily work, full rights only with MFA".into(),
                rewrite: Some(admin_rewrite(s)),
            });
        } else if let (Some(na), None) = (&s.not_action, &s.action) {
            let excluded: Vec<&str> = na.iter().map(String::as_str).collect();
            if excluded.iter().any(|x| is_all_actions(x)) {
                continue; // NotAction "*" grants nothing
            }
            facts.push(format!("everything except: {}", excluded.join(", ")));
            out.push(Hit {
                rule: INFO_NOT_ACTION,
                severity: if conditional { Severity::Medium } else { Severity::High },
                confidence: Confidence::High,
                message: format!(
                    "{} allows every action except {} on every resource.",
                    where_(view, si),
                    excluded.join(", ")
                ),
                location: view.subject.location_at(view.index, si),
                detail: detail(view, si),
                facts,
                fix_title: "Replace NotAction with the list of services this principal uses, and require MFA for the rest".into(),
                rewrite: Some(admin_rewrite(s)),
            });
        }
    }
}

/// The statement kept, but only with MFA, plus a Deny of identity and
/// organization management without MFA.
fn admin_rewrite(s: &crate::model::Statement) -> serde_json::Value {
    let mut kept = statement_json(s);
    kept["Condition"]["Bool"]["aws:MultiFactorAuthPresent"] = serde_json::json!("true");
    if kept.get("Sid").is_none() {
        kept["Sid"] = serde_json::json!("AdminOnlyWithMfa");
    }
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            kept,
            {
                "Sid": "NoIdentityChangesWithoutMfa",
                "Effect": "Deny",
                "Action": ["iam:*", "organizations:*", "account:*", "sts:AssumeRole"],
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
            }
        ]
    })
}

#[cfg(test)]
mod tests {
    use crate::testutil::{audit_doc, rule_ids};

    #[test]
    fn star_star_and_not_action() {
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        );
        assert_eq!(rule_ids(&f, "full-admin"), 1);
        assert_eq!(
            f.iter()
                .find(|x| x.rule_id == "full-admin")
                .unwrap()
                .severity,
            report::Severity::Critical
        );
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","*:*"],"Resource":["*"]}]}"#,
        );
        assert_eq!(rule_ids(&f, "full-admin"), 1);
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}]}"#,
        );
        assert_eq!(rule_ids(&f, "admin-via-not-action"), 1);
        assert_eq!(rule_ids(&f, "full-admin"), 0);
    }

    #[test]
    fn not_admin() {
        for doc in [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::bucket/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
        ] {
            let f = audit_doc(doc);
            assert_eq!(
                rule_ids(&f, "full-admin") + rule_ids(&f, "admin-via-not-action"),
                0,
                "{doc}"
            );
        }
    }

    #[test]
    fn rewrite_requires_mfa() {
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        );
        let r = &f
            .iter()
            .find(|x| x.rule_id == "full-admin")
            .unwrap()
            .remediation[0];
        let v: serde_json::Value = serde_json::from_str(&r.parameter).unwrap();
        assert_eq!(
            v["Statement"][0]["Condition"]["Bool"]["aws:MultiFactorAuthPresent"],
            "true"
        );
        // The rewrite is itself a valid policy document.
        serde_json::from_value::<crate::model::PolicyDocument>(v).unwrap();
    }
}
