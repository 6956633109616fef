//! **lint/vague-mitigation**: a mitigation names no concrete control, or
//! names one with no parameter.
//!
//! *Why it matters.* "Use encryption" or "secure the API" tells the panel
//! nothing; they score a control with a setting they can check, such as a
//! WAF rate-based rule at 200 requests per 5 minutes per IP.
//!
//! *Example.* `mitigations: ["Encrypt the data"]`.
//!
//! *Fix.* Name the AWS primitive and its measurable setting:
//! "KMS customer-managed key, rotation every 365 days; alarm on
//! CloudTrail Decrypt by any other role".

use super::{control_vocabulary, finding, Ctx, LintRule, Subject};
use report::{Finding, Severity};

pub const RULE: LintRule = LintRule {
    id: "lint/vague-mitigation",
    title: "Mitigation is not a concrete, measurable control",
};

/// Phrases that are never a control on their own.
const VAGUE: &[&str] = &[
    "use encryption",
    "encrypt the data",
    "encrypt everything",
    "secure the",
    "best practice",
    "harden",
    "add security",
    "be careful",
    "monitor it",
    "proper ",
    "appropriate",
    "as needed",
];

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let vocab = control_vocabulary(ctx.content);
    for t in &ctx.model.user_threats {
        if t.mitigations.is_empty() {
            out.push(finding(
                &RULE,
                Severity::High,
                Subject {
                    id: &t.id,
                    kind: "threat",
                    span: t.span.clone(),
                },
                format!(
                    "threat `{}` lists no mitigation; name the AWS control and its setting",
                    t.id
                ),
                t.stride.first().copied(),
            ));
        }
        for (text, span) in &t.mitigations {
            let lower = text.to_ascii_lowercase();
            let control = vocab.iter().find(|v| contains_word(&lower, v));
            let has_number = text.chars().any(|c| c.is_ascii_digit());
            let vague = VAGUE.iter().find(|p| lower.contains(*p));
            let message = match (control, has_number, vague) {
                (None, _, _) => Some(format!(
                    "\"{}\" names no concrete control{}; name the AWS primitive and its setting, e.g. \"AWS WAF rate-based rule, 200 requests per 5 minutes per IP on /login\"",
                    text,
                    vague.map(|v| format!(" (\"{}\" is a wish, not a control)", v.trim())).unwrap_or_default()
                )),
                (Some(c), false, _) => Some(format!(
                    "\"{text}\" names {c} but no measurable parameter; add the number that makes it checkable (a rate, a rotation period, a retention, a TLS version)"
                )),
                _ => None,
            };
            if let Some(message) = message {
                out.push(finding(
                    &RULE,
                    Severity::Medium,
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

/// `needle` occurs in `hay` at word boundaries.
fn contains_word(hay: &str, needle: &str) -> bool {
    let mut start = 0;
    while let Some(pos) = hay[start..].find(needle) {
        let i = start + pos;
        let before = hay[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        let after = hay[i + needle.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        if before && after {
            return true;
        }
        start = i + needle.len().max(1);
        if start >= hay.len() {
            break;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::contains_word;

    #[test]
    fn word_boundaries() {
        assert!(contains_word("enable aws waf now", "waf"));
        assert!(!contains_word("wafer thin", "waf"));
        assert!(contains_word("kms", "kms"));
    }
}
