//! The analysis: STRIDE-per-element, STRIDE-per-interaction and Zero-Trust
//! rules applied to a resolved model, each threat quantified in money,
//! ranked, and the most critical data flow named.
//!
//! The engine is a single pass over elements and flows with the rule list
//! pre-split by element type, so it is linear in model size times rule
//! count (10,000 elements and 70 rules take a few milliseconds).

use crate::content::Content;
use crate::kinds::*;
use crate::model::*;
use crate::rules::{Condition, Rule, ZeroTrust};
use impact::{combine_effectiveness, Estimate, Exposure, ImpactKind, Likelihood};
use report::{Category, Evidence, Finding, Location, Severity, Stride};
use serde::Serialize;

/// One threat found in the model.
#[derive(Debug, Clone)]
pub struct Threat {
    /// The common finding shape; `finding.severity` is the residual
    /// severity (after controls in place), which is what ranking uses.
    pub finding: Finding,
    pub stride: Stride,
    pub target: Target,
    /// Rule applied because the flow crosses a boundary.
    pub interaction: bool,
    pub zero_trust: Option<ZeroTrust>,
    /// Severity with no controls counted.
    pub inherent_severity: Severity,
    pub likelihood: u8,
    pub impact_level: u8,
    /// 1-based position in the prioritised list.
    pub rank: usize,
}

impl Threat {
    pub fn impact(&self) -> &Estimate {
        self.finding
            .impact
            .as_ref()
            .expect("every threat-model finding carries an impact")
    }
}

/// The flow whose threats add up to the largest residual expected loss.
#[derive(Debug, Clone, Serialize)]
pub struct CriticalFlow {
    pub flow: String,
    /// "payment token from checkout-lambda to payment-tokens"
    pub summary: String,
    pub threat_count: usize,
    pub residual_loss_usd: impact::Range,
    pub top_threat: String,
}

/// Result of analysing one model.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub model: Model,
    /// Prioritised: most important first.
    pub threats: Vec<Threat>,
    pub critical_flow: Option<CriticalFlow>,
}

impl Analysis {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.threats.iter().map(|t| &t.finding)
    }

    pub fn count_by_severity(&self, s: Severity) -> usize {
        self.threats
            .iter()
            .filter(|t| t.finding.severity == s)
            .count()
    }

    /// Residual expected loss per year for the whole model, with the
    /// controls in place. See [`Analysis::total_expected`] for how threats
    /// are combined.
    pub fn total_residual(&self) -> impact::Range {
        pooled_total(&self.threats, |e| e.residual_loss_usd)
    }

    /// Expected loss per year for the whole model with no controls counted.
    ///
    /// Threats are not independent losses: twenty threats against the same
    /// table describe twenty ways of losing that table once. Summing them
    /// (the first version did) produced totals far above the value of
    /// everything the company holds. Threats are therefore pooled by what
    /// they put at risk (breach or tamper of a data set of a given size,
    /// or downtime of the service), the pool's expected losses are summed,
    /// and the pool total is capped at the worst single occurrence in it
    /// (records x cost per record plus the GDPR ceiling, or the longest
    /// outage). The model total is the sum over pools.
    pub fn total_expected(&self) -> impact::Range {
        pooled_total(&self.threats, |e| e.expected_loss_usd)
    }

    pub fn target_name(&self, t: Target) -> &str {
        match t {
            Target::Element(i) => &self.model.elements[i].name,
            Target::Flow(i) => &self.model.flows[i].name,
        }
    }

    pub fn target_id(&self, t: Target) -> &str {
        match t {
            Target::Element(i) => &self.model.elements[i].id,
            Target::Flow(i) => &self.model.flows[i].id,
        }
    }
}

fn pooled_total(threats: &[Threat], pick: impl Fn(&Estimate) -> impact::Range) -> impact::Range {
    use std::collections::BTreeMap;
    /// Per pool: the chance that nothing happens (low and high ends) and
    /// the worst single occurrence (without and with the GDPR ceiling).
    struct Pool {
        none_low: f64,
        none_high: f64,
        worst_low: u64,
        worst_high: u64,
    }
    let mut pools: BTreeMap<(u8, u64), Pool> = BTreeMap::new();
    for t in threats {
        let e = t.impact();
        let key = match e.kind {
            ImpactKind::Breach => (0, e.records),
            ImpactKind::Tamper => (1, e.records),
            ImpactKind::Downtime => (2, 0),
        };
        let worst_low = e.single_loss_usd;
        let worst_high = match e.likelihood.high {
            p if p > 0.0 => (e.expected_loss_usd.high as f64 / p).round() as u64,
            _ => e.single_loss_usd,
        };
        let r = pick(e);
        let prob = |v: u64, worst: u64| {
            if worst == 0 {
                0.0
            } else {
                (v as f64 / worst as f64).clamp(0.0, 1.0)
            }
        };
        let pool = pools.entry(key).or_insert(Pool {
            none_low: 1.0,
            none_high: 1.0,
            worst_low: 0,
            worst_high: 0,
        });
        pool.none_low *= 1.0 - prob(r.low, worst_low);
        pool.none_high *= 1.0 - prob(r.high, worst_high);
        pool.worst_low = pool.worst_low.max(worst_low);
        pool.worst_high = pool.worst_high.max(worst_high);
    }
    sum_ranges(pools.values().map(|p| impact::Range {
        low: (p.worst_low as f64 * (1.0 - p.none_low)).round() as u64,
        high: (p.worst_high as f64 * (1.0 - p.none_high)).round() as u64,
    }))
}

fn sum_ranges(it: impl Iterator<Item = impact::Range>) -> impact::Range {
    it.fold(impact::Range { low: 0, high: 0 }, |a, r| impact::Range {
        low: a.low.saturating_add(r.low),
        high: a.high.saturating_add(r.high),
    })
}

/// What the rules look at for one element or flow, computed once.
struct Facts<'m> {
    target: Target,
    etype: ElementType,
    kind: Option<&'static str>,
    data: Vec<&'m DataAsset>,
    exposed: bool,
    controls: Vec<&'m str>,
}

/// Analyse `model` with the embedded rules and catalog.
pub fn analyze(model: Model, content: &Content) -> Analysis {
    let m = &model;
    // Flows touching each element, for the data an element handles and its
    // exposure.
    let mut incident: Vec<Vec<usize>> = vec![Vec::new(); m.elements.len()];
    let mut inbound_from_internet = vec![false; m.elements.len()];
    for (i, f) in m.flows.iter().enumerate() {
        incident[f.from].push(i);
        incident[f.to].push(i);
        if m.on_internet(f.from) {
            inbound_from_internet[f.to] = true;
        }
    }

    let by_type = |t: ElementType| -> Vec<&Rule> {
        content.rules.iter().filter(|r| r.applies_to == t).collect()
    };
    let (actor_rules, service_rules, store_rules, flow_rules) = (
        by_type(ElementType::Actor),
        by_type(ElementType::Service),
        by_type(ElementType::Store),
        by_type(ElementType::Flow),
    );

    let mut threats = Vec::new();
    for (i, e) in m.elements.iter().enumerate() {
        let mut data: Vec<&DataAsset> = e.stores.iter().map(|&d| &m.data[d]).collect();
        for &fi in &incident[i] {
            data.extend(m.flows[fi].data.iter().map(|&d| &m.data[d]));
        }
        dedup_data(&mut data);
        let exposed = match e.kind {
            ElementKind::Actor(_) => m.on_internet(i),
            _ => e.internet_facing || inbound_from_internet[i],
        };
        let facts = Facts {
            target: Target::Element(i),
            etype: e.kind.element_type(),
            kind: Some(e.kind.as_str()),
            data,
            exposed,
            controls: e.controls.iter().map(String::as_str).collect(),
        };
        let rules = match e.kind {
            ElementKind::Actor(_) => &actor_rules,
            ElementKind::Service(_) => &service_rules,
            ElementKind::Store(_) => &store_rules,
        };
        for r in rules.iter() {
            if element_matches(m, e, &facts, &r.when) {
                threats.push(make_threat(m, content, r, &facts));
            }
        }
    }
    for (i, f) in m.flows.iter().enumerate() {
        let mut data: Vec<&DataAsset> = f.data.iter().map(|&d| &m.data[d]).collect();
        dedup_data(&mut data);
        let controls = f
            .controls
            .iter()
            .chain(&m.elements[f.from].controls)
            .chain(&m.elements[f.to].controls)
            .map(String::as_str)
            .collect();
        let facts = Facts {
            target: Target::Flow(i),
            etype: ElementType::Flow,
            kind: None,
            data,
            exposed: m.on_internet(f.from),
            controls,
        };
        for r in &flow_rules {
            if r.interaction && f.crosses.is_empty() {
                continue;
            }
            if flow_matches(m, f, &facts, &r.when) {
                threats.push(make_threat(m, content, r, &facts));
            }
        }
    }

    threats.sort_by(|a, b| {
        b.finding
            .severity
            .cmp(&a.finding.severity)
            .then(
                b.impact()
                    .residual_loss_usd
                    .high
                    .cmp(&a.impact().residual_loss_usd.high),
            )
            .then((b.likelihood * b.impact_level).cmp(&(a.likelihood * a.impact_level)))
            .then(a.finding.id.cmp(&b.finding.id))
    });
    for (i, t) in threats.iter_mut().enumerate() {
        t.rank = i + 1;
    }
    let critical_flow = critical_flow(m, &threats);
    Analysis {
        model,
        threats,
        critical_flow,
    }
}

fn dedup_data(data: &mut Vec<&DataAsset>) {
    data.sort_by(|a, b| a.id.cmp(&b.id));
    data.dedup_by(|a, b| a.id == b.id);
}

fn any_or_empty<T: PartialEq>(list: &[T], v: &T) -> bool {
    list.is_empty() || list.contains(v)
}

fn opt_eq(want: Option<bool>, have: bool) -> bool {
    want.is_none_or(|w| w == have)
}

/// Conditions on data, exposure and scale shared by every element type.
fn common_matches(m: &Model, facts: &Facts, c: &Condition) -> bool {
    if let Some(min) = c.min_classification {
        if !facts.data.iter().any(|d| d.classification >= min) {
            return false;
        }
    }
    if !c.data_tags.is_empty()
        && !facts
            .data
            .iter()
            .any(|d| d.tags.iter().any(|t| c.data_tags.contains(t)))
    {
        return false;
    }
    if let Some(min) = c.min_records {
        if !facts.data.iter().any(|d| d.records >= min) {
            return false;
        }
    }
    if let Some(min) = c.min_rps {
        if m.requests_per_second < min {
            return false;
        }
    }
    opt_eq(c.internet_exposed, facts.exposed)
}

fn element_matches(m: &Model, e: &Element, facts: &Facts, c: &Condition) -> bool {
    if !c.kinds.is_empty() && !c.kinds.iter().any(|k| Some(k.as_str()) == facts.kind) {
        return false;
    }
    if !c.at_rest.is_empty() && !c.at_rest.contains(&e.at_rest) {
        return false;
    }
    if !c.privileges.is_empty() && !c.privileges.contains(&e.privileges) {
        return false;
    }
    let is_store = matches!(e.kind, ElementKind::Store(_));
    if is_store {
        if !opt_eq(c.public, e.public)
            || !opt_eq(c.backups, e.backups)
            || !opt_eq(c.versioning, e.versioning)
        {
            return false;
        }
    } else if c.public.is_some()
        || c.backups.is_some()
        || c.versioning.is_some()
        || !c.at_rest.is_empty()
    {
        return false;
    }
    // Flow-only fields never match an element.
    if !c.from_types.is_empty()
        || !c.to_types.is_empty()
        || !c.from_kinds.is_empty()
        || !c.to_kinds.is_empty()
        || c.from_internet.is_some()
        || !c.crosses.is_empty()
        || !c.protocol.is_empty()
        || !c.authentication.is_empty()
        || !c.authorization.is_empty()
        || !c.encryption.is_empty()
        || !c.identity.is_empty()
        || c.logged.is_some()
        || !c.missing_logs.is_empty()
    {
        return false;
    }
    common_matches(m, facts, c)
}

fn flow_matches(m: &Model, f: &Flow, facts: &Facts, c: &Condition) -> bool {
    let from = &m.elements[f.from];
    let to = &m.elements[f.to];
    if !c.kinds.is_empty()
        || !c.at_rest.is_empty()
        || !c.privileges.is_empty()
        || c.public.is_some()
        || c.backups.is_some()
        || c.versioning.is_some()
    {
        return false;
    }
    if !any_or_empty(&c.from_types, &from.kind.element_type())
        || !any_or_empty(&c.to_types, &to.kind.element_type())
    {
        return false;
    }
    if !c.from_kinds.is_empty() && !c.from_kinds.iter().any(|k| k == from.kind.as_str()) {
        return false;
    }
    if !c.to_kinds.is_empty() && !c.to_kinds.iter().any(|k| k == to.kind.as_str()) {
        return false;
    }
    if !opt_eq(c.from_internet, facts.exposed) {
        return false;
    }
    if !c.crosses.is_empty() && !m.flow_crosses_kind(f, &c.crosses) {
        return false;
    }
    if !c.protocol.is_empty() && !f.protocol.is_some_and(|p| c.protocol.contains(&p)) {
        return false;
    }
    if !any_or_empty(&c.authentication, &f.authentication)
        || !any_or_empty(&c.authorization, &f.authorization)
        || !any_or_empty(&c.encryption, &f.encryption)
        || !any_or_empty(&c.identity, &f.identity)
    {
        return false;
    }
    if !opt_eq(c.logged, !f.logging.is_empty()) {
        return false;
    }
    if !c.missing_logs.is_empty() && c.missing_logs.iter().any(|l| f.logging.contains(l)) {
        return false;
    }
    common_matches(m, facts, c)
}

/// Impact level 1..=5 of a rule on the facts.
fn impact_level(m: &Model, rule: &Rule, facts: &Facts) -> u8 {
    let base: i32 = match rule.impact.kind {
        ImpactKind::Downtime => {
            let (u, r) = (m.users, m.requests_per_second);
            if u >= 10_000_000 || r >= 5_000 {
                5
            } else if u >= 1_000_000 || r >= 500 {
                4
            } else if u >= 100_000 || r >= 50 {
                3
            } else {
                2
            }
        }
        ImpactKind::Breach | ImpactKind::Tamper => {
            let top = facts.data.iter().map(|d| d.classification).max();
            let mut level = match top {
                None => 2,
                Some(Classification::Public) => 1,
                Some(Classification::Internal) => 2,
                Some(Classification::Confidential) => 3,
                Some(Classification::Restricted) => 4,
            };
            let heavy = facts.data.iter().any(|d| {
                d.records >= 1_000_000
                    || d.tags.iter().any(|t| {
                        matches!(
                            t,
                            DataTag::Pci | DataTag::Phi | DataTag::Credentials | DataTag::Financial
                        )
                    })
            });
            if heavy && level > 1 {
                level += 1;
            }
            level
        }
    };
    (base + i32::from(rule.impact.adjust)).clamp(1, 5) as u8
}

/// Map a likelihood x impact score (0..=25) to a severity.
pub fn severity_for_score(score: f64) -> Severity {
    if score >= 20.0 {
        Severity::Critical
    } else if score >= 12.0 {
        Severity::High
    } else if score >= 6.0 {
        Severity::Medium
    } else if score >= 3.0 {
        Severity::Low
    } else {
        Severity::Info
    }
}

fn make_threat(m: &Model, content: &Content, rule: &Rule, facts: &Facts) -> Threat {
    let likelihood = (rule.likelihood + u8::from(facts.exposed)).clamp(1, 5);
    let level = impact_level(m, rule, facts);
    let score = f64::from(likelihood) * f64::from(level);

    let mitigations: Vec<_> = rule
        .mitigations
        .iter()
        .filter_map(|id| content.mitigation(id))
        .collect();
    let in_place: Vec<bool> = mitigations
        .iter()
        .map(|mi| facts.controls.contains(&&*mi.id))
        .collect();
    let effectiveness = combine_effectiveness(
        mitigations
            .iter()
            .zip(&in_place)
            .filter(|(_, &p)| p)
            .map(|(mi, _)| mi.effectiveness),
    );

    let sensitive: Vec<&&DataAsset> = facts
        .data
        .iter()
        .filter(|d| d.classification > Classification::Public)
        .collect();
    let max_records = sensitive.iter().map(|d| d.records).max().unwrap_or(0);
    let records = if max_records == 0 {
        0
    } else {
        ((max_records as f64 * rule.impact.share).ceil() as u64).max(1)
    };
    let estimate = Estimate::compute(
        &Exposure {
            kind: rule.impact.kind,
            records,
            downtime_hours: rule.impact.hours,
            personal_data: sensitive.iter().any(|d| d.is_personal()),
            likelihood: Likelihood::from_level(likelihood),
            mitigation_effectiveness: effectiveness,
        },
        &m.costs,
    );

    let (id, name, etype, span) = match facts.target {
        Target::Element(i) => {
            let e = &m.elements[i];
            (&e.id, &e.name, facts.etype, e.span.clone())
        }
        Target::Flow(i) => {
            let f = &m.flows[i];
            (&f.id, &f.name, ElementType::Flow, f.span.clone())
        }
    };
    let location = Location::Element {
        element: id.clone(),
        element_type: etype.as_str().to_string(),
        span: Some(span),
    };
    let top_data = facts.data.iter().max_by(|a, b| {
        a.classification
            .cmp(&b.classification)
            .then(b.id.cmp(&a.id))
    });
    let message = render_message(m, rule, facts, name, top_data.copied());

    let mut categories = vec![Category::Stride(rule.stride.0)];
    categories.extend(rule.cwe.iter().map(|&c| Category::Cwe(c)));
    if let Some(zt) = rule.zero_trust {
        categories.push(Category::ZeroTrust(zt.as_str().to_string()));
    }
    let residual_score = score * (1.0 - effectiveness);
    Threat {
        finding: Finding {
            id: Finding::stable_id(&rule.id, &location),
            rule_id: rule.id.clone(),
            title: rule.title.clone(),
            message,
            severity: severity_for_score(residual_score),
            confidence: rule.confidence,
            categories,
            location,
            evidence: Some(Evidence::Facts {
                facts: facts_list(m, facts, &mitigations, &in_place),
            }),
            remediation: mitigations
                .iter()
                .zip(&in_place)
                .map(|(mi, &p)| mi.remediation(p))
                .collect(),
            impact: Some(estimate),
        },
        stride: rule.stride.0,
        target: facts.target,
        interaction: rule.interaction,
        zero_trust: rule.zero_trust,
        inherent_severity: severity_for_score(score),
        likelihood,
        impact_level: level,
        rank: 0,
    }
}

fn render_message(
    m: &Model,
    rule: &Rule,
    facts: &Facts,
    name: &str,
    data: Option<&DataAsset>,
) -> String {
    let (from, to, boundary) = match facts.target {
        Target::Flow(i) => {
            let f = &m.flows[i];
            let b = f
                .crosses
                .first()
                .map(|&b| m.boundaries[b].name.as_str())
                .unwrap_or("no boundary");
            (
                m.elements[f.from].name.as_str(),
                m.elements[f.to].name.as_str(),
                b,
            )
        }
        Target::Element(i) => {
            let e = &m.elements[i];
            let b = e
                .boundary
                .map(|b| m.boundaries[b].name.as_str())
                .unwrap_or("outside every boundary");
            ("", "", b)
        }
    };
    rule.message
        .replace("{element}", name)
        .replace("{from}", from)
        .replace("{to}", to)
        .replace(
            "{data}",
            data.map(|d| d.name.as_str())
                .unwrap_or("the data it handles"),
        )
        .replace("{boundary}", boundary)
        .replace("{kind}", facts.kind.unwrap_or("flow"))
}

fn facts_list(
    m: &Model,
    facts: &Facts,
    mitigations: &[&crate::catalog::Mitigation],
    in_place: &[bool],
) -> Vec<String> {
    let mut out = Vec::new();
    match facts.target {
        Target::Flow(i) => {
            let f = &m.flows[i];
            out.push(format!(
                "{} -> {}{}",
                m.elements[f.from].id,
                m.elements[f.to].id,
                f.protocol.map(|p| format!(" over {p}")).unwrap_or_default()
            ));
            if !f.crosses.is_empty() {
                let names: Vec<&str> = f
                    .crosses
                    .iter()
                    .map(|&b| m.boundaries[b].id.as_str())
                    .collect();
                out.push(format!("crosses: {}", names.join(", ")));
            }
            out.push(format!(
                "authentication: {}; authorization: {}; encryption: {}; identity: {}",
                f.authentication, f.authorization, f.encryption, f.identity
            ));
            let logs: Vec<&str> = f.logging.iter().map(|l| l.as_str()).collect();
            out.push(format!(
                "logging: {}",
                if logs.is_empty() {
                    "none".to_string()
                } else {
                    logs.join(", ")
                }
            ));
        }
        Target::Element(i) => {
            let e = &m.elements[i];
            let mut s = format!("{} `{}`", facts.etype.as_str(), e.kind.as_str());
            if let ElementKind::Store(_) = e.kind {
                s.push_str(&format!(
                    "; encryption at rest: {}; public: {}; backups: {}; versioning: {}",
                    e.at_rest, e.public, e.backups, e.versioning
                ));
            }
            if let ElementKind::Service(_) = e.kind {
                s.push_str(&format!("; privileges: {}", e.privileges));
            }
            out.push(s);
            if facts.exposed {
                out.push("reachable from the internet".into());
            }
        }
    }
    for d in &facts.data {
        let tags: Vec<&str> = d.tags.iter().map(|t| t.as_str()).collect();
        out.push(format!(
            "data: {} ({}{}{}; {} records)",
            d.id,
            d.classification,
            if tags.is_empty() { "" } else { ", " },
            tags.join(", "),
            impact::format_count(d.records)
        ));
    }
    let placed: Vec<&str> = mitigations
        .iter()
        .zip(in_place)
        .filter(|(_, &p)| p)
        .map(|(mi, _)| &*mi.id)
        .collect();
    if !placed.is_empty() {
        out.push(format!("controls in place: {}", placed.join(", ")));
    }
    out
}

fn critical_flow(m: &Model, threats: &[Threat]) -> Option<CriticalFlow> {
    let mut per_flow: Vec<(impact::Range, usize, Option<&Threat>)> =
        vec![(impact::Range { low: 0, high: 0 }, 0, None); m.flows.len()];
    for t in threats {
        if let Target::Flow(i) = t.target {
            let e = &mut per_flow[i];
            let r = t.impact().residual_loss_usd;
            e.0.low = e.0.low.saturating_add(r.low);
            e.0.high = e.0.high.saturating_add(r.high);
            e.1 += 1;
            if e.2.is_none() {
                e.2 = Some(t); // threats are already ranked
            }
        }
    }
    let (i, (range, count, top)) = per_flow
        .iter()
        .enumerate()
        .filter(|(_, (_, n, _))| *n > 0)
        .max_by(|(ia, a), (ib, b)| {
            let sev = |x: &Option<&Threat>| x.map(|t| t.finding.severity);
            sev(&a.2)
                .cmp(&sev(&b.2))
                .then(a.0.high.cmp(&b.0.high))
                .then(m.flows[*ib].id.cmp(&m.flows[*ia].id))
        })?;
    let f = &m.flows[i];
    let data = f.data.iter().map(|&d| &m.data[d]).max_by(|a, b| {
        a.classification
            .cmp(&b.classification)
            .then(b.id.cmp(&a.id))
    });
    let what = data
        .map(|d| d.name.clone())
        .unwrap_or_else(|| f.name.clone());
    Some(CriticalFlow {
        flow: f.id.clone(),
        summary: format!(
            "{what} moving from {} to {}",
            m.elements[f.from].name, m.elements[f.to].name
        ),
        threat_count: *count,
        residual_loss_usd: *range,
        top_threat: top.map(|t| t.finding.id.clone()).unwrap_or_default(),
    })
}
