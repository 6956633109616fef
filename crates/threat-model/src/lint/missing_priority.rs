//! **lint/missing-priority**: a threat the author wrote has no priority.
//!
//! *Why it matters.* An unranked list of threats is a checklist, not a
//! threat model: the panel wants to hear which risk you would fix first.
//!
//! *Example.* `- {id: t1, title: Token theft, target: f3, mitigations: [...]}`
//! with no `priority:`.
//!
//! *Fix.* Add `priority: critical|high|medium|low|info` to every threat.

use super::{finding, Ctx};
use report::{Finding, Severity};

pub const ID: &str = "lint/missing-priority";
pub const TITLE: &str = "Threat has no priority";

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for t in &ctx.model.user_threats {
        if t.priority.is_none() {
            out.push(finding(
                ID,
                TITLE,
                Severity::Medium,
                &t.id,
                "threat",
                t.span.clone(),
                format!("threat `{}` has no priority; add `priority:` (critical, high, medium, low or info) so the list can be ranked", t.id),
                t.stride.first().copied(),
            ));
        }
    }
}
