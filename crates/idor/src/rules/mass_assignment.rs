//! **What it finds.** A create operation that stores a field the client
//! must not set: a reference to another user (`owner_id`) or a privilege
//! (`role`, `is_admin`), tried on objects the tester creates.
//!
//! **Why it matters.** API3:2023 (broken object property level
//! authorization). A forged `owner_id` plants objects in other accounts;
//! a forged `role` is a privilege escalation in one request.
//!
//! **Example.** `POST /api/orders {"item": "x", "owner_id": 3}` as Alice
//! creates an order in Bob's account.
//!
//! **Fix.** Bind requests to an explicit allow-list of writable fields (a
//! DTO per operation); set owner and role on the server from the session.

use super::{evidence, finding, Ctx, Rule};
use crate::engine::CheckKind;
use report::{Confidence, Finding, Severity};

pub const RULE: Rule = Rule {
    id: "idor/mass-assignment",
    title: "The server stores a field the client must not set (mass assignment)",
    severity: Severity::High,
    owasp: "API3:2023",
    cwe: 915,
    why: "The operation binds client input to fields that decide ownership or privilege.",
    fix: "accept only an allow-list of writable fields per operation (a request DTO) and set owner_id and role on the server from the authenticated session",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.bypassed(CheckKind::MassAssignment)
        .into_iter()
        .map(|(ep, checks)| {
            let fields: Vec<&str> = checks
                .iter()
                .map(|c| c.object.split('=').next().unwrap_or(""))
                .collect();
            let msg = format!(
                "{} stored client-supplied {} on create.",
                checks[0].owner,
                fields.join(", ")
            );
            finding(
                &RULE,
                ep,
                msg,
                RULE.severity,
                Confidence::High,
                Some(evidence(&checks)),
                None,
            )
        })
        .collect()
}
