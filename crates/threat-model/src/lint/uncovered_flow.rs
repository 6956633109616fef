//! **lint/uncovered-flow**: a flow crosses a trust boundary and no threat
//! the author wrote targets it.
//!
//! *Why it matters.* Boundary crossings are where spoofing, tampering and
//! disclosure happen; STRIDE-per-interaction exists for exactly these
//! flows. A model that skips one has a blind spot an attacker will not.
//!
//! *Example.* Flow `partner-callback` goes from the partner boundary into
//! the VPC, but every threat targets other elements.
//!
//! *Fix.* Add at least one threat with `target: <flow-id>`; `barraiser
//! threat-model analyze` lists the engine's threats for that flow.

use super::{finding, Ctx, LintRule, Subject};
use crate::model::Target;
use report::{Finding, Severity};

pub const RULE: LintRule = LintRule {
    id: "lint/uncovered-flow",
    title: "Boundary-crossing flow has no threat",
};

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    for (i, f) in m.flows.iter().enumerate() {
        if f.crosses.is_empty() {
            continue;
        }
        let covered = m.user_threats.iter().any(|t| t.target == Target::Flow(i));
        if !covered {
            let names: Vec<&str> = f
                .crosses
                .iter()
                .map(|&b| m.boundaries[b].id.as_str())
                .collect();
            out.push(finding(
                &RULE,
                Severity::High,
                Subject {
                    id: &f.id,
                    kind: "flow",
                    span: f.span.clone(),
                },
                format!(
                    "flow `{}` ({} -> {}) crosses {} but no threat targets it; add a threat with `target: {}`",
                    f.id,
                    m.elements[f.from].id,
                    m.elements[f.to].id,
                    names.join(", "),
                    f.id
                ),
                None,
            ));
        }
    }
}
