//! `threat-model diff OLD NEW`: threats added, removed, and changed in
//! severity between two versions of a model (or two JSON reports).
//!
//! Threats are matched on their stable id, `rule@element`, so renaming an
//! element shows as one removal and one addition, while editing a flow's
//! authentication shows as a severity change or a removal.

use crate::engine::Analysis;
use report::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What `diff` needs to know of one threat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreatSummary {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub element: String,
}

pub fn summaries(a: &Analysis) -> Vec<ThreatSummary> {
    a.threats
        .iter()
        .map(|t| ThreatSummary {
            id: t.finding.id.clone(),
            title: t.finding.title.clone(),
            severity: t.finding.severity,
            element: a.target_id(t.target).to_string(),
        })
        .collect()
}

#[derive(Deserialize)]
struct JsonReport {
    threats: Vec<ThreatSummary>,
}

/// Read the `threats` of a JSON report written by `analyze --format json`.
pub fn summaries_from_json(text: &str) -> Result<Vec<ThreatSummary>, serde_json::Error> {
    serde_json::from_str::<JsonReport>(text).map(|r| r.threats)
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: String,
    pub title: String,
    pub element: String,
    pub old: Severity,
    pub new: Severity,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Diff {
    pub added: Vec<ThreatSummary>,
    pub removed: Vec<ThreatSummary>,
    pub changed: Vec<Change>,
}

impl Diff {
    /// Threats that are new at high or critical, or rose to high or
    /// critical: the ones that make `diff` exit 1.
    pub fn new_high(&self) -> Vec<&str> {
        self.added
            .iter()
            .filter(|t| t.severity >= Severity::High)
            .map(|t| t.id.as_str())
            .chain(
                self.changed
                    .iter()
                    .filter(|c| c.new >= Severity::High && c.old < Severity::High)
                    .map(|c| c.id.as_str()),
            )
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compare two threat lists. Output lists are sorted by severity (highest
/// first), then id.
pub fn diff(old: &[ThreatSummary], new: &[ThreatSummary]) -> Diff {
    let o: BTreeMap<&str, &ThreatSummary> = old.iter().map(|t| (t.id.as_str(), t)).collect();
    let n: BTreeMap<&str, &ThreatSummary> = new.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut d = Diff::default();
    for (id, t) in &n {
        match o.get(id) {
            None => d.added.push((*t).clone()),
            Some(prev) if prev.severity != t.severity => d.changed.push(Change {
                id: t.id.clone(),
                title: t.title.clone(),
                element: t.element.clone(),
                old: prev.severity,
                new: t.severity,
            }),
            Some(_) => {}
        }
    }
    for (id, t) in &o {
        if !n.contains_key(id) {
            d.removed.push((*t).clone());
        }
    }
    let key = |t: &ThreatSummary| (std::cmp::Reverse(t.severity), t.id.clone());
    d.added.sort_by_key(key);
    d.removed.sort_by_key(key);
    d.changed
        .sort_by_key(|c| (std::cmp::Reverse(c.new.max(c.old)), c.id.clone()));
    d
}

/// Plain-text rendering: `+`, `-` and `~` lines, then a count line.
pub fn render_text(d: &Diff) -> String {
    let mut o = String::new();
    for t in &d.added {
        o.push_str(&format!("+ [{}] {} ({})\n", t.severity, t.title, t.id));
    }
    for t in &d.removed {
        o.push_str(&format!("- [{}] {} ({})\n", t.severity, t.title, t.id));
    }
    for c in &d.changed {
        o.push_str(&format!(
            "~ [{} -> {}] {} ({})\n",
            c.old, c.new, c.title, c.id
        ));
    }
    o.push_str(&format!(
        "{} added, {} removed, {} changed in severity; {} new at high or critical\n",
        d.added.len(),
        d.removed.len(),
        d.changed.len(),
        d.new_high().len()
    ));
    o
}

/// Markdown rendering for pull-request comments.
pub fn render_markdown(d: &Diff) -> String {
    use crate::output::markdown::md;
    let mut o = String::from("## Threat model changes\n\n");
    if d.is_empty() {
        o.push_str("No threat was added, removed or changed in severity.\n");
        return o;
    }
    o.push_str("| Change | Severity | Threat | Id |\n|---|---|---|---|\n");
    for t in &d.added {
        o.push_str(&format!(
            "| added | {} | {} | `{}` |\n",
            t.severity,
            md(&t.title),
            md(&t.id)
        ));
    }
    for t in &d.removed {
        o.push_str(&format!(
            "| removed | {} | {} | `{}` |\n",
            t.severity,
            md(&t.title),
            md(&t.id)
        ));
    }
    for c in &d.changed {
        o.push_str(&format!(
            "| changed | {} -> {} | {} | `{}` |\n",
            c.old,
            c.new,
            md(&c.title),
            md(&c.id)
        ));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(id: &str, s: Severity) -> ThreatSummary {
        ThreatSummary {
            id: id.into(),
            title: id.into(),
            severity: s,
            element: "e".into(),
        }
    }

    #[test]
    fn added_removed_changed_and_gate() {
        let old = vec![
            t("a@x", Severity::Low),
            t("b@x", Severity::High),
            t("c@x", Severity::Medium),
        ];
        let new = vec![
            t("a@x", Severity::High),
            t("c@x", Severity::Medium),
            t("d@x", Severity::Critical),
            t("e@x", Severity::Low),
        ];
        let d = diff(&old, &new);
        assert_eq!(
            d.added.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
            ["d@x", "e@x"]
        );
        assert_eq!(d.removed.len(), 1);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.new_high(), ["d@x", "a@x"]);
        assert!(diff(&old, &old).is_empty());
        assert!(diff(&old, &old).new_high().is_empty());
    }
}
