//! **credential-exposure**: actions whose response carries credentials
//! (iam:CreateAccessKey, iam:CreateLoginProfile, sts:GetFederationToken,
//! ecr:GetAuthorizationToken, redshift:GetClusterCredentials,
//! ec2:GetPasswordData...) allowed on every resource.
//!
//! Why it matters: the caller receives a key, password or token it can
//! use or hand on. On `Resource: "*"` that includes other users' keys and
//! passwords, which is also a privilege-escalation path.
//!
//! Example:
//! ```json
//! {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"}
//! ```
//!
//! Fix: self-service only, e.g. `arn:aws:iam::ACCOUNT_ID:user/${aws:username}`
//! for access keys; named clusters and users for database credentials.
//! Actions that support only `*` (ecr:GetAuthorizationToken) are reported at
//! low severity: grant them to the workloads that pull images and nobody
//! else.

use super::data_exfiltration::summarize;
use super::{
    detail, granted_on_everything, named_resource_rewrite, statement_facts, where_, Hit,
    PolicyView, RuleInfo,
};
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "credential-exposure",
    title: "Credential-issuing actions without a resource constraint",
    severity: Severity::Medium,
    cwe: 522,
    why: "Actions that return keys, passwords or tokens on Resource \"*\" hand out credentials of other identities.",
    fix: "Restrict credential-issuing actions to the caller itself (${aws:username}) or named resources.",
};

pub fn check(view: &PolicyView<'_, '_>, out: &mut Vec<Hit>) {
    let content = crate::content::get();
    let p = view.policy();
    for (si, s) in p.doc.statement.iter().enumerate() {
        let hits = granted_on_everything(s, &content.credentials);
        if hits.is_empty() {
            continue;
        }
        let names: Vec<&str> = hits.iter().map(|a| a.action.as_str()).collect();
        // Actions that have no resource-level permission can only be "*".
        let only_star = hits.iter().all(|a| a.arn == "*");
        let conditional = s.condition.as_ref().is_some_and(|c| !c.is_empty());
        let mut facts = statement_facts(view, si);
        facts.push(format!("returns credentials: {}", names.join(", ")));
        out.push(Hit {
            rule: INFO,
            severity: if only_star || conditional {
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
            fix_title: "Limit credential-issuing actions to the caller itself or named resources"
                .into(),
            rewrite: Some(named_resource_rewrite(s, &hits)),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{audit_doc, rule_ids};

    #[test]
    fn keys_for_anyone() {
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"}]}"#,
        );
        let h = f
            .iter()
            .find(|x| x.rule_id == "credential-exposure")
            .unwrap();
        assert_eq!(h.severity, report::Severity::Medium);
        let v: serde_json::Value = serde_json::from_str(&h.remediation[0].parameter).unwrap();
        assert_eq!(
            v["Statement"][0]["Resource"][0],
            "arn:aws:iam::ACCOUNT_ID:user/${aws:username}"
        );
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}]}"#,
        );
        assert_eq!(
            f.iter()
                .find(|x| x.rule_id == "credential-exposure")
                .unwrap()
                .severity,
            report::Severity::Low
        );
    }

    #[test]
    fn registry_and_ide_tokens() {
        for action in [
            "codeartifact:GetAuthorizationToken",
            "cloud9:CreateEnvironmentToken",
        ] {
            let f = audit_doc(&format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"*"}}]}}"#
            ));
            assert_eq!(rule_ids(&f, "credential-exposure"), 1, "{action}: {f:#?}");
        }
    }

    #[test]
    fn self_service_passes() {
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::*:user/${aws:username}"}]}"#,
        );
        assert_eq!(rule_ids(&f, "credential-exposure"), 0);
    }
}
