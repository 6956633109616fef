//! **What it finds.** An operation that returns (or changes) a user's
//! object to a caller with no credentials at all.
//!
//! **Why it matters.** BOLA needs an account; this needs nothing. Anyone
//! on the internet, and every crawler, can fetch the object. It is broken
//! authentication (API2:2023) on top of missing object authorization.
//!
//! **Example.** `curl 'https://api.example.com/api/invoice?invoice_id=5001'`
//! with no token returns Alice's invoice.
//!
//! **Fix.** Require authentication on every route by default (deny unless
//! a route is explicitly public), then authorize the object as for BOLA.

use super::{actors, estimate, evidence, finding, Ctx, Rule};
use crate::engine::CheckKind;
use report::{Confidence, Finding, Severity};

pub const RULE: Rule = Rule {
    id: "idor/anonymous-access",
    title: "A caller with no credentials can reach this object",
    severity: Severity::Critical,
    owasp: "API2:2023",
    cwe: 306,
    why: "The operation returns or changes a user's object without any authentication.",
    fix: "deny by default: require a valid token on every route unless it is on an explicit public allow-list, then authorize the object",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.bypassed(CheckKind::Anonymous)
        .into_iter()
        .map(|(ep, checks)| {
            let c = checks[0];
            let (records, how) = ctx.reach(&c.resource, c.id_kind);
            let personal = ctx.personal(ep, &c.resource);
            let msg = format!(
                "with no credentials, {} was reached ({} of the replays by {}); reach: {how}.",
                c.resource,
                checks.len(),
                actors(&checks)
            );
            finding(
                &RULE,
                ep,
                msg,
                RULE.severity,
                Confidence::High,
                Some(evidence(&checks)),
                Some(estimate(ctx, records, personal, false, 5)),
            )
        })
        .collect()
}
