//! **What it finds.** Replays that got a success status but not clearly
//! the owner's object, or a redirect or server error: neither a refusal
//! nor a leak.
//!
//! **Why it matters.** A different body can still hold the object (a
//! wrapper, a partial view); a 500 can mean the check crashed rather than
//! refused. Someone has to look.
//!
//! **Example.** Bob's `GET /api/orders/1001` returns 200 with
//! `{"results": []}` while Alice's returns the order.
//!
//! **Fix.** Review the evidence pair. If it is a refusal, return 403/404
//! (or tune `--enforced-pattern`); if it leaks, fix as for BOLA.

use super::{evidence, finding, Ctx, Rule};
use crate::compare::Verdict;
use report::{Confidence, Finding, Severity};
use std::collections::BTreeMap;

pub const RULE: Rule = Rule {
    id: "idor/needs-review",
    title: "Replay answered, but not clearly with the object or a refusal",
    severity: Severity::Low,
    owasp: "API1:2023",
    cwe: 285,
    why: "The detectors could not decide between enforced and bypassed.",
    fix: "inspect the evidence pair; refuse with 403/404 if it is a refusal, or authorize the object if it leaks",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut m: BTreeMap<&str, Vec<_>> = BTreeMap::new();
    for c in ctx
        .outcome
        .checks
        .iter()
        .filter(|c| c.verdict == Verdict::NeedsReview)
    {
        m.entry(c.endpoint.as_str()).or_default().push(c);
    }
    m.into_iter()
        .map(|(ep, checks)| {
            let msg = format!(
                "{} replays need a person to look ({}).",
                checks.len(),
                checks[0].reasons.join("; ")
            );
            finding(
                &RULE,
                ep,
                msg,
                RULE.severity,
                Confidence::Low,
                Some(evidence(&checks)),
                None,
            )
        })
        .collect()
}
