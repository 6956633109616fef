//! **What it finds.** BOLA (or anonymous access) on an object whose ids are
//! sequential integers: the two together are a bulk leak, because an
//! attacker does not need to learn ids, only to count.
//!
//! **Why it matters.** One BOLA with random ids leaks the objects whose
//! ids leak elsewhere; with `1001, 1002, 1003...` it leaks the whole table
//! in a loop. This is how most large API breaches were run.
//!
//! **Example.** `GET /api/orders/{order_id}` answers Bob for Alice's 1001,
//! and ids run 1001-1009: a script walks every order.
//!
//! **Fix.** Fix the authorization first (that is the vulnerability); then
//! use non-enumerable ids (UUIDv4) and rate-limit per caller, so a future
//! slip is not a bulk leak.

use super::{estimate, finding, Ctx, Rule};
use crate::endpoint::IdKind;
use crate::engine::CheckKind;
use report::{Confidence, Evidence, Finding, Severity};

pub const RULE: Rule = Rule {
    id: "idor/chain-bulk-leak",
    title: "Enumerable ids plus BOLA: every object can be downloaded in a loop",
    severity: Severity::Critical,
    owasp: "API1:2023",
    cwe: 639,
    why: "Sequential ids turn one authorization bypass into a leak of the whole collection.",
    fix: "authorize the object (see idor/bola-read), then switch to random ids (UUIDv4) and rate-limit per caller (for example AWS WAF rate-based rule, 100 requests per 5 minutes per token)",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for kind in [CheckKind::Anonymous, CheckKind::BolaRead] {
        for (ep, checks) in ctx.bypassed(kind) {
            let c = checks[0];
            if c.id_kind != Some(IdKind::Integer)
                || out.iter().any(|f: &Finding| f.location.key() == ep)
            {
                continue;
            }
            let (records, how) = ctx.reach(&c.resource, c.id_kind);
            let who = if kind == CheckKind::Anonymous {
                "anyone, with no account,"
            } else {
                "any signed-in user"
            };
            let msg = format!(
                "{ep} lets {who} read other users' {} objects, and their ids are sequential integers: counting through them downloads {how}.",
                c.resource
            );
            let facts = vec![
                format!("bypass: {} {} as {}", c.endpoint, c.object, c.actor),
                format!(
                    "ids seen for {}: {}",
                    c.resource,
                    ctx.outcome
                        .seen_ids
                        .get(&c.resource)
                        .map(|v| v.join(", "))
                        .unwrap_or_default()
                ),
            ];
            let level = if kind == CheckKind::Anonymous { 5 } else { 4 };
            out.push(finding(
                &RULE,
                ep,
                msg,
                RULE.severity,
                Confidence::High,
                Some(Evidence::Facts { facts }),
                Some(estimate(
                    ctx,
                    records,
                    ctx.personal(ep, &c.resource),
                    false,
                    level,
                )),
            ));
        }
    }
    out
}
