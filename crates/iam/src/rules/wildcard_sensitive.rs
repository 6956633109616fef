//! **wildcard-sensitive**: a wildcard action on a sensitive service
//! (`s3:*`, `iam:*`, `kms:*`, `iam:Put*`, `secretsmanager:Get*`...).
//!
//! Why it matters: a service wildcard grants every action of the service,
//! including the permissions-management and data-reading ones, and every
//! action AWS adds later. On identity, key, secret and data services that
//! is how a narrow task turns into account takeover or a data breach.
//! Severity is high when the resource is `*` too.
//!
//! Example:
//! ```json
//! {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
//! ```
//!
//! Fix: name the actions. The printed rewrite replaces each wildcard with
//! the service's read-only actions on a named resource; add the few write
//! actions the workload really calls.

use super::{detail, statement_facts, statement_json, where_, Hit, PolicyView, RuleInfo};
use crate::model::Effect;
use crate::pattern::{is_all_actions, service_of};
use crate::subject::is_unconstrained;
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "wildcard-sensitive",
    title: "Wildcard action on a sensitive service",
    severity: Severity::High,
    cwe: 732,
    why: "A service wildcard grants permissions management, data access and future actions of identity, key, secret and data services.",
    fix: "Name the actions the workload calls, on named resources.",
};

pub fn check(view: &PolicyView<'_, '_>, out: &mut Vec<Hit>) {
    let content = crate::content::get();
    let p = view.policy();
    for (si, s) in p.doc.statement.iter().enumerate() {
        if s.effect != Effect::Allow || s.principal.is_some() {
            continue;
        }
        let Some(actions) = &s.action else { continue };
        if actions.iter().any(|a| is_all_actions(a)) {
            continue; // reported as full-admin
        }
        let mut wild: Vec<(&str, &crate::content::Service)> = Vec::new();
        for a in actions {
            let Some((_, name)) = a.split_once(':') else {
                continue;
            };
            if !(name.contains('*') || name.contains('?')) {
                continue;
            }
            if let Some(svc) = service_of(a).and_then(|s| content.service(&s)) {
                wild.push((a.as_str(), svc));
            }
        }
        if wild.is_empty() {
            continue;
        }
        let broad = is_unconstrained(s);
        let mut facts = statement_facts(view, si);
        for (a, svc) in &wild {
            facts.push(format!("{a}: {} holds {}", svc.service, svc.why));
        }
        let patterns: Vec<&str> = wild.iter().map(|(a, _)| *a).collect();
        out.push(Hit {
            rule: INFO,
            severity: if broad { Severity::High } else { Severity::Medium },
            confidence: Confidence::High,
            message: format!(
                "{} allows {} on {}.",
                where_(view, si),
                patterns.join(", "),
                if broad { "every resource" } else { "the named resources" }
            ),
            location: view.subject.location_at(view.index, si),
            detail: detail(view, si),
            facts,
            fix_title: "Replace the wildcard with named actions (read-only shown; add the writes the workload calls) on named resources".into(),
            rewrite: Some(rewrite(s, &wild, broad)),
        });
    }
}

fn rewrite(
    s: &crate::model::Statement,
    wild: &[(&str, &crate::content::Service)],
    broad: bool,
) -> serde_json::Value {
    let mut stmt = statement_json(s);
    let mut actions: Vec<String> = s
        .action
        .iter()
        .flatten()
        .filter(|a| !wild.iter().any(|(w, _)| w == a))
        .cloned()
        .collect();
    for (_, svc) in wild {
        actions.extend(svc.read.iter().cloned());
    }
    actions.sort();
    actions.dedup();
    stmt["Action"] = serde_json::json!(actions);
    if broad {
        let mut arns: Vec<&str> = wild.iter().map(|(_, s)| s.arn.as_str()).collect();
        arns.sort_unstable();
        arns.dedup();
        stmt["Resource"] = serde_json::json!(arns);
        if let Some(o) = stmt.as_object_mut() {
            o.remove("NotResource");
        }
    }
    serde_json::json!({"Version": "2012-10-17", "Statement": [stmt]})
}

#[cfg(test)]
mod tests {
    use crate::testutil::{audit_doc, rule_ids};

    #[test]
    fn service_wildcards() {
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","kms:Get*"],"Resource":"*"}]}"#,
        );
        let h: Vec<_> = f
            .iter()
            .filter(|x| x.rule_id == "wildcard-sensitive")
            .collect();
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].severity, report::Severity::High);
        assert!(h[0].message.contains("s3:*, kms:Get*"), "{}", h[0].message);
        let v: serde_json::Value = serde_json::from_str(&h[0].remediation[0].parameter).unwrap();
        assert!(v["Statement"][0]["Action"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a != "s3:*"));
        assert_eq!(
            v["Statement"][0]["Resource"][0],
            "arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID"
        );
    }

    #[test]
    fn constrained_is_medium_and_harmless_services_pass() {
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}"#,
        );
        assert_eq!(
            f.iter()
                .find(|x| x.rule_id == "wildcard-sensitive")
                .unwrap()
                .severity,
            report::Severity::Medium
        );
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudwatch:*","s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}]}"#,
        );
        assert_eq!(rule_ids(&f, "wildcard-sensitive"), 0);
    }
}
