//! The grade of one threat-model drill answer.
//!
//! # What is compared
//! The reference is the scenario's own model, analysed by the engine.
//!
//! - **Key elements.** The flows that matter are the engine's critical flow,
//!   the scenario author's `critical_flow`, and every flow that crosses a
//!   trust boundary; the key elements are their endpoints. Each is looked
//!   for in the answer (see [`crate::matching`]).
//! - **STRIDE.** The categories of the engine's threats on the reference,
//!   against the categories of the candidate's own `threats:`; when the
//!   candidate lists none, against those the engine derives from the
//!   candidate's model ("model only" mode).
//! - **Critical flow.** Accepted answers are the engine's critical flow on
//!   the reference and the scenario author's choice (they may differ; both
//!   are defensible). See [`CriticalStatus`] for the credit of each outcome.
//! - **Mitigations.** Every mitigation the candidate wrote under a threat,
//!   every threat with none (an empty slot), and every catalog control the
//!   candidate put in place (`controls:`, concrete by construction). A
//!   written mitigation is specific unless the engine's `vague-mitigation`
//!   lint flags it.
//! - **Red flags.** Every lint finding on the candidate's model. Findings
//!   already priced by another part of the grade (missing or different
//!   critical flow, vague mitigations) are listed but not scored twice; in
//!   model-only mode `uncovered-flow` is listed but not scored, since the
//!   engine's own threats stand in for the missing list.
//! - **Time.** The bar is the scenario's minutes (15 to 20 for most): on
//!   bar in its last quarter, fast before it, slow after it.
//!
//! # Score (0 to 100)
//! With E the key-element coverage, S the STRIDE coverage (times E in
//! model-only mode, since the engine did that work), C the critical-flow
//! credit, M the share of specific mitigations (0 with none), R the
//! red-flag factor `max(0, 1 - penalty / 10)` where a scored flag costs
//! critical 5, high 3, medium 2, low 1, and T the time factor (1 up to the
//! bar, falling linearly to 0 at twice the bar):
//!
//! ```text
//! score = round(30 E + 20 S + 20 C + 15 M + 10 R E + 5 T E)
//! ```
//!
//! Finding what matters weighs most; naming the threats and the critical
//! flow come next; concrete controls after. A clean lint and a quick answer
//! only earn credit in proportion to what was modelled, so an empty answer
//! handed in after a minute scores 0.

use crate::matching::{MatchedBy, Matching};
use report::{Finding, Location, Severity, Span, Stride};
use serde::Serialize;
use std::collections::BTreeSet;
use std::time::Duration;
use threat_model::content::{Content, Scenario};
use threat_model::model::{ElementKind, Model};

pub const W_ELEMENTS: f64 = 30.0;
pub const W_STRIDE: f64 = 20.0;
pub const W_CRITICAL: f64 = 20.0;
pub const W_MITIGATIONS: f64 = 15.0;
pub const W_RED_FLAGS: f64 = 10.0;
pub const W_TIME: f64 = 5.0;

/// Penalty points that empty the red-flag factor.
pub const RED_FLAG_BUDGET: f64 = 10.0;

/// Lint rules whose findings another part of the grade already prices.
const PRICED_ELSEWHERE: &[&str] = &[
    "lint/missing-critical-flow",
    "lint/critical-flow-differs",
    "lint/vague-mitigation",
];

/// Time against the scenario's bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pace {
    /// Before the last quarter of the allotted minutes.
    Fast,
    /// In the last quarter (15 to 20 minutes for a 20-minute scenario).
    OnBar,
    /// Past the allotted minutes.
    Slow,
}

impl Pace {
    /// The pace for `elapsed` against a bar of `minutes`.
    pub fn of(elapsed: Duration, minutes: u32) -> Pace {
        let bar = u64::from(minutes) * 60;
        let secs = elapsed.as_secs();
        if secs.saturating_mul(4) < bar * 3 {
            Pace::Fast
        } else if secs <= bar {
            Pace::OnBar
        } else {
            Pace::Slow
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Pace::Fast => "fast",
            Pace::OnBar => "on bar",
            Pace::Slow => "slow",
        }
    }
}

/// 1 up to the bar, then linearly down to 0 at twice the bar.
pub fn time_factor(elapsed: Duration, minutes: u32) -> f64 {
    let bar = f64::from(minutes.max(1)) * 60.0;
    let t = elapsed.as_secs_f64();
    if t <= bar {
        1.0
    } else {
        (1.0 - (t - bar) / bar).max(0.0)
    }
}

/// What a key item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    Actor,
    Service,
    Store,
    Flow,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Actor => "actor",
            ItemKind::Service => "service",
            ItemKind::Store => "data store",
            ItemKind::Flow => "flow",
        }
    }
}

/// One reference element or flow that matters, and what the candidate had
/// for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyItem {
    pub kind: ItemKind,
    pub reference_id: String,
    pub reference_name: String,
    /// Why it matters: "critical flow (engine)", "crosses internet, aws",
    /// "endpoint of `pay`".
    pub why: Vec<String>,
    /// The candidate's id for it, if found.
    pub found_as: Option<String>,
    pub matched_by: Option<MatchedBy>,
}

impl KeyItem {
    pub fn found(&self) -> bool {
        self.found_as.is_some()
    }
}

/// Where the candidate's STRIDE categories came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StrideSource {
    /// The candidate's own `threats:`.
    UserThreats,
    /// The engine's threats on the candidate's model (no `threats:` given).
    Engine,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StrideResult {
    pub category: Stride,
    /// The engine finds it on the reference.
    pub expected: bool,
    /// Present in the candidate's answer.
    pub found: bool,
}

/// How the candidate did on the critical flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum CriticalStatus {
    /// `critical_flow` names an accepted flow. Credit 1.
    Prioritised { your_flow: String },
    /// `critical_flow` names another boundary-crossing flow, and it is the
    /// one the engine ranks first on the candidate's own model: a
    /// defensible choice that differs from the reference. Credit 0.75.
    OwnChoice { your_flow: String },
    /// An accepted flow is in the model but is not the one prioritised.
    /// Credit 0.5.
    Modelled {
        your_flow: String,
        your_choice: Option<String>,
    },
    /// No flow matches an accepted flow. Credit 0.
    Missing { your_choice: Option<String> },
}

impl CriticalStatus {
    pub fn credit(&self) -> f64 {
        match self {
            CriticalStatus::Prioritised { .. } => 1.0,
            CriticalStatus::OwnChoice { .. } => 0.75,
            CriticalStatus::Modelled { .. } => 0.5,
            CriticalStatus::Missing { .. } => 0.0,
        }
    }

    /// The candidate prioritised a flow the grader accepts.
    pub fn identified(&self) -> bool {
        matches!(
            self,
            CriticalStatus::Prioritised { .. } | CriticalStatus::OwnChoice { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriticalFlowResult {
    /// The engine's critical flow on the reference.
    pub engine_flow: String,
    /// "Stored card token moving from Shopper (browser) to API Gateway".
    pub engine_summary: String,
    /// The scenario author's `critical_flow`, when it differs.
    pub author_flow: Option<String>,
    pub status: CriticalStatus,
}

/// A mitigation that is not a concrete control with a parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VagueMitigation {
    pub threat: String,
    /// Empty when the threat lists no mitigation at all.
    pub text: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MitigationResult {
    /// Mitigations written under threats, plus threats with none.
    pub written: usize,
    /// Distinct catalog controls put in place with `controls:`.
    pub controls: Vec<String>,
    pub specific: usize,
    pub total: usize,
    /// specific / total, 0 when there is nothing.
    pub share: f64,
    pub vague: Vec<VagueMitigation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedFlag {
    pub rule_id: String,
    pub severity: Severity,
    /// The threat, flow or `model` the finding is about.
    pub subject: String,
    pub message: String,
    pub line: u32,
    pub column: u32,
    /// Counted in the red-flag factor (see the module documentation).
    pub scored: bool,
}

/// One line of the score breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    pub name: &'static str,
    pub weight: f64,
    pub points: f64,
}

/// The full grade of one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub scenario: String,
    pub title: String,
    pub key_items: Vec<KeyItem>,
    pub element_coverage: f64,
    pub stride_source: StrideSource,
    pub stride: Vec<StrideResult>,
    pub stride_coverage: f64,
    pub critical_flow: CriticalFlowResult,
    pub mitigations: MitigationResult,
    pub red_flags: Vec<RedFlag>,
    pub red_flag_factor: f64,
    pub elapsed_secs: u64,
    pub bar_minutes: u32,
    pub pace: Pace,
    pub time_factor: f64,
    pub components: Vec<Component>,
    /// 0 to 100, see the module documentation.
    pub score: u32,
}

impl Grade {
    pub fn found(&self) -> impl Iterator<Item = &KeyItem> {
        self.key_items.iter().filter(|k| k.found())
    }

    pub fn missing(&self) -> impl Iterator<Item = &KeyItem> {
        self.key_items.iter().filter(|k| !k.found())
    }

    /// Expected STRIDE categories the answer lacks.
    pub fn missing_stride(&self) -> Vec<Stride> {
        self.stride
            .iter()
            .filter(|s| s.expected && !s.found)
            .map(|s| s.category)
            .collect()
    }
}

fn item_kind(k: ElementKind) -> ItemKind {
    match k {
        ElementKind::Actor(_) => ItemKind::Actor,
        ElementKind::Service(_) => ItemKind::Service,
        ElementKind::Store(_) => ItemKind::Store,
    }
}

fn same_start(a: &Span, b: &Span) -> bool {
    a.start_line == b.start_line && a.start_column == b.start_column
}

fn subject_of(f: &Finding) -> &str {
    match &f.location {
        Location::Element { element, .. } => element,
        _ => "",
    }
}

/// Grade a parsed answer against a parsed reference.
pub(crate) fn grade_models(
    content: &Content,
    scenario: &Scenario,
    reference: Model,
    user: Model,
    elapsed: Duration,
) -> Grade {
    let author_cf = reference.critical_flow.as_ref().map(|(i, _)| *i);
    let ref_analysis = threat_model::analyze(reference, content);
    let r = &ref_analysis.model;
    let user_lint = threat_model::lint::lint(&user, content);
    let user_analysis = threat_model::analyze(user, content);
    let u = &user_analysis.model;
    let matching = Matching::new(r, u);

    // Key flows and why they matter.
    let engine_cf = ref_analysis
        .critical_flow
        .as_ref()
        .and_then(|cf| r.flow_by_id(&cf.flow));
    let mut flow_why: Vec<Vec<String>> = vec![Vec::new(); r.flows.len()];
    if let Some(i) = engine_cf {
        flow_why[i].push("critical flow (engine)".into());
    }
    if let Some(i) = author_cf {
        flow_why[i].push("critical flow (scenario)".into());
    }
    for (i, f) in r.flows.iter().enumerate() {
        if !f.crosses.is_empty() {
            let names: Vec<&str> = f
                .crosses
                .iter()
                .map(|&b| r.boundaries[b].id.as_str())
                .collect();
            flow_why[i].push(format!("crosses {}", names.join(", ")));
        }
    }
    let mut element_why: Vec<Vec<String>> = vec![Vec::new(); r.elements.len()];
    for (i, f) in r.flows.iter().enumerate() {
        if !flow_why[i].is_empty() {
            element_why[f.from].push(format!("endpoint of `{}`", f.id));
            element_why[f.to].push(format!("endpoint of `{}`", f.id));
        }
    }
    let mut key_items = Vec::new();
    for (i, e) in r.elements.iter().enumerate() {
        if element_why[i].is_empty() {
            continue;
        }
        let m = matching.elements[i];
        key_items.push(KeyItem {
            kind: item_kind(e.kind),
            reference_id: e.id.clone(),
            reference_name: e.name.clone(),
            why: std::mem::take(&mut element_why[i]),
            found_as: m.map(|(ui, _)| u.elements[ui].id.clone()),
            matched_by: m.map(|(_, how)| how),
        });
    }
    for (i, f) in r.flows.iter().enumerate() {
        if flow_why[i].is_empty() {
            continue;
        }
        let m = matching.flows[i];
        key_items.push(KeyItem {
            kind: ItemKind::Flow,
            reference_id: f.id.clone(),
            reference_name: f.name.clone(),
            why: std::mem::take(&mut flow_why[i]),
            found_as: m.map(|(ui, _)| u.flows[ui].id.clone()),
            matched_by: m.map(|(_, how)| how),
        });
    }
    let element_coverage = share(
        key_items.iter().filter(|k| k.found()).count(),
        key_items.len(),
    );

    // STRIDE.
    let expected: BTreeSet<Stride> = ref_analysis.threats.iter().map(|t| t.stride).collect();
    let (stride_source, present): (StrideSource, BTreeSet<Stride>) = if u.user_threats.is_empty() {
        (
            StrideSource::Engine,
            user_analysis.threats.iter().map(|t| t.stride).collect(),
        )
    } else {
        (
            StrideSource::UserThreats,
            u.user_threats
                .iter()
                .flat_map(|t| t.stride.iter().copied())
                .collect(),
        )
    };
    let stride: Vec<StrideResult> = Stride::ALL
        .iter()
        .map(|&category| StrideResult {
            category,
            expected: expected.contains(&category),
            found: present.contains(&category),
        })
        .collect();
    let stride_coverage = share(
        stride.iter().filter(|s| s.expected && s.found).count(),
        stride.iter().filter(|s| s.expected).count(),
    );

    // Critical flow.
    let accepted_user: Vec<usize> = engine_cf
        .into_iter()
        .chain(author_cf)
        .filter_map(|ri| matching.flows[ri].map(|(ui, _)| ui))
        .collect();
    let choice = u.critical_flow.as_ref().map(|(i, _)| *i);
    let choice_id = choice.map(|i| u.flows[i].id.clone());
    let user_engine_cf = user_analysis
        .critical_flow
        .as_ref()
        .map(|c| c.flow.as_str());
    let status = match choice {
        Some(ui) if accepted_user.contains(&ui) => CriticalStatus::Prioritised {
            your_flow: u.flows[ui].id.clone(),
        },
        Some(ui)
            if user_engine_cf == Some(u.flows[ui].id.as_str())
                && matching
                    .reference_flow_of(ui)
                    .is_some_and(|ri| !r.flows[ri].crosses.is_empty()) =>
        {
            CriticalStatus::OwnChoice {
                your_flow: u.flows[ui].id.clone(),
            }
        }
        _ => match accepted_user.first() {
            Some(&ui) => CriticalStatus::Modelled {
                your_flow: u.flows[ui].id.clone(),
                your_choice: choice_id,
            },
            None => CriticalStatus::Missing {
                your_choice: choice_id,
            },
        },
    };
    let critical_flow = CriticalFlowResult {
        engine_flow: ref_analysis
            .critical_flow
            .as_ref()
            .map(|c| c.flow.clone())
            .unwrap_or_default(),
        engine_summary: ref_analysis
            .critical_flow
            .as_ref()
            .map(|c| c.summary.clone())
            .unwrap_or_default(),
        author_flow: author_cf
            .filter(|&a| Some(a) != engine_cf)
            .map(|a| r.flows[a].id.clone()),
        status,
    };

    // Mitigations.
    let vague_findings: Vec<&Finding> = user_lint
        .iter()
        .filter(|f| f.rule_id == "lint/vague-mitigation")
        .collect();
    let mut vague = Vec::new();
    let mut written = 0usize;
    for t in &u.user_threats {
        let slots: Vec<(String, Span)> = if t.mitigations.is_empty() {
            vec![(String::new(), t.span.clone())]
        } else {
            t.mitigations.clone()
        };
        for (text, span) in slots {
            written += 1;
            let hit = vague_findings.iter().find(|f| {
                subject_of(f) == t.id && f.location.span().is_some_and(|s| same_start(s, &span))
            });
            if let Some(f) = hit {
                vague.push(VagueMitigation {
                    threat: t.id.clone(),
                    text,
                    line: span.start_line,
                    column: span.start_column,
                    message: f.message.clone(),
                });
            }
        }
    }
    let controls: Vec<String> = u
        .elements
        .iter()
        .flat_map(|e| e.controls.iter())
        .chain(u.flows.iter().flat_map(|f| f.controls.iter()))
        .cloned()
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    let total = written + controls.len();
    let specific = total - vague.len();
    let mitigations = MitigationResult {
        written,
        specific,
        total,
        share: share(specific, total),
        controls,
        vague,
    };

    // Red flags.
    let model_only = u.user_threats.is_empty();
    let red_flags: Vec<RedFlag> = user_lint
        .iter()
        .map(|f| {
            let (line, column) = f
                .location
                .span()
                .map(|s| (s.start_line, s.start_column))
                .unwrap_or((1, 1));
            let priced = PRICED_ELSEWHERE.contains(&f.rule_id.as_str());
            let stood_in = model_only && f.rule_id == "lint/uncovered-flow";
            let scored = !priced && !stood_in;
            RedFlag {
                rule_id: f.rule_id.clone(),
                severity: f.severity,
                subject: subject_of(f).to_string(),
                message: f.message.clone(),
                line,
                column,
                scored,
            }
        })
        .collect();
    let penalty: f64 = red_flags
        .iter()
        .filter(|f| f.scored)
        .map(|f| penalty_of(f.severity))
        .sum();
    let red_flag_factor = (1.0 - penalty / RED_FLAG_BUDGET).max(0.0);

    // Time and score.
    let pace = Pace::of(elapsed, scenario.minutes);
    let time_factor = time_factor(elapsed, scenario.minutes);
    let stride_credit = match stride_source {
        StrideSource::UserThreats => stride_coverage,
        StrideSource::Engine => stride_coverage * element_coverage,
    };
    let components = vec![
        Component {
            name: "key elements",
            weight: W_ELEMENTS,
            points: W_ELEMENTS * element_coverage,
        },
        Component {
            name: "STRIDE categories",
            weight: W_STRIDE,
            points: W_STRIDE * stride_credit,
        },
        Component {
            name: "critical flow",
            weight: W_CRITICAL,
            points: W_CRITICAL * critical_flow.status.credit(),
        },
        Component {
            name: "specific mitigations",
            weight: W_MITIGATIONS,
            points: W_MITIGATIONS * mitigations.share,
        },
        Component {
            name: "no red flags",
            weight: W_RED_FLAGS,
            points: W_RED_FLAGS * red_flag_factor * element_coverage,
        },
        Component {
            name: "time",
            weight: W_TIME,
            points: W_TIME * time_factor * element_coverage,
        },
    ];
    let score = components
        .iter()
        .map(|c| c.points)
        .sum::<f64>()
        .round()
        .clamp(0.0, 100.0) as u32;

    Grade {
        scenario: scenario.name.clone(),
        title: scenario.title.clone(),
        key_items,
        element_coverage,
        stride_source,
        stride,
        stride_coverage,
        critical_flow,
        mitigations,
        red_flags,
        red_flag_factor,
        elapsed_secs: elapsed.as_secs(),
        bar_minutes: scenario.minutes,
        pace,
        time_factor,
        components,
        score,
    }
}

fn penalty_of(s: Severity) -> f64 {
    match s {
        Severity::Critical => 5.0,
        Severity::High => 3.0,
        Severity::Medium => 2.0,
        Severity::Low => 1.0,
        Severity::Info => 0.0,
    }
}

fn share(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60;

    #[test]
    fn pace_against_a_twenty_minute_bar() {
        let p = |m| Pace::of(Duration::from_secs(m), 20);
        assert_eq!(p(14 * MIN + 59), Pace::Fast);
        assert_eq!(p(15 * MIN), Pace::OnBar);
        assert_eq!(p(20 * MIN), Pace::OnBar);
        assert_eq!(p(20 * MIN + 1), Pace::Slow);
    }

    #[test]
    fn time_factor_falls_to_zero_at_twice_the_bar() {
        let t = |s| time_factor(Duration::from_secs(s), 15);
        assert_eq!(t(0), 1.0);
        assert_eq!(t(15 * MIN), 1.0);
        assert!((t(22 * MIN + 30) - 0.5).abs() < 1e-9);
        assert_eq!(t(30 * MIN), 0.0);
        assert_eq!(t(90 * MIN), 0.0);
    }

    #[test]
    fn weights_sum_to_one_hundred() {
        let sum = W_ELEMENTS + W_STRIDE + W_CRITICAL + W_MITIGATIONS + W_RED_FLAGS + W_TIME;
        assert_eq!(sum, 100.0);
    }

    #[test]
    fn penalties_rank_by_severity() {
        assert!(penalty_of(Severity::Critical) > penalty_of(Severity::High));
        assert!(penalty_of(Severity::High) > penalty_of(Severity::Medium));
        assert!(penalty_of(Severity::Medium) > penalty_of(Severity::Low));
        assert_eq!(share(0, 0), 0.0);
    }
}
