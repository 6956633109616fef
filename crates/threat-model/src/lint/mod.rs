//! `threat-model lint`: checks a threat model a person wrote (its own
//! `threats:` and `critical_flow:`) for the red flags interview panels
//! penalise. One file per check, each documenting what it finds, why it
//! matters, an example and the fix.
//!
//! Lint reads the same YAML as `analyze`, so the author can run both: lint
//! grades the reasoning, analyze supplies the engine's own answer.

mod missing_critical_flow;
mod missing_priority;
mod over_architecting;
mod uncovered_flow;
mod vague_mitigation;

use crate::content::Content;
use crate::model::Model;
use report::{Category, Confidence, Finding, Location, Severity, Span, Stride};

/// Everything a check may look at.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub content: &'a Content,
}

/// Every lint check, in report order.
const CHECKS: &[fn(&Ctx, &mut Vec<Finding>)] = &[
    missing_critical_flow::check,
    missing_priority::check,
    uncovered_flow::check,
    vague_mitigation::check,
    over_architecting::check,
];

/// Ids of the lint rules, for `--help` and SARIF rule tables.
pub const RULES: &[&LintRule] = &[
    &missing_critical_flow::RULE,
    &missing_critical_flow::DIFFERS,
    &missing_priority::RULE,
    &uncovered_flow::RULE,
    &vague_mitigation::RULE,
    &over_architecting::RULE,
];

/// Run every check. Findings are sorted by position in the file.
pub fn lint(model: &Model, content: &Content) -> Vec<Finding> {
    let ctx = Ctx { model, content };
    let mut out = Vec::new();
    for check in CHECKS {
        check(&ctx, &mut out);
    }
    out.sort_by(|a, b| {
        let pos = |f: &Finding| f.location.span().map(|s| (s.start_line, s.start_column));
        pos(a).cmp(&pos(b)).then(a.id.cmp(&b.id))
    });
    out
}

/// Id and title of a lint rule.
pub struct LintRule {
    pub id: &'static str,
    pub title: &'static str,
}

/// What a lint finding is about: an id in the model and its type
/// (`threat`, `flow` or `model`).
pub(crate) struct Subject<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub span: Span,
}

/// Build a lint finding.
pub(crate) fn finding(
    rule: &LintRule,
    severity: Severity,
    subject: Subject,
    message: String,
    stride: Option<Stride>,
) -> Finding {
    let location = Location::Element {
        element: subject.id.to_string(),
        element_type: subject.kind.to_string(),
        span: Some(subject.span),
    };
    Finding {
        id: Finding::stable_id(rule.id, &location),
        rule_id: rule.id.to_string(),
        title: rule.title.to_string(),
        message,
        severity,
        confidence: Confidence::High,
        categories: stride.map(Category::Stride).into_iter().collect(),
        location,
        evidence: None,
        remediation: vec![],
        impact: None,
    }
}

/// Service names a mitigation may cite to count as naming a control: every
/// catalog `service`, with and without its "AWS "/"Amazon " prefix.
pub(crate) fn control_vocabulary(content: &Content) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for m in &content.mitigations {
        let s = m.service.to_ascii_lowercase();
        for part in s.split(['/', ',', '+', '(', ')']) {
            let part = part.trim();
            let short = part
                .trim_start_matches("aws ")
                .trim_start_matches("amazon ")
                .trim();
            for name in [part, short] {
                if name.len() >= 3 && !v.iter().any(|x| x == name) {
                    v.push(name.to_string());
                }
            }
        }
    }
    // Primitives people name without a service prefix.
    for extra in [
        "mtls",
        "tls 1.2",
        "tls 1.3",
        "sigv4",
        "iam role",
        "iam policy",
        "scp",
        "security group",
        "nacl",
        "vpc endpoint",
        "privatelink",
        "object lock",
        "cmk",
        "hsm",
        "presigned",
        "oidc",
        "jwt",
        "mfa",
        "rate limit",
        "rate-based",
        "throttl",
        "reserved concurrency",
    ] {
        if !v.iter().any(|x| x == extra) {
            v.push(extra.to_string());
        }
    }
    v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    v
}
