//! The Markdown report of a grade. Everything that came from the answer
//! (ids, mitigation text, lint messages quoting it) is escaped with
//! [`report::markdown::escape`], so an answer cannot inject markup.

use crate::grade::{CriticalStatus, Grade, StrideSource};
use report::markdown::escape;
use std::fmt::Write;

fn mmss(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

impl Grade {
    /// A report for the candidate: the score and its breakdown, then each
    /// part with what was found and what was missed.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# Threat-model drill: {}\n", escape(&self.title));
        let _ = writeln!(
            s,
            "**Score: {}/100.** Time {} against a {}-minute bar: {}.\n",
            self.score,
            mmss(self.elapsed_secs),
            self.bar_minutes,
            self.pace.as_str()
        );
        s.push_str("| Part | Points | Out of |\n|---|---:|---:|\n");
        for c in &self.components {
            let _ = writeln!(s, "| {} | {:.1} | {:.0} |", c.name, c.points, c.weight);
        }

        let found = self.found().count();
        let _ = writeln!(
            s,
            "\n## Key elements ({found} of {}, {})\n",
            self.key_items.len(),
            pct(self.element_coverage)
        );
        s.push_str("| Reference | Kind | Why it matters | Your model |\n|---|---|---|---|\n");
        for k in &self.key_items {
            let yours = match (&k.found_as, k.matched_by) {
                (Some(id), Some(how)) => format!("`{}` (by {})", escape(id), how.as_str()),
                _ => "**missing**".to_string(),
            };
            let _ = writeln!(
                s,
                "| {} (`{}`) | {} | {} | {} |",
                escape(&k.reference_name),
                escape(&k.reference_id),
                k.kind.as_str(),
                escape(&k.why.join("; ")),
                yours
            );
        }

        let source = match self.stride_source {
            StrideSource::UserThreats => "from your threats",
            StrideSource::Engine => {
                "you listed no threats, so these are the engine's threats on your model; list your own to show your reasoning"
            }
        };
        let _ = writeln!(s, "\n## STRIDE ({}; {source})\n", pct(self.stride_coverage));
        s.push_str("| Category | Expected | Yours |\n|---|---|---|\n");
        for r in &self.stride {
            let mark = |b: bool| if b { "yes" } else { "no" };
            let _ = writeln!(
                s,
                "| {} {} | {} | {} |",
                r.category.letter(),
                r.category.name(),
                mark(r.expected),
                if r.expected && !r.found {
                    "**missing**"
                } else {
                    mark(r.found)
                }
            );
        }

        let cf = &self.critical_flow;
        s.push_str("\n## Critical flow\n\n");
        let _ = write!(
            s,
            "The engine ranks `{}` first ({}).",
            escape(&cf.engine_flow),
            escape(&cf.engine_summary)
        );
        if let Some(a) = &cf.author_flow {
            let _ = write!(
                s,
                " The scenario's author chose `{}`; either is accepted.",
                escape(a)
            );
        }
        s.push(' ');
        s.push_str(&match &cf.status {
            CriticalStatus::Prioritised { your_flow } => {
                format!("You prioritised `{}`: identified.", escape(your_flow))
            }
            CriticalStatus::OwnChoice { your_flow } => format!(
                "You prioritised `{}`, which the engine also ranks first on your model: a defensible choice, be ready to argue it.",
                escape(your_flow)
            ),
            CriticalStatus::Modelled {
                your_flow,
                your_choice,
            } => format!(
                "Your model has it as `{}` but you prioritised {}: name it in `critical_flow:`.",
                escape(your_flow),
                your_choice
                    .as_ref()
                    .map(|c| format!("`{}`", escape(c)))
                    .unwrap_or_else(|| "nothing".into())
            ),
            CriticalStatus::Missing { your_choice } => format!(
                "**Not found**: your model has no such flow{}.",
                your_choice
                    .as_ref()
                    .map(|c| format!(" (you prioritised `{}`)", escape(c)))
                    .unwrap_or_default()
            ),
        });
        s.push('\n');

        let m = &self.mitigations;
        let _ = writeln!(
            s,
            "\n## Mitigations ({} of {} specific, {})\n",
            m.specific,
            m.total,
            pct(m.share)
        );
        if m.total == 0 {
            s.push_str("None given: list threats with mitigations, or put catalog controls in place with `controls:`.\n");
        }
        if !m.controls.is_empty() {
            let ids: Vec<String> = m
                .controls
                .iter()
                .map(|c| format!("`{}`", escape(c)))
                .collect();
            let _ = writeln!(s, "Catalog controls in place: {}.\n", ids.join(", "));
        }
        if !m.vague.is_empty() {
            s.push_str("| Line | Threat | Mitigation | Why |\n|---|---|---|---|\n");
            for v in &m.vague {
                let text = if v.text.is_empty() {
                    "(none)".to_string()
                } else {
                    escape(&v.text)
                };
                let _ = writeln!(
                    s,
                    "| {}:{} | `{}` | {} | {} |",
                    v.line,
                    v.column,
                    escape(&v.threat),
                    text,
                    escape(&v.message)
                );
            }
        }

        let _ = writeln!(s, "\n## Red flags ({})\n", self.red_flags.len());
        if self.red_flags.is_empty() {
            s.push_str("None.\n");
        } else {
            s.push_str("| Line | Severity | Rule | Message | Scored |\n|---|---|---|---|---|\n");
            for f in &self.red_flags {
                let _ = writeln!(
                    s,
                    "| {}:{} | {} | {} | {} | {} |",
                    f.line,
                    f.column,
                    f.severity,
                    escape(&f.rule_id),
                    escape(&f.message),
                    if f.scored { "yes" } else { "no" }
                );
            }
        }

        let mut next: Vec<String> = Vec::new();
        let missing: Vec<String> = self
            .missing()
            .map(|k| format!("`{}`", escape(&k.reference_id)))
            .collect();
        if !missing.is_empty() {
            next.push(format!("Model what you missed: {}.", missing.join(", ")));
        }
        let stride: Vec<&str> = self.missing_stride().iter().map(|c| c.name()).collect();
        if !stride.is_empty() {
            next.push(format!("Add threats for {}.", stride.join(", ")));
        }
        if !self.critical_flow.status.identified() {
            next.push("Say which flow is most critical and why, with its expected loss.".into());
        }
        if !m.vague.is_empty() {
            next.push("Rewrite each vague mitigation as a named control with its setting.".into());
        }
        if self.time_factor < 1.0 {
            next.push(format!(
                "Practise to finish within {} minutes.",
                self.bar_minutes
            ));
        }
        if !next.is_empty() {
            s.push_str("\n## Next\n\n");
            for n in next {
                let _ = writeln!(s, "- {n}");
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_and_percent() {
        assert_eq!(mmss(0), "0:00");
        assert_eq!(mmss(905), "15:05");
        assert_eq!(pct(0.5), "50%");
    }
}
