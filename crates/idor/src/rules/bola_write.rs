//! **What it finds.** An operation that lets one user change or delete
//! another user's object (`PUT`, `PATCH`, `DELETE` by id), confirmed by
//! reading the object back as its owner.
//!
//! **Why it matters.** Reads leak data; writes corrupt it: orders
//! redirected to another address, records deleted, balances changed. It is
//! BOLA (API1:2023) on the write path, and often survives a fix that only
//! covered reads.
//!
//! **Example.** Bob sends `PATCH /api/orders/1001 {"shipping_address": ...}`
//! and Alice's order now ships to him.
//!
//! **Fix.** Authorize writes exactly as reads: the update or delete must be
//! keyed by the caller (`UPDATE ... WHERE id = ? AND owner_id = ?`) and
//! report 404 when no row matched.

use super::{actors, estimate, evidence, finding, Ctx, Rule};
use crate::engine::CheckKind;
use report::{Confidence, Finding, Severity};

pub const RULE: Rule = Rule {
    id: "idor/bola-write",
    title: "Another user can change or delete this object (BOLA on writes)",
    severity: Severity::High,
    owasp: "API1:2023",
    cwe: 639,
    why: "Broken object-level authorization on a write: the server changes an object for a caller who does not own it.",
    fix: "authorize every write against the caller: UPDATE/DELETE ... WHERE id = ? AND owner_id = caller, and answer 404 when no row matched",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.bypassed(CheckKind::BolaWrite)
        .into_iter()
        .map(|(ep, checks)| {
            let c = checks[0];
            let (records, how) = ctx.reach(&c.resource, c.id_kind);
            let msg = format!(
                "{} wrote to {} objects of {} (objects the tester created, confirmed by the owner's read-back, or no-op writes of current values); reach: {how}.",
                actors(&checks),
                c.resource,
                c.owner
            );
            finding(&RULE, ep, msg, RULE.severity, Confidence::High, Some(evidence(&checks)), Some(estimate(ctx, records, false, true, 4)))
        })
        .collect()
}
