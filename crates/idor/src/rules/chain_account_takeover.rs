//! **What it finds.** Credential material (password hashes, MFA secrets,
//! API keys) returned by an operation that other users can also call
//! (through BOLA or BFLA): a path to taking over accounts.
//!
//! **Why it matters.** A leaked bcrypt hash is cracked offline for weak
//! passwords; a leaked TOTP seed defeats MFA outright. With the
//! authorization bypass, that is every account, admins included.
//!
//! **Example.** `GET /api/users/{user_id}` answers Bob for Alice's id and
//! includes her `password_hash` and `mfa_secret`.
//!
//! **Fix.** Remove credential fields from every response model, fix the
//! authorization, then rotate the exposed secrets (reset MFA seeds, force
//! password changes).

use super::{actors, estimate, finding, Ctx, Rule};
use crate::compare::Verdict;
use crate::engine::CheckKind;
use report::{Confidence, Evidence, Finding, Severity};

pub const RULE: Rule = Rule {
    id: "idor/chain-account-takeover",
    title: "Other users' credential secrets are reachable: account takeover",
    severity: Severity::Critical,
    owasp: "API3:2023",
    cwe: 522,
    why: "An authorization bypass returns password hashes or MFA seeds of other users.",
    fix: "drop credential fields from all responses, fix the authorization, then rotate what leaked (force password reset, re-enrol MFA)",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ep, x) in &ctx.outcome.exposure {
        if x.secret_fields.is_empty() || !x.to_others {
            continue;
        }
        let checks: Vec<_> = ctx
            .outcome
            .checks
            .iter()
            .filter(|c| {
                &c.endpoint == ep
                    && c.verdict == Verdict::Bypassed
                    && matches!(
                        c.kind,
                        CheckKind::BolaRead | CheckKind::Bfla | CheckKind::Anonymous
                    )
            })
            .collect();
        if checks.is_empty() {
            continue;
        }
        let fields: Vec<&str> = x.secret_fields.iter().map(String::as_str).collect();
        let (records, how) = ctx.reach("user", None);
        let msg = format!(
            "{} can read other users' {} through {ep}: {how} can be taken over.",
            actors(&checks),
            fields.join(", ")
        );
        let facts = fields
            .iter()
            .map(|f| format!("`{f}` returned to a non-owner"))
            .collect();
        out.push(finding(
            &RULE,
            ep,
            msg,
            RULE.severity,
            Confidence::High,
            Some(Evidence::Facts { facts }),
            Some(estimate(ctx, records, true, false, 4)),
        ));
    }
    out
}
