//! **lint/missing-critical-flow**: the model names no most-critical data
//! flow.
//!
//! *Why it matters.* Panels mark a threat model down for "risk blindness"
//! when the candidate lists controls but never says which flow matters
//! most. Naming one flow shows prioritisation.
//!
//! *Example.* A model with `threats:` but no `critical_flow:` key.
//!
//! *Fix.* Add `critical_flow: <flow-id>`, the flow whose compromise costs
//! the most (often the one carrying the user story's asset). When the
//! author's choice differs from the engine's, a low finding says which flow
//! the engine ranks first and why.

use super::{finding, Ctx, LintRule, Subject};
use report::{Finding, Severity};

pub const RULE: LintRule = LintRule {
    id: "lint/missing-critical-flow",
    title: "No most-critical data flow identified",
};

pub const DIFFERS: LintRule = LintRule {
    id: "lint/critical-flow-differs",
    title: "The engine ranks another flow as most critical",
};

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    match &m.critical_flow {
        None => out.push(finding(
            &RULE,
            Severity::High,
            Subject {
                id: "model",
                kind: "model",
                span: m.span.clone(),
            },
            "the model does not say which data flow is the most critical; add `critical_flow: <flow-id>` naming the flow whose compromise would cost the most".into(),
            None,
        )),
        Some((i, span)) => {
            let analysis = crate::engine::analyze(m.clone(), ctx.content);
            if let Some(cf) = &analysis.critical_flow {
                if cf.flow != m.flows[*i].id {
                    out.push(finding(
                        &DIFFERS,
                        Severity::Low,
                        Subject {
                            id: &m.flows[*i].id,
                            kind: "flow",
                            span: span.clone(),
                        },
                        format!(
                            "you chose `{}`; the engine ranks `{}` ({}) first with a residual expected loss of {} to {} a year; be ready to defend your choice",
                            m.flows[*i].id,
                            cf.flow,
                            cf.summary,
                            impact::format_usd(cf.residual_loss_usd.low),
                            impact::format_usd(cf.residual_loss_usd.high)
                        ),
                        None,
                    ));
                }
            }
        }
    }
}
