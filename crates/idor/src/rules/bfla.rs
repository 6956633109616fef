//! **What it finds.** An admin-only operation that an ordinary user (or
//! nobody) can call and get the admin's answer: broken function-level
//! authorization (BFLA).
//!
//! **Why it matters.** API5:2023. Admin routes tend to return everything
//! (all users, all orders) or do powerful things (change roles, refund).
//! Hiding them from the UI does not protect them.
//!
//! **Example.** Alice, a customer, calls `GET /api/admin/users` and gets
//! every account.
//!
//! **Fix.** Enforce the role on the server for the whole admin route group
//! (one middleware, deny by default), not in each handler or in the UI.

use super::{actors, estimate, evidence, finding, Ctx, Rule};
use crate::engine::CheckKind;
use report::{Confidence, Finding, Severity};

pub const RULE: Rule = Rule {
    id: "idor/bfla",
    title: "A non-admin can call this admin-only operation (BFLA)",
    severity: Severity::High,
    owasp: "API5:2023",
    cwe: 285,
    why: "Broken function-level authorization: an operation reserved for administrators answers ordinary users.",
    fix: "enforce the admin role server-side on the whole admin route group (middleware, deny by default) and test it with a non-admin token in CI",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.bypassed(CheckKind::Bfla)
        .into_iter()
        .map(|(ep, checks)| {
            let (records, how) = ctx.reach("user", None);
            let msg = format!(
                "{} got the admin's answer from this admin-only operation; exposes {how}.",
                actors(&checks)
            );
            finding(
                &RULE,
                ep,
                msg,
                RULE.severity,
                Confidence::High,
                Some(evidence(&checks)),
                Some(estimate(ctx, records, true, false, 4)),
            )
        })
        .collect()
}
