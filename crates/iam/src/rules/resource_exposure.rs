//! **resource-exposure**: permissions-management actions (s3:PutBucketPolicy,
//! kms:PutKeyPolicy, lambda:AddPermission, ecr:SetRepositoryPolicy,
//! sqs:AddPermission, ec2:ModifySnapshotAttribute...) allowed on every
//! resource.
//!
//! Why it matters: these actions decide who *else* may use a resource. On
//! `Resource: "*"` the principal can make any bucket public, share any
//! snapshot with an outside account or let anyone decrypt with any key,
//! without touching IAM.
//!
//! Example:
//! ```json
//! {"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "*"}
//! ```
//!
//! Fix: grant them only on the resources the principal administers; the
//! rewrite does that with ARN templates.

use super::data_exfiltration::summarize;
use super::{
    detail, granted_on_everything, named_resource_rewrite, statement_facts, where_, Hit,
    PolicyView, RuleInfo,
};
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "resource-exposure",
    title: "Permissions-management actions without a resource constraint",
    severity: Severity::High,
    cwe: 732,
    why: "Resource-policy, ACL, grant and sharing actions on Resource \"*\" let the principal expose any resource to other accounts or to everyone.",
    fix: "Restrict the permissions-management actions to the resources the principal administers.",
};

pub fn check(view: &PolicyView<'_, '_>, out: &mut Vec<Hit>) {
    let content = crate::content::get();
    let p = view.policy();
    for (si, s) in p.doc.statement.iter().enumerate() {
        let hits = granted_on_everything(s, &content.exposure);
        if hits.is_empty() {
            continue;
        }
        let names: Vec<&str> = hits.iter().map(|a| a.action.as_str()).collect();
        let conditional = s.condition.as_ref().is_some_and(|c| !c.is_empty());
        let mut facts = statement_facts(view, si);
        facts.push(format!(
            "manages access on every resource: {}",
            names.join(", ")
        ));
        out.push(Hit {
            rule: INFO,
            severity: if conditional {
                Severity::Medium
            } else {
                Severity::High
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
            fix_title: "Limit the permissions-management actions to named resources".into(),
            rewrite: Some(named_resource_rewrite(s, &hits)),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{audit_doc, rule_ids};

    #[test]
    fn policy_writes_on_star() {
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutBucketPolicy","kms:PutKeyPolicy","lambda:AddPermission","ecr:SetRepositoryPolicy","sqs:AddPermission"],"Resource":"*"}]}"#,
        );
        let h = f.iter().find(|x| x.rule_id == "resource-exposure").unwrap();
        assert!(h.message.contains("and 1 more"), "{}", h.message);
        let v: serde_json::Value = serde_json::from_str(&h.remediation[0].parameter).unwrap();
        assert_eq!(v["Statement"].as_array().unwrap().len(), 1);
        assert!(v["Statement"][0]["Resource"].as_array().unwrap().len() == 5);
    }

    #[test]
    fn named_bucket_passes() {
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutBucketPolicy","Resource":"arn:aws:s3:::logs"}]}"#,
        );
        assert_eq!(rule_ids(&f, "resource-exposure"), 0);
    }
}
