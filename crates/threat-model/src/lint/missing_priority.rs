//! **lint/missing-priority**: a threat the author wrote has no priority.
//!
//! *Why it matters.* An unranked list of threats is a checklist, not a
//! threat model: the panel wants to hear which risk you would fix first.
//!
//! *Example.* `- {id: t1, title: Token theft, target: f3, mitigations: [...]}`
//! with no `priority:`.
//!
//! *Fix.* Add `priority: critical|high|medium|low|info` to every threat.

use super::{finding, Ctx, LintRule, Subject};
use report::{Finding, Severity};

pub const RULE: LintRule = LintRule {
    id: "lint/missing-priority",
    title: "Threat has no priority",
};

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for t in &ctx.model.user_threats {
        if t.priority.is_none() {
            out.push(finding(
                &RULE,
                Severity::Medium,
                Subject {
                    id: &t.id,
                    kind: "threat",
                    span: t.span.clone(),
                },
                format!("threat `{}` has no priority; add `priority:` (critical, high, medium, low or info) so the list can be ranked", t.id),
                t.stride.first().copied(),
            ));
        }
    }
}
