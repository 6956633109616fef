//! The rules, one file each. Statement rules look at one policy's
//! statements; effective rules look at a subject's permissions as a whole.

use crate::subject::{statement_label, Subject};
use report::{Category, Confidence, Evidence, Finding, Location, Remediation, Severity};
use std::sync::Arc;

pub mod credential_exposure;
pub mod data_exfiltration;
pub mod full_admin;
pub mod invalid_version;
pub mod privilege_escalation;
pub mod resource_exposure;
pub mod trust_policy;
pub mod unknown_condition_operator;
pub mod wildcard_sensitive;

/// What a rule is, for `--list-rules`, SARIF rule metadata and docs.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub cwe: u32,
    pub why: &'static str,
    pub fix: &'static str,
}

/// Every rule, in id order.
pub fn all() -> Vec<RuleInfo> {
    let mut v = vec![
        full_admin::INFO,
        full_admin::INFO_NOT_ACTION,
        wildcard_sensitive::INFO,
        privilege_escalation::INFO,
        data_exfiltration::INFO,
        resource_exposure::INFO,
        credential_exposure::INFO,
        trust_policy::INFO_OPEN,
        trust_policy::INFO_CROSS_ACCOUNT,
        trust_policy::INFO_OIDC,
        invalid_version::INFO,
        unknown_condition_operator::INFO,
    ];
    v.sort_by_key(|r| r.id);
    v
}

/// Every rule as SARIF describes it, for the CLI's and the web app's
/// SARIF output alike.
pub fn sarif_metas() -> Vec<report::sarif::RuleMeta> {
    all()
        .into_iter()
        .map(|r| report::sarif::RuleMeta {
            id: r.id.to_string(),
            name: r.title.to_string(),
            short_description: r.title.to_string(),
            full_description: r.why.to_string(),
            help_markdown: format!("{}\n\n**Fix:** {}", r.why, r.fix),
            default_severity: r.severity,
            tags: vec!["iam".into(), "aws".into()],
            cwe: vec![r.cwe],
        })
        .collect()
}

/// Everything a statement rule needs about the policy it looks at.
pub struct PolicyView<'s, 'a> {
    pub subject: &'s Subject<'a>,
    pub index: usize,
    /// Principals the (managed) policy is attached to, for the evidence.
    pub attached_to: &'s [String],
}

impl PolicyView<'_, '_> {
    pub fn policy(&self) -> &crate::subject::PolicyRef<'_> {
        &self.subject.policies[self.index]
    }
}

/// A finding under construction.
pub struct Hit {
    pub rule: RuleInfo,
    pub severity: Severity,
    pub confidence: Confidence,
    pub message: String,
    pub location: Location,
    /// Distinguishes several findings of one rule on one element.
    pub detail: String,
    pub facts: Vec<String>,
    pub fix_title: String,
    /// The least-privilege rewrite, as JSON, when one can be derived.
    pub rewrite: Option<serde_json::Value>,
}

impl Hit {
    pub fn into_finding(self) -> Finding {
        let base = Finding::stable_id(self.rule.id, &self.location);
        let id = if self.detail.is_empty() || matches!(self.location, Location::File(_)) {
            if self.detail.is_empty() {
                base
            } else {
                format!("{base}#{}", self.detail)
            }
        } else {
            format!("{base}#{}", self.detail)
        };
        let parameter = match &self.rewrite {
            Some(v) => serde_json::to_string_pretty(v).unwrap_or_default(),
            None => self.rule.fix.to_string(),
        };
        Finding {
            id,
            rule_id: self.rule.id.to_string(),
            title: self.rule.title.to_string(),
            message: self.message,
            severity: self.severity,
            confidence: self.confidence,
            categories: vec![
                Category::Cwe(self.rule.cwe),
                Category::Stride(report::Stride::ElevationOfPrivilege),
            ],
            location: self.location,
            evidence: (!self.facts.is_empty()).then_some(Evidence::Facts { facts: self.facts }),
            remediation: vec![Remediation {
                id: Arc::from(format!("iam/{}", self.rule.id)),
                title: Arc::from(self.fix_title),
                service: Arc::from("AWS IAM"),
                parameter: Arc::from(parameter),
                metric: Arc::from(
                    "IAM Access Analyzer policy validation and unused-access findings for this principal",
                ),
                in_place: false,
            }],
            impact: None,
        }
    }
}

/// `policy p, statement Sid` for messages.
pub fn where_(view: &PolicyView<'_, '_>, si: usize) -> String {
    let p = view.policy();
    let s = &p.doc.statement.0[si];
    format!("{}, statement {}", p.describe(), statement_label(s, si))
}

/// The `detail` part of a statement finding's id.
pub fn detail(view: &PolicyView<'_, '_>, si: usize) -> String {
    let p = view.policy();
    let s = &p.doc.statement.0[si];
    let name = p.arn.as_deref().unwrap_or(&p.name);
    if view.subject.element_type == "policy" {
        statement_label(s, si)
    } else {
        format!("{name}/{}", statement_label(s, si))
    }
}

/// The common facts of a statement finding.
pub fn statement_facts(view: &PolicyView<'_, '_>, si: usize) -> Vec<String> {
    let mut f = vec![format!("in {}", where_(view, si))];
    if !view.attached_to.is_empty() {
        let mut shown: Vec<&str> = view
            .attached_to
            .iter()
            .take(10)
            .map(String::as_str)
            .collect();
        shown.sort();
        let more = view.attached_to.len().saturating_sub(shown.len());
        f.push(format!(
            "attached to {}{}",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    f
}

/// The statement as JSON, for rewrites.
pub fn statement_json(s: &crate::model::Statement) -> serde_json::Value {
    serde_json::to_value(s).unwrap_or(serde_json::Value::Null)
}

/// The actions of `list` an Allow statement grants on a broad resource.
/// Full-admin statements are left to that rule.
pub fn granted_on_everything<'c>(
    s: &crate::model::Statement,
    list: &'c [crate::content::ActionArn],
) -> Vec<&'c crate::content::ActionArn> {
    if s.effect != crate::model::Effect::Allow
        || s.principal.is_some()
        || !crate::subject::is_unconstrained(s)
        || s.action
            .as_ref()
            .is_some_and(|a| a.iter().any(|x| crate::pattern::is_all_actions(x)))
    {
        return Vec::new();
    }
    list.iter()
        .filter(|a| crate::subject::covers_action(s, &a.action))
        .collect()
}

/// Rewrite for actions granted on `*`: when the statement grants only
/// those actions, the same statement on named resources; otherwise the
/// statement kept as is plus a Deny of those actions outside the named
/// resources. Both are valid policy JSON.
pub fn named_resource_rewrite(
    s: &crate::model::Statement,
    hits: &[&crate::content::ActionArn],
) -> serde_json::Value {
    let mut actions: Vec<&str> = hits.iter().map(|a| a.action.as_str()).collect();
    actions.sort_unstable();
    actions.dedup();
    let mut arns: Vec<&str> = hits.iter().map(|a| a.arn.as_str()).collect();
    arns.sort_unstable();
    arns.dedup();
    let only_these = s.action.as_ref().is_some_and(|a| {
        a.iter().all(|p| {
            !p.contains('*')
                && !p.contains('?')
                && hits.iter().any(|h| h.action.eq_ignore_ascii_case(p))
        })
    });
    let statements = if only_these {
        let mut stmt = statement_json(s);
        stmt["Resource"] = serde_json::json!(arns);
        if let Some(o) = stmt.as_object_mut() {
            o.remove("NotResource");
        }
        vec![stmt]
    } else {
        vec![
            statement_json(s),
            serde_json::json!({
                "Sid": "OnlyNamedResources",
                "Effect": "Deny",
                "Action": actions,
                "NotResource": arns,
            }),
        ]
    };
    serde_json::json!({ "Version": "2012-10-17", "Statement": statements })
}
