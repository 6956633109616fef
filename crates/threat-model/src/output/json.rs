//! The JSON report, for scripts and for `diff`.
//!
//! Top level: `model`, `summary`, `critical_flow`, `threats` (ranked; each
//! with `id` = `rule@element`, `stride`, `element`, `severity`, `title`,
//! `mitigations`, `impact` and more) and `walkthrough`.

use crate::engine::{Analysis, Threat};
use crate::output::walkthrough;
use report::{Evidence, Remediation, Severity, Stride};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Doc<'a> {
    tool: Tool,
    model: ModelInfo<'a>,
    summary: Summary,
    critical_flow: &'a Option<crate::CriticalFlow>,
    threats: Vec<ThreatOut<'a>>,
    walkthrough: walkthrough::Walkthrough,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct ModelInfo<'a> {
    name: &'a str,
    path: &'a str,
    boundaries: usize,
    elements: usize,
    data_assets: usize,
    flows: usize,
    boundary_crossing_flows: usize,
    cost_model: &'a impact::CostModel,
}

#[derive(Serialize)]
struct Summary {
    threats: usize,
    by_severity: BTreeMap<&'static str, usize>,
    by_stride: BTreeMap<char, usize>,
    zero_trust_gaps: usize,
    expected_loss_usd: impact::Range,
    residual_loss_usd: impact::Range,
}

#[derive(Serialize)]
struct ThreatOut<'a> {
    id: &'a str,
    rank: usize,
    rule: &'a str,
    stride: char,
    stride_name: &'static str,
    element: &'a str,
    element_name: &'a str,
    element_type: &'a str,
    severity: Severity,
    inherent_severity: Severity,
    likelihood: u8,
    impact_level: u8,
    confidence: report::Confidence,
    interaction: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    zero_trust: Option<&'static str>,
    title: &'a str,
    message: &'a str,
    cwe: Vec<u32>,
    mitigations: &'a [Remediation],
    impact: &'a impact::Estimate,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a report::Span>,
    evidence: &'a [String],
}

fn threat_out<'a>(a: &'a Analysis, t: &'a Threat) -> ThreatOut<'a> {
    let (element_type, span) = match &t.finding.location {
        report::Location::Element {
            element_type, span, ..
        } => (element_type.as_str(), span.as_ref()),
        report::Location::File(s) => ("file", Some(s)),
    };
    ThreatOut {
        id: &t.finding.id,
        rank: t.rank,
        rule: &t.finding.rule_id,
        stride: t.stride.letter(),
        stride_name: t.stride.name(),
        element: a.target_id(t.target),
        element_name: a.target_name(t.target),
        element_type,
        severity: t.finding.severity,
        inherent_severity: t.inherent_severity,
        likelihood: t.likelihood,
        impact_level: t.impact_level,
        confidence: t.finding.confidence,
        interaction: t.interaction,
        zero_trust: t.zero_trust.map(|z| z.as_str()),
        title: &t.finding.title,
        message: &t.finding.message,
        cwe: t.finding.cwes().collect(),
        mitigations: &t.finding.remediation,
        impact: t.impact(),
        location: span,
        evidence: match &t.finding.evidence {
            Some(Evidence::Facts { facts }) => facts,
            _ => &[],
        },
    }
}

pub fn render(a: &Analysis) -> String {
    let m = &a.model;
    let mut by_severity = BTreeMap::new();
    for s in Severity::ALL {
        by_severity.insert(s.as_str(), a.count_by_severity(s));
    }
    let mut by_stride = BTreeMap::new();
    for s in Stride::ALL {
        by_stride.insert(
            s.letter(),
            a.threats.iter().filter(|t| t.stride == s).count(),
        );
    }
    let doc = Doc {
        tool: Tool {
            name: "barraiser",
            version: env!("CARGO_PKG_VERSION"),
        },
        model: ModelInfo {
            name: &m.name,
            path: &m.path,
            boundaries: m.boundaries.len(),
            elements: m.elements.len(),
            data_assets: m.data.len(),
            flows: m.flows.len(),
            boundary_crossing_flows: m.flows.iter().filter(|f| !f.crosses.is_empty()).count(),
            cost_model: &m.costs,
        },
        summary: Summary {
            threats: a.threats.len(),
            by_severity,
            by_stride,
            zero_trust_gaps: a.threats.iter().filter(|t| t.zero_trust.is_some()).count(),
            expected_loss_usd: a.total_expected(),
            residual_loss_usd: a.total_residual(),
        },
        critical_flow: &a.critical_flow,
        threats: a.threats.iter().map(|t| threat_out(a, t)).collect(),
        walkthrough: walkthrough::build(a),
    };
    report::to_json_pretty(&doc)
}
