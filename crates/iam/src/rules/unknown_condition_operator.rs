//! **unknown-condition-operator**: a `Condition` block uses an operator IAM
//! does not know (`StringEqual`, `ForSomeValues:StringLike`,
//! `NullIfExists`...). The documented operators are in
//! content/iam/condition-operators.json; each may take the `IfExists`
//! suffix (except `Null`) and the `ForAllValues:`/`ForAnyValue:` prefixes.
//!
//! Why it matters: IAM rejects the policy, or (in tools that skip unknown
//! operators) the restriction silently disappears and the statement grants
//! more than intended.
//!
//! Example: `"Condition": {"StringEqual": {"aws:PrincipalOrgID": "o-123"}}`.
//!
//! Fix: use the documented name (`StringEquals`).

use super::{detail, where_, Hit, PolicyView, RuleInfo};
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "unknown-condition-operator",
    title: "Condition uses an unknown operator",
    severity: Severity::Medium,
    cwe: 20,
    why: "IAM rejects unknown condition operators; a condition that does not apply restricts nothing.",
    fix: "Use a documented condition operator.",
};

pub fn check(view: &PolicyView<'_, '_>, out: &mut Vec<Hit>) {
    let content = crate::content::get();
    let p = view.policy();
    for (si, s) in p.doc.statement.iter().enumerate() {
        let Some(cond) = &s.condition else { continue };
        let bad: Vec<&str> = cond
            .keys()
            .map(String::as_str)
            .filter(|op| !content.is_known_operator(op))
            .collect();
        if bad.is_empty() {
            continue;
        }
        let suggestions: Vec<String> = bad.iter().map(|b| suggest(b, &content.operators)).collect();
        out.push(Hit {
            rule: INFO,
            severity: Severity::Medium,
            confidence: Confidence::High,
            message: format!(
                "{} uses unknown condition operator{} {}.",
                where_(view, si),
                if bad.len() > 1 { "s" } else { "" },
                bad.iter()
                    .map(|b| format!("{b:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            location: view.subject.location_at(view.index, si),
            detail: detail(view, si),
            facts: suggestions,
            fix_title: "Use a documented condition operator".into(),
            rewrite: None,
        });
    }
}

/// `did you mean StringEquals?` by edit distance on the base name.
fn suggest(bad: &str, known: &[String]) -> String {
    let best = known
        .iter()
        .map(|k| {
            (
                edit_distance(&bad.to_ascii_lowercase(), &k.to_ascii_lowercase()),
                k,
            )
        })
        .min();
    match best {
        Some((d, k)) if d <= 3 => format!("{bad:?}: did you mean {k:?}?"),
        _ => format!("{bad:?}: not a condition operator"),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use crate::testutil::{audit_doc, rule_ids};

    #[test]
    fn unknown_and_known() {
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{"StringEqual":{"aws:PrincipalOrgID":"o-1"},"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":"a"}}}]}"#,
        );
        let h = f
            .iter()
            .find(|x| x.rule_id == "unknown-condition-operator")
            .unwrap();
        assert!(h.message.contains("\"StringEqual\""), "{}", h.message);
        assert!(format!("{:?}", h.evidence).contains("did you mean \\\"StringEquals\\\""));
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{"NumericLessThanEquals":{"s3:max-keys":"10"},"Null":{"aws:TokenIssueTime":"true"}}}]}"#,
        );
        assert_eq!(rule_ids(&f, "unknown-condition-operator"), 0);
    }
}
