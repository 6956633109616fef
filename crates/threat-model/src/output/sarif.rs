//! SARIF 2.1.0 for a threat model, through the shared writer in
//! [`report::sarif`]. Each fired rule becomes a SARIF rule with its STRIDE
//! category, CWE tags and the catalog mitigations as help; each threat is a
//! result located at the YAML line that declares the element or flow, so
//! GitHub code scanning annotates the model file in a pull request.

use crate::content::Content;
use crate::Analysis;
use report::sarif::{self, RuleMeta, Tool};
use std::fmt::Write;

pub fn render(a: &Analysis) -> String {
    let findings: Vec<report::Finding> = a.findings().cloned().collect();
    let rules = match Content::embedded() {
        Ok(c) => rule_metas(c, &findings),
        Err(_) => Vec::new(),
    };
    sarif::render(&Tool::barraiser(), &rules, &findings, &a.model.path)
}

/// SARIF descriptors of the rules that fired in `findings`: description,
/// STRIDE and Zero-Trust tags, CWEs, the catalog mitigations as help, and
/// the highest severity seen as the default. Shared by [`render`] and the
/// web app, which stores findings rather than the analysis.
pub fn rule_metas(c: &Content, findings: &[report::Finding]) -> Vec<RuleMeta> {
    c.rules
        .iter()
        .filter(|r| findings.iter().any(|f| f.rule_id == r.id))
        .map(|r| {
            let mut help = format!("{}\n\n**Mitigations**\n\n", r.description);
            for m in r.mitigations.iter().filter_map(|id| c.mitigation(id)) {
                let _ = writeln!(
                    help,
                    "- **{}** ({}): {} Measure: {}",
                    m.title, m.service, m.parameter, m.metric
                );
            }
            let severity = findings
                .iter()
                .filter(|f| f.rule_id == r.id)
                .map(|f| f.severity)
                .max()
                .unwrap_or(report::Severity::Medium);
            let mut tags = vec![format!(
                "stride/{}",
                r.stride.0.name().to_ascii_lowercase().replace(' ', "-")
            )];
            if let Some(z) = r.zero_trust {
                tags.push(format!("zero-trust/{}", z.as_str()));
            }
            RuleMeta {
                id: r.id.clone(),
                name: r.id.clone(),
                short_description: r.title.clone(),
                full_description: r.description.clone(),
                help_markdown: help,
                default_severity: severity,
                tags,
                cwe: r.cwe.clone(),
            }
        })
        .collect()
}
