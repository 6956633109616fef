//! **What it finds.** Responses that carry secrets no client needs:
//! password hashes, MFA seeds, API keys, card numbers.
//!
//! **Why it matters.** API3:2023 (excessive data exposure). The UI may not
//! show the field, but anyone with a proxy sees it; combined with BOLA the
//! hashes and MFA seeds of every user leak.
//!
//! **Example.** `GET /api/me` returns `password_hash` and `mfa_secret`.
//!
//! **Fix.** Serialize responses from an explicit allow-list of fields per
//! operation; never return credential material.

use super::{finding, Ctx, Rule};
use report::{Confidence, Evidence, Finding, Severity};

pub const RULE: Rule = Rule {
    id: "idor/excessive-data-exposure",
    title: "The response carries secrets the client does not need",
    severity: Severity::Medium,
    owasp: "API3:2023",
    cwe: 213,
    why: "Credential material or secrets are serialized into API responses.",
    fix: "build responses from an allow-list of fields (a response DTO); drop password hashes, MFA secrets, keys and tokens from every read model",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.outcome
        .exposure
        .iter()
        .filter(|(_, x)| !x.secret_fields.is_empty())
        .map(|(ep, x)| {
            let f: Vec<&str> = x.secret_fields.iter().map(String::as_str).collect();
            let (sev, who) = if x.to_others {
                (Severity::High, "and other users received them")
            } else {
                (RULE.severity, "to the caller")
            };
            let msg = format!(
                "responses include {} ({who}); the values are redacted in this report.",
                f.join(", ")
            );
            finding(
                &RULE,
                ep,
                msg,
                sev,
                Confidence::High,
                Some(Evidence::Facts {
                    facts: f.iter().map(|s| format!("field `{s}` present")).collect(),
                }),
                None,
            )
        })
        .collect()
}
