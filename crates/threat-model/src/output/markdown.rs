//! The Markdown report: what a person reads, or pastes into a design review.

use crate::engine::Analysis;
use crate::output::walkthrough;
use impact::{format_count, format_eur, format_usd};
use report::{Evidence, Severity, Stride};
use std::fmt::Write;

pub use report::markdown::escape as md;

fn range(r: impact::Range) -> String {
    format!("{} - {}", format_usd(r.low), format_usd(r.high))
}

pub fn render(a: &Analysis) -> String {
    let m = &a.model;
    let mut o = String::new();
    let _ = writeln!(o, "# Threat model: {}\n", md(&m.name));
    if !m.description.is_empty() {
        let _ = writeln!(o, "{}\n", md(m.description.trim()));
    }
    if let Some(us) = &m.user_story {
        let _ = writeln!(
            o,
            "**User story.** {} {}. Asset: **{}**.\n",
            md(&m.elements[us.actor].name),
            md(&us.action),
            md(&m.data[us.asset].name)
        );
    }
    let crossing = m.flows.iter().filter(|f| !f.crosses.is_empty()).count();
    let _ = writeln!(o, "| Model | |\n|---|---|");
    let _ = writeln!(o, "| Source | `{}` |", md(&m.path));
    let _ = writeln!(
        o,
        "| Elements | {} actors/services/stores, {} data assets, {} boundaries |",
        m.elements.len(),
        m.data.len(),
        m.boundaries.len()
    );
    let _ = writeln!(
        o,
        "| Flows | {} ({} cross a trust boundary) |",
        m.flows.len(),
        crossing
    );
    let _ = writeln!(
        o,
        "| Scale | {} users, {} requests/s |",
        format_count(m.users),
        format_count(m.requests_per_second)
    );
    let _ = writeln!(
        o,
        "| Cost model | {} per record, {} per hour down, GDPR up to {} |",
        format_usd(m.costs.cost_per_record_usd.round() as u64),
        format_usd(m.costs.downtime_cost_per_hour_usd),
        format_eur(m.costs.gdpr_exposure_eur())
    );
    let sev: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .map(|s| format!("{} {}", a.count_by_severity(*s), s))
        .collect();
    let _ = writeln!(o, "| Threats | {} ({}) |", a.threats.len(), sev.join(", "));
    let _ = writeln!(
        o,
        "| Expected annual loss | {} with no controls, {} with the controls in place |\n",
        range(a.total_expected()),
        range(a.total_residual())
    );

    let _ = writeln!(o, "## Most critical data flow\n");
    match &a.critical_flow {
        Some(cf) => {
            let _ = writeln!(
                o,
                "**{}** (`{}`): {} threats, residual expected loss {}. Top threat: `{}`.\n",
                md(&cf.summary),
                md(&cf.flow),
                cf.threat_count,
                range(cf.residual_loss_usd),
                md(&cf.top_threat)
            );
        }
        None => {
            let _ = writeln!(o, "No flow carries a threat.\n");
        }
    }

    let _ = writeln!(o, "## Prioritised risks\n");
    let _ = writeln!(
        o,
        "| # | Severity | STRIDE | Threat | Element | Expected loss / yr | Residual / yr |\n|---:|---|:-:|---|---|---|---|"
    );
    for t in &a.threats {
        let e = t.impact();
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | `{}` | {} | {} |",
            t.rank,
            t.finding.severity,
            t.stride.letter(),
            md(&t.finding.title),
            md(a.target_id(t.target)),
            range(e.expected_loss_usd),
            range(e.residual_loss_usd)
        );
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "## STRIDE coverage\n");
    let _ = writeln!(
        o,
        "| Category | Threats | High or critical |\n|---|---:|---:|"
    );
    for s in Stride::ALL {
        let all = a.threats.iter().filter(|t| t.stride == s);
        let n = all.clone().count();
        let hi = all.filter(|t| t.finding.severity >= Severity::High).count();
        let _ = writeln!(o, "| {} ({}) | {} | {} |", s.name(), s.letter(), n, hi);
    }
    let zt = a.threats.iter().filter(|t| t.zero_trust.is_some()).count();
    let _ = writeln!(
        o,
        "| Zero-Trust gaps on boundary-crossing flows | {zt} | |\n"
    );

    let _ = writeln!(o, "## Threats in detail\n");
    for t in &a.threats {
        let f = &t.finding;
        let _ = writeln!(
            o,
            "### {}. {} ({} {}, {})\n",
            t.rank,
            md(&f.title),
            f.severity,
            t.stride.letter(),
            md(&f.id)
        );
        let _ = writeln!(o, "{}\n", md(&f.message));
        if let Some(Evidence::Facts { facts }) = &f.evidence {
            for fact in facts {
                let _ = writeln!(o, "- {}", md(fact));
            }
            let _ = writeln!(o);
        }
        if !f.remediation.is_empty() {
            let _ = writeln!(o, "Mitigations:\n");
            for r in &f.remediation {
                let _ = writeln!(
                    o,
                    "- {}**{}** ({}): {}. Proof: {}.",
                    if r.in_place { "[in place] " } else { "" },
                    md(&r.title),
                    md(&r.service),
                    md(r.parameter.trim_end_matches('.')),
                    md(r.metric.trim_end_matches('.'))
                );
            }
            let _ = writeln!(o);
        }
        let e = t.impact();
        let mut line = format!(
            "Impact: {} records, single loss {}, likelihood {} ({}), expected {} per year",
            format_count(e.records),
            format_usd(e.single_loss_usd),
            e.likelihood.level,
            e.likelihood.label(),
            range(e.expected_loss_usd)
        );
        if e.mitigation_effectiveness > 0.0 {
            let _ = write!(
                line,
                ", residual {} ({:.0}% removed by controls in place)",
                range(e.residual_loss_usd),
                e.mitigation_effectiveness * 100.0
            );
        }
        if let Some(g) = e.gdpr_exposure_eur {
            let _ = write!(line, "; GDPR exposure up to {}", format_eur(g));
        }
        let _ = writeln!(o, "{line}.\n");
    }

    let w = walkthrough::build(a);
    let _ = writeln!(
        o,
        "## Walkthrough script ({} words, about {}:{:02} at {} words a minute)\n",
        w.words,
        w.seconds / 60,
        w.seconds % 60,
        walkthrough::WORDS_PER_MINUTE
    );
    for para in walkthrough::render_script(&w).split("\n\n") {
        let para = para.trim();
        if !para.is_empty() {
            let _ = writeln!(o, "> {}\n", md(para).replace('\n', "\n> "));
        }
    }
    while o.ends_with("\n\n") {
        o.pop();
    }
    o
}
