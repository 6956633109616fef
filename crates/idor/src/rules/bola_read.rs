//! **What it finds.** An operation that returns one user's object to
//! another user who asks for it by id: broken object-level authorization
//! (BOLA, also called IDOR).
//!
//! **Why it matters.** It is the first risk of the OWASP API Security Top
//! 10 (API1:2023) because it is common and needs no skill: change `1001` to
//! `1002` in a URL. Every object of every customer is one request away.
//!
//! **Example.** Bob sends `GET /api/orders/1001` with his own token and
//! gets Alice's order, address included.
//!
//! **Fix.** Check ownership on the server for every object access: load
//! the object with the caller's id as part of the key
//! (`WHERE id = ? AND owner_id = ?`), and answer 404 when it is not theirs.

use super::{actors, estimate, evidence, finding, Ctx, Rule};
use crate::engine::CheckKind;
use report::{Confidence, Finding, Severity};

pub const RULE: Rule = Rule {
    id: "idor/bola-read",
    title: "Another user can read this object (BOLA)",
    severity: Severity::High,
    owasp: "API1:2023",
    cwe: 639,
    why: "Broken object-level authorization: the server returns an object to a caller who does not own it.",
    fix: "authorize every object read against the caller: query by (id, owner_id = caller) or check a policy before returning; answer 404 otherwise",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.bypassed(CheckKind::BolaRead)
        .into_iter()
        .map(|(ep, checks)| {
            let c = checks[0];
            let (records, how) = ctx.reach(&c.resource, c.id_kind);
            let personal = ctx.personal(ep, &c.resource);
            let msg = format!(
                "{} read {} objects owned by other users ({} of the replays); reach: {how}.",
                actors(&checks),
                c.resource,
                checks.len()
            );
            finding(
                &RULE,
                ep,
                msg,
                RULE.severity,
                Confidence::High,
                Some(evidence(&checks)),
                Some(estimate(ctx, records, personal, false, 4)),
            )
        })
        .collect()
}
