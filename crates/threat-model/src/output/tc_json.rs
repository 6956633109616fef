//! Export for AWS Threat Composer (its data-exchange format, `schema: 1`).
//!
//! Threat Composer validates imports with zod schemas
//! (`packages/threat-composer/src/customTypes/*.ts` in awslabs/threat-composer):
//! threat statement fields at most 200 characters, metadata limited to the
//! keys `STRIDE` (letters), `Priority` (`High`/`Medium`/`Low`) and
//! `Comments` (at most 1,000 characters), tags at most 30, mitigation and
//! assumption content at most 1,000, ids at most 36 characters, links by
//! 36-character UUIDs. Every string here is cut to those limits on a
//! character boundary, so an import never fails on length.
//!
//! Ids are UUIDv5 values derived from barraiser's stable ids (`rule@element`
//! for threats, the catalog id for mitigations), so exporting the same
//! model twice gives the same file and re-importing updates rather than
//! duplicates.
//!
//! Each threat is written in Threat Composer's grammar: *threat source*,
//! *prerequisites*, *threat action*, *threat impact*, *impacted goal* and
//! *impacted assets*, plus the assembled statement.

use crate::engine::Threat;
use crate::model::Target;
use crate::Analysis;
use impact::{format_count, format_usd, ImpactKind};
use report::Severity;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use uuid::Uuid;

const FIELD_MAX: usize = 200;
const CONTENT_MAX: usize = 1000;
const TAG_MAX: usize = 30;
/// The namespace for barraiser's UUIDv5 ids (itself a v5 id of the name
/// "barraiser" in the URL namespace).
fn namespace() -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        b"https://barraiser.dev/threat-composer",
    )
}

fn id_for(kind: &str, stable: &str) -> String {
    Uuid::new_v5(&namespace(), format!("{kind}:{stable}").as_bytes()).to_string()
}

/// Cut `s` to at most `max` characters, marking the cut with an ellipsis.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('\u{2026}');
    out
}

fn priority(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low | Severity::Info => "Low",
    }
}

/// `s` with its first character passed through `f` (upper or lower case).
fn first_char(s: &str, f: impl Fn(char) -> String) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => f(first) + c.as_str(),
        None => String::new(),
    }
}

/// Who carries out the threat, from where the target can be reached.
fn source(a: &Analysis, t: &Threat) -> String {
    let m = &a.model;
    let origin = match t.target {
        Target::Flow(i) => m.flows[i].from,
        Target::Element(i) => i,
    };
    let e = &m.elements[origin];
    if m.on_internet(origin) {
        "an internet-based threat actor".into()
    } else if matches!(e.kind, crate::model::ElementKind::Actor(_)) {
        format!("a malicious or compromised {}", e.name)
    } else {
        "a threat actor with a foothold inside the environment".into()
    }
}

/// Names of the data assets the threat touches; the target itself when it
/// carries no data.
fn assets(a: &Analysis, t: &Threat) -> Vec<String> {
    let m = &a.model;
    let ids: Vec<usize> = match t.target {
        Target::Flow(i) => m.flows[i].data.clone(),
        Target::Element(i) => m.elements[i].stores.clone(),
    };
    let mut names: Vec<String> = ids
        .iter()
        .map(|&d| cut(&m.data[d].name, FIELD_MAX))
        .collect();
    if names.is_empty() {
        names.push(cut(a.target_name(t.target), FIELD_MAX));
    }
    names
}

fn impact_text(t: &Threat) -> String {
    let e = t.impact();
    match e.kind {
        ImpactKind::Downtime => format!(
            "an outage of about {} hours costing {}",
            e.downtime_hours,
            format_usd(e.single_loss_usd)
        ),
        ImpactKind::Breach => format!(
            "exposure of {} records worth {}",
            format_count(e.records),
            format_usd(e.single_loss_usd)
        ),
        ImpactKind::Tamper => format!(
            "unauthorised changes to {} records worth {}",
            format_count(e.records),
            format_usd(e.single_loss_usd)
        ),
    }
}

pub fn render(a: &Analysis) -> String {
    let m = &a.model;
    // Mitigations: one entry per catalog control proposed anywhere.
    let mut mitigations: BTreeMap<String, (String, bool)> = BTreeMap::new();
    for t in &a.threats {
        for r in &t.finding.remediation {
            let content = format!(
                "{} ({}): {} Measure: {}",
                r.title, r.service, r.parameter, r.metric
            );
            let e = mitigations
                .entry(r.id.to_string())
                .or_insert((cut(&content, CONTENT_MAX), false));
            e.1 |= r.in_place;
        }
    }
    let mitigations_json: Vec<Value> = mitigations
        .iter()
        .enumerate()
        .map(|(i, (id, (content, in_place)))| {
            json!({
                "id": id_for("mitigation", id),
                "numericId": i + 1,
                "displayOrder": i + 1,
                "content": content,
                "status": if *in_place { "mitigationResolved" } else { "mitigationIdentified" },
                "tags": [cut(id, TAG_MAX)],
            })
        })
        .collect();

    let mut links = Vec::new();
    let threats: Vec<Value> = a
        .threats
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let f = &t.finding;
            let id = id_for("threat", &f.id);
            for r in &f.remediation {
                links.push(json!({"mitigationId": id_for("mitigation", &r.id), "linkedId": id}));
            }
            let src = cut(&source(a, t), FIELD_MAX);
            let prereq = cut(
                &format!("who can reach {}", a.target_name(t.target)),
                FIELD_MAX,
            );
            let action = cut(
                &first_char(&f.title, |c| c.to_lowercase().collect()),
                FIELD_MAX,
            );
            let impact = cut(&impact_text(t), FIELD_MAX);
            let goal = t.stride.property().to_string();
            let assets = assets(a, t);
            let statement = format!(
                "{} {} can exploit this: {}, which leads to {}, negatively impacting {} of {}",
                first_char(&src, |c| c.to_uppercase().collect()),
                prereq,
                action,
                impact,
                goal,
                assets.join(", ")
            );
            json!({
                "id": id,
                "numericId": i + 1,
                "displayOrder": i + 1,
                "threatSource": src,
                "prerequisites": prereq,
                "threatAction": action,
                "threatImpact": impact,
                "impactedGoal": [goal],
                "impactedAssets": assets,
                "statement": cut(&statement, FIELD_MAX * 7),
                "status": "threatIdentified",
                "metadata": [
                    {"key": "STRIDE", "value": [t.stride.letter().to_string()]},
                    {"key": "Priority", "value": priority(f.severity)},
                    {"key": "Comments", "value": cut(&f.message, CONTENT_MAX)},
                ],
                "tags": [cut(&f.rule_id, TAG_MAX), f.severity.as_str()],
            })
        })
        .collect();

    let assumptions: Vec<Value> = m
        .assumptions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "id": id_for("assumption", s),
                "numericId": i + 1,
                "displayOrder": i + 1,
                "content": cut(s, CONTENT_MAX),
            })
        })
        .collect();

    let mut architecture = String::from("Elements:\n");
    for e in &m.elements {
        architecture.push_str(&format!(
            "- {} ({}, {})\n",
            e.name,
            e.kind.element_type().as_str(),
            e.kind.as_str()
        ));
    }
    let mut dataflow = String::from("Data flows:\n");
    for f in &m.flows {
        dataflow.push_str(&format!(
            "- {}: {} -> {} ({}, authentication {}, encryption {})\n",
            f.name,
            m.elements[f.from].name,
            m.elements[f.to].name,
            f.protocol
                .map(|p| p.as_str())
                .unwrap_or("unspecified protocol"),
            f.authentication,
            f.encryption
        ));
    }
    let mut description = m.description.clone();
    if let Some(us) = &m.user_story {
        description.push_str(&format!(
            "\n\nUser story: {} {} (asset: {}).",
            m.elements[us.actor].name, us.action, m.data[us.asset].name
        ));
    }

    report::to_json_pretty(&json!({
        "schema": 1,
        "applicationInfo": {"name": cut(&m.name, FIELD_MAX), "description": description},
        "architecture": {"description": architecture},
        "dataflow": {"description": dataflow},
        "assumptions": assumptions,
        "mitigations": mitigations_json,
        "assumptionLinks": [],
        "mitigationLinks": links,
        "threats": threats,
    }))
}
