//! The spoken walkthrough: each top risk as "risk, then AWS control, then
//! quantified impact", sized to be said aloud in under ten minutes.
//!
//! An interview panel hears the threat model; it does not read it. The
//! script takes threats in priority order, speaks each *rule* once (the
//! same weakness on five elements is one point with "also on ..."), and
//! stops adding risks before the word budget (150 words a minute for ten
//! minutes, less a margin for the opening and close) is spent.

use crate::engine::{Analysis, Threat};
use impact::{format_count, format_eur, format_usd, ImpactKind};
use serde::Serialize;

/// Speaking rate the script is sized for.
pub const WORDS_PER_MINUTE: usize = 150;
/// Hard limit on speaking time.
pub const MAX_MINUTES: usize = 10;
/// Most risks worth speaking about in one answer.
const MAX_RISKS: usize = 8;

#[derive(Debug, Clone, Serialize)]
pub struct Walkthrough {
    pub opening: String,
    pub risks: Vec<Segment>,
    pub close: String,
    pub words: usize,
    /// Speaking time at [`WORDS_PER_MINUTE`], rounded up to whole seconds.
    pub seconds: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub rank: usize,
    pub threat: String,
    pub risk: String,
    pub control: String,
    pub impact: String,
}

impl Segment {
    fn words(&self) -> usize {
        count_words(&self.risk) + count_words(&self.control) + count_words(&self.impact)
    }
}

pub fn count_words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Build the script for `a`.
pub fn build(a: &Analysis) -> Walkthrough {
    let m = &a.model;
    let mut opening = format!("I am threat modeling {}.", m.name);
    if let Some(us) = &m.user_story {
        opening.push_str(&format!(
            " I start from one user story: {} {}, and the asset at stake is {}.",
            m.elements[us.actor].name, us.action, m.data[us.asset].name
        ));
    }
    opening.push_str(&format!(
        " I walked every element and every boundary-crossing flow through STRIDE and the five Zero-Trust checks, which gives {} threats, {} of them high or critical.",
        a.threats.len(),
        a.threats
            .iter()
            .filter(|t| t.finding.severity >= report::Severity::High)
            .count()
    ));
    if let Some(cf) = &a.critical_flow {
        opening.push_str(&format!(
            " The most critical data flow is the {}, so that is where I spend the most time.",
            cf.summary
        ));
    }

    let total = a.total_expected();
    let residual = a.total_residual();
    let close = format!(
        "Together these controls move the expected annual loss from {} to {} down to {} to {}. I would revisit this model whenever a new flow crosses a boundary, and track each metric on a dashboard so the controls stay proven.",
        format_usd(total.low),
        format_usd(total.high),
        format_usd(residual.low),
        format_usd(residual.high),
    );

    let budget = WORDS_PER_MINUTE * MAX_MINUTES * 9 / 10;
    let mut used = count_words(&opening) + count_words(&close);
    let mut risks = Vec::new();
    let mut spoken_rules: Vec<&str> = Vec::new();
    for t in &a.threats {
        if risks.len() == MAX_RISKS {
            break;
        }
        if spoken_rules.contains(&t.finding.rule_id.as_str()) {
            continue;
        }
        let others: Vec<&Threat> = a
            .threats
            .iter()
            .filter(|o| o.finding.rule_id == t.finding.rule_id && o.finding.id != t.finding.id)
            .collect();
        let seg = segment(a, risks.len() + 1, t, &others);
        if used + seg.words() > budget {
            break;
        }
        used += seg.words();
        spoken_rules.push(&t.finding.rule_id);
        risks.push(seg);
    }
    Walkthrough {
        opening,
        risks,
        close,
        words: used,
        seconds: (used * 60).div_ceil(WORDS_PER_MINUTE),
    }
}

fn segment(a: &Analysis, n: usize, t: &Threat, others: &[&Threat]) -> Segment {
    let mut risk = format!(
        "Risk {n}, {} ({}): {}",
        t.finding.title,
        t.stride.name().to_lowercase(),
        t.finding.message
    );
    if !others.is_empty() {
        let names: Vec<&str> = others
            .iter()
            .take(3)
            .map(|o| a.target_name(o.target))
            .collect();
        let more = others.len().saturating_sub(3);
        risk.push_str(&format!(
            " The same weakness appears on {}{}.",
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    if !risk.ends_with('.') {
        risk.push('.');
    }
    let control = match t.finding.remediation.first() {
        Some(r) => {
            let status = if r.in_place {
                "This is already in place"
            } else {
                "I would add"
            };
            format!(
                "Control: {status}: {}, with {}. I know it works by watching {}.",
                r.title,
                trim_period(&r.parameter),
                trim_period(&r.metric)
            )
        }
        None => "Control: none in the catalog fits; I would accept and monitor this risk.".into(),
    };
    let e = t.impact();
    let mut impact = match e.kind {
        ImpactKind::Downtime => format!(
            "Impact: about {} hours down at {} an hour, so {} per incident.",
            trim_float(e.downtime_hours),
            format_usd(m_downtime_rate(a)),
            format_usd(e.single_loss_usd)
        ),
        ImpactKind::Breach | ImpactKind::Tamper if e.records > 0 => format!(
            "Impact: one incident {} about {} records at {} each, so {}.",
            if e.kind == ImpactKind::Breach {
                "exposes"
            } else {
                "alters"
            },
            format_count(e.records),
            format_usd(e.cost_per_record_usd.round() as u64),
            format_usd(e.single_loss_usd)
        ),
        _ => {
            "Impact: no sensitive records are involved, so the cost is the response effort.".into()
        }
    };
    if let Some(g) = e.gdpr_exposure_eur {
        impact.push_str(&format!(
            " Personal data is involved, so a GDPR fine of up to {} is on the table.",
            format_eur(g)
        ));
    }
    impact.push_str(&format!(
        " Likelihood is {}, so the expected annual loss is {} to {}",
        e.likelihood.label(),
        format_usd(e.expected_loss_usd.low),
        format_usd(e.expected_loss_usd.high)
    ));
    if e.mitigation_effectiveness > 0.0 {
        impact.push_str(&format!(
            ", or {} to {} with the controls already in place.",
            format_usd(e.residual_loss_usd.low),
            format_usd(e.residual_loss_usd.high)
        ));
    } else {
        impact.push('.');
    }
    Segment {
        rank: t.rank,
        threat: t.finding.id.clone(),
        risk,
        control,
        impact,
    }
}

fn m_downtime_rate(a: &Analysis) -> u64 {
    a.model.costs.downtime_cost_per_hour_usd
}

fn trim_period(s: &str) -> &str {
    s.trim().trim_end_matches('.')
}

fn trim_float(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The script as plain text, one paragraph per part.
pub fn render(a: &Analysis) -> String {
    render_script(&build(a))
}

pub fn render_script(w: &Walkthrough) -> String {
    let mut out = String::new();
    out.push_str(&w.opening);
    out.push_str("\n\n");
    for s in &w.risks {
        out.push_str(&format!("{}\n{}\n{}\n\n", s.risk, s.control, s.impact));
    }
    out.push_str(&w.close);
    out.push('\n');
    out
}
