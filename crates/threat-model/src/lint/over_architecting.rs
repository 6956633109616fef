//! **lint/over-architecting**: a mitigation proposes a custom build where a
//! managed AWS service already does the job.
//!
//! *Why it matters.* Proposing a home-made key service when AWS KMS exists
//! reads as adding complexity instead of judgment: more code to secure,
//! audit and keep running, for a weaker result.
//!
//! *Example.* `mitigations: ["Build our own key management service with
//! rotation every 90 days"]`.
//!
//! *Fix.* Use the managed control the finding names (here AWS KMS with a
//! customer-managed key) and spend the effort on its configuration.

use super::{finding, Ctx, LintRule, Subject};
use report::{Finding, Severity};

pub const RULE: LintRule = LintRule {
    id: "lint/over-architecting",
    title: "Custom build where a managed service exists",
};

/// Words that announce a custom build.
const CUSTOM: &[&str] = &[
    "custom ",
    "home-grown",
    "homegrown",
    "home-made",
    "homemade",
    "in-house",
    "our own",
    "from scratch",
    "roll our",
    "hand-rolled",
    "bespoke",
];

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for t in &ctx.model.user_threats {
        for (text, span) in &t.mitigations {
            let lower = text.to_ascii_lowercase();
            let hit = ctx.content.mitigations.iter().find_map(|m| {
                m.replaces
                    .iter()
                    .find(|p| lower.contains(p.as_str()))
                    .map(|p| (m, p))
            });
            let announces_custom = CUSTOM.iter().any(|c| lower.contains(c));
            let message = match hit {
                Some((m, phrase)) => Some(format!(
                    "\"{text}\" builds {phrase} by hand; {} already does this as a managed service: {} ({})",
                    m.service, m.title, m.parameter.trim_end_matches('.')
                )),
                None if announces_custom => Some(format!(
                    "\"{text}\" proposes a custom build; check whether a managed AWS service covers it before designing one"
                )),
                None => None,
            };
            if let Some(message) = message {
                let severity = if hit.is_some() {
                    Severity::Medium
                } else {
                    Severity::Low
                };
                out.push(finding(
                    &RULE,
                    severity,
                    Subject {
                        id: &t.id,
                        kind: "threat",
                        span: span.clone(),
                    },
                    message,
                    t.stride.first().copied(),
                ));
            }
        }
    }
}
