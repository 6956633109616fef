//! A graded answer and the scenario's reference, side by side.
//!
//! [`Grade`] says how much of what matters the answer covers;
//! [`Comparison`] lays both models out item by item so the candidate sees
//! *which* of their elements, flows and threats line up with the reference
//! and which reference items they never drew. Elements and flows are paired
//! with the grader's own [`Matching`], so the two views never disagree.
//!
//! Threats are compared by target and STRIDE category: a reference threat
//! (the engine's, on the reference model) is matched when the candidate has
//! a threat of the same category on the element or flow paired with its
//! target. The candidate's threats are their own `threats:`, or the
//! engine's on their model when they listed none (the grader's model-only
//! mode, [`StrideSource::Engine`]).

use crate::grade::{Grade, ItemKind, StrideSource};
use crate::matching::{MatchedBy, Matching};
use crate::GradeError;
use report::{Severity, Stride};
use serde::Serialize;
use std::collections::BTreeSet;
use threat_model::model::{ElementKind, Model, Target};
use threat_model::Analysis;

/// One element or flow of one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub kind: ItemKind,
    pub id: String,
    pub name: String,
    /// It is (or pairs with) one of the grade's key items.
    pub key: bool,
    /// The id of the paired item on the other side.
    pub counterpart: Option<String>,
    pub matched_by: Option<MatchedBy>,
}

/// One mitigation under a threat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MitigationRow {
    pub text: String,
    /// Concrete: a catalog control, or written text the `vague-mitigation`
    /// lint does not flag. An empty slot (a threat with no mitigation) is
    /// not specific.
    pub specific: bool,
}

/// One threat of one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreatRow {
    pub title: String,
    pub target_id: String,
    pub target_name: String,
    pub stride: Vec<Stride>,
    pub severity: Option<Severity>,
    pub mitigations: Vec<MitigationRow>,
    /// The other side has a threat of one of these categories on the
    /// paired target.
    pub matched: bool,
}

/// Both models, item by item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The reference's elements, then its flows, in file order.
    pub reference: Vec<Row>,
    /// The answer's elements, then its flows, in file order.
    pub yours: Vec<Row>,
    /// The engine's threats on the reference, most important first.
    pub reference_threats: Vec<ThreatRow>,
    /// The candidate's threats (see [`Comparison::your_threats_source`]).
    pub your_threats: Vec<ThreatRow>,
    pub your_threats_source: StrideSource,
}

impl Comparison {
    /// Reference threats the answer covers, and how many there are.
    pub fn threats_matched(&self) -> (usize, usize) {
        (
            self.reference_threats.iter().filter(|t| t.matched).count(),
            self.reference_threats.len(),
        )
    }
}

/// Compare `user_yaml`, graded as `grade`, with the reference of
/// `grade.scenario`. The answer must be the one graded (the grade's key
/// items and vague mitigations are reused, not recomputed).
pub fn compare(grade: &Grade, user_yaml: &str) -> Result<Comparison, GradeError> {
    let (content, _, reference, user) =
        crate::load(crate::ANSWER_PATH, &grade.scenario, user_yaml)?;
    let r = threat_model::analyze(reference, content);
    let u = threat_model::analyze(user, content);
    Ok(compare_analyses(grade, &r, &u))
}

fn kind_of(k: ElementKind) -> ItemKind {
    match k {
        ElementKind::Actor(_) => ItemKind::Actor,
        ElementKind::Service(_) => ItemKind::Service,
        ElementKind::Store(_) => ItemKind::Store,
    }
}

fn target_of(m: &Model, t: Target) -> (String, String) {
    match t {
        Target::Element(i) => (m.elements[i].id.clone(), m.elements[i].name.clone()),
        Target::Flow(i) => (m.flows[i].id.clone(), m.flows[i].name.clone()),
    }
}

/// A target as an ordered key (`Target` is not `Ord`): flows after elements.
type TargetKey = (bool, usize);

fn key(t: Target) -> TargetKey {
    match t {
        Target::Element(i) => (false, i),
        Target::Flow(i) => (true, i),
    }
}

fn unkey(k: TargetKey) -> Target {
    if k.0 {
        Target::Flow(k.1)
    } else {
        Target::Element(k.1)
    }
}

/// The candidate's target paired with reference target `t`.
fn to_user(matching: &Matching, t: Target) -> Option<Target> {
    match t {
        Target::Element(i) => matching.elements[i].map(|(u, _)| Target::Element(u)),
        Target::Flow(i) => matching.flows[i].map(|(u, _)| Target::Flow(u)),
    }
}

pub(crate) fn compare_analyses(grade: &Grade, r: &Analysis, u: &Analysis) -> Comparison {
    let (rm, um) = (&r.model, &u.model);
    let matching = Matching::new(rm, um);
    let is_key = |id: &str, kind: ItemKind| {
        grade
            .key_items
            .iter()
            .any(|k| k.reference_id == id && (k.kind == ItemKind::Flow) == (kind == ItemKind::Flow))
    };

    let mut reference = Vec::new();
    let mut yours_elements: Vec<Row> = um
        .elements
        .iter()
        .map(|e| Row {
            kind: kind_of(e.kind),
            id: e.id.clone(),
            name: e.name.clone(),
            key: false,
            counterpart: None,
            matched_by: None,
        })
        .collect();
    let mut yours_flows: Vec<Row> = um
        .flows
        .iter()
        .map(|f| Row {
            kind: ItemKind::Flow,
            id: f.id.clone(),
            name: f.name.clone(),
            key: false,
            counterpart: None,
            matched_by: None,
        })
        .collect();
    for (i, e) in rm.elements.iter().enumerate() {
        let kind = kind_of(e.kind);
        let key = is_key(&e.id, kind);
        let m = matching.elements[i];
        if let Some((ui, how)) = m {
            let y = &mut yours_elements[ui];
            y.key = key;
            y.counterpart = Some(e.id.clone());
            y.matched_by = Some(how);
        }
        reference.push(Row {
            kind,
            id: e.id.clone(),
            name: e.name.clone(),
            key,
            counterpart: m.map(|(ui, _)| um.elements[ui].id.clone()),
            matched_by: m.map(|(_, how)| how),
        });
    }
    for (i, f) in rm.flows.iter().enumerate() {
        let key = is_key(&f.id, ItemKind::Flow);
        let m = matching.flows[i];
        if let Some((ui, how)) = m {
            let y = &mut yours_flows[ui];
            y.key = key;
            y.counterpart = Some(f.id.clone());
            y.matched_by = Some(how);
        }
        reference.push(Row {
            kind: ItemKind::Flow,
            id: f.id.clone(),
            name: f.name.clone(),
            key,
            counterpart: m.map(|(ui, _)| um.flows[ui].id.clone()),
            matched_by: m.map(|(_, how)| how),
        });
    }
    let mut yours = yours_elements;
    yours.append(&mut yours_flows);

    // What each side claims, as (target, category) pairs.
    let source = if um.user_threats.is_empty() {
        StrideSource::Engine
    } else {
        StrideSource::UserThreats
    };
    let user_claims: BTreeSet<(TargetKey, Stride)> = match source {
        StrideSource::UserThreats => um
            .user_threats
            .iter()
            .flat_map(|t| t.stride.iter().map(move |&s| (key(t.target), s)))
            .collect(),
        StrideSource::Engine => u
            .threats
            .iter()
            .map(|t| (key(t.target), t.stride))
            .collect(),
    };
    let ref_claims: BTreeSet<(TargetKey, Stride)> = r
        .threats
        .iter()
        .map(|t| (key(t.target), t.stride))
        .collect();
    // Reference targets as the candidate's, for the reverse look-up.
    let ref_claims_as_user: BTreeSet<(TargetKey, Stride)> = ref_claims
        .iter()
        .filter_map(|&(t, s)| to_user(&matching, unkey(t)).map(|ut| (key(ut), s)))
        .collect();

    let reference_threats = r
        .threats
        .iter()
        .map(|t| {
            let (target_id, target_name) = target_of(rm, t.target);
            ThreatRow {
                title: t.finding.title.clone(),
                target_id,
                target_name,
                stride: vec![t.stride],
                severity: Some(t.finding.severity),
                mitigations: t
                    .finding
                    .remediation
                    .iter()
                    .map(|m| MitigationRow {
                        text: if m.service.is_empty() {
                            format!("{}: {}", m.title, m.parameter)
                        } else {
                            format!("{} ({}): {}", m.title, m.service, m.parameter)
                        },
                        specific: true,
                    })
                    .collect(),
                matched: to_user(&matching, t.target)
                    .is_some_and(|ut| user_claims.contains(&(key(ut), t.stride))),
            }
        })
        .collect();

    let your_threats = match source {
        StrideSource::UserThreats => um
            .user_threats
            .iter()
            .map(|t| {
                let (target_id, target_name) = target_of(um, t.target);
                let vague = |line: u32, column: u32| {
                    grade
                        .mitigations
                        .vague
                        .iter()
                        .any(|v| v.threat == t.id && v.line == line && v.column == column)
                };
                let mitigations = if t.mitigations.is_empty() {
                    vec![MitigationRow {
                        text: String::new(),
                        specific: false,
                    }]
                } else {
                    t.mitigations
                        .iter()
                        .map(|(text, span)| MitigationRow {
                            text: text.clone(),
                            specific: !vague(span.start_line, span.start_column),
                        })
                        .collect()
                };
                ThreatRow {
                    title: t.title.clone(),
                    target_id,
                    target_name,
                    stride: t.stride.clone(),
                    severity: t.priority,
                    mitigations,
                    matched: t
                        .stride
                        .iter()
                        .any(|&s| ref_claims_as_user.contains(&(key(t.target), s))),
                }
            })
            .collect(),
        StrideSource::Engine => u
            .threats
            .iter()
            .map(|t| {
                let (target_id, target_name) = target_of(um, t.target);
                ThreatRow {
                    title: t.finding.title.clone(),
                    target_id,
                    target_name,
                    stride: vec![t.stride],
                    severity: Some(t.finding.severity),
                    mitigations: Vec::new(),
                    matched: ref_claims_as_user.contains(&(key(t.target), t.stride)),
                }
            })
            .collect(),
    };

    Comparison {
        reference,
        yours,
        reference_threats,
        your_threats,
        your_threats_source: source,
    }
}
