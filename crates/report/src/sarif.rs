//! SARIF 2.1.0 for any engine's findings, shaped for GitHub code scanning.
//!
//! GitHub reads a subset of SARIF and adds conventions of its own; this
//! writer follows both (checked against the OASIS schema in
//! `tests/sarif_schema.rs`):
//!
//! - every rule carries `properties.security-severity` (a CVSS-like score
//!   as a string, which GitHub turns into critical/high/medium/low) and
//!   `properties.tags` with `security` and `external/cwe/cwe-N`;
//! - every result has a physical location with a *relative* URI under
//!   `%SRCROOT%` and a 1-based region (GitHub rejects results without one),
//!   and `partialFingerprints` carrying the finding's stable id, so a model
//!   finding (keyed `rule@element`) keeps its alert when lines move; code
//!   findings are keyed `rule@path:line`, and GitHub's own
//!   `primaryLocationLineHash` (added by its upload action) tracks those;
//! - model findings (an element, not a code line) also get a
//!   `logicalLocation` naming the element;
//! - source-to-sink evidence becomes a `codeFlow`.
//!
//! The output has no timestamps or absolute paths, so the same findings give
//! the same bytes.

use crate::{Category, Evidence, Finding, Location, Severity, Span};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The tool that produced the findings.
#[derive(Debug, Clone)]
pub struct Tool {
    pub name: String,
    pub version: String,
    pub information_uri: String,
}

impl Tool {
    /// barraiser itself, at this crate's version.
    pub fn barraiser() -> Tool {
        Tool {
            name: "barraiser".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            information_uri: "https://github.com/barraiser/barraiser".into(),
        }
    }
}

/// What SARIF says about a rule; engines fill it from their rule data.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: String,
    /// Short human-readable name (SARIF `reportingDescriptor.name`); engines
    /// that have no separate name pass the id.
    pub name: String,
    pub short_description: String,
    pub full_description: String,
    /// Help shown on the alert page.
    pub help_markdown: String,
    pub default_severity: Severity,
    /// Extra tags (e.g. `stride/spoofing`); CWE tags come from `cwe`.
    pub tags: Vec<String>,
    pub cwe: Vec<u32>,
}

/// Render a complete SARIF log with one run.
///
/// `rules` describes every rule that may appear; findings whose rule is not
/// listed get a minimal descriptor built from the finding (title as the
/// descriptions, highest severity seen, CWE and other tags from the
/// findings' categories), so the log is always valid and GitHub still gets
/// its CWE tags. `default_uri` is the artifact for findings with no file
/// span (a model element whose declaring line is unknown): it is reported
/// at line 1 of that file, because GitHub drops results without a physical
/// location.
///
/// Rules are listed sorted by id and results keep the order of `findings`,
/// so `ruleIndex` and the whole document are deterministic.
pub fn render(tool: &Tool, rules: &[RuleMeta], findings: &[Finding], default_uri: &str) -> String {
    let mut metas: BTreeMap<&str, RuleMeta> =
        rules.iter().map(|r| (r.id.as_str(), r.clone())).collect();
    // Rules the caller did not describe: build a descriptor from their
    // findings.
    let mut fallback: BTreeSet<&str> = BTreeSet::new();
    for f in findings {
        let id = f.rule_id.as_str();
        if !metas.contains_key(id) {
            fallback.insert(id);
            metas.insert(
                id,
                RuleMeta {
                    id: f.rule_id.clone(),
                    name: f.rule_id.clone(),
                    short_description: f.title.clone(),
                    full_description: f.title.clone(),
                    help_markdown: f.title.clone(),
                    default_severity: f.severity,
                    tags: Vec::new(),
                    cwe: Vec::new(),
                },
            );
        }
        if fallback.contains(id) {
            let m = metas.get_mut(id).expect("inserted above");
            m.default_severity = m.default_severity.max(f.severity);
            for c in &f.categories {
                match c {
                    Category::Cwe(n) if !m.cwe.contains(n) => m.cwe.push(*n),
                    Category::Cwe(_) => {}
                    other => m.tags.push(other.tag()),
                }
            }
        }
    }
    // Only rules that fired are listed: GitHub shows every listed rule in
    // its rule filter, and a 70-rule list for a 5-finding run is noise.
    let fired: BTreeSet<&str> = findings.iter().map(|f| f.rule_id.as_str()).collect();
    let listed: Vec<&RuleMeta> = metas
        .values()
        .filter(|m| fired.contains(m.id.as_str()))
        .collect();
    let index: BTreeMap<&str, usize> = listed
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();

    let rules_json: Vec<Value> = listed.iter().map(|m| rule_json(m)).collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| result_json(f, index[f.rule_id.as_str()], default_uri))
        .collect();

    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": tool.name,
                "semanticVersion": tool.version,
                "informationUri": tool.information_uri,
                "rules": rules_json,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The directory barraiser was run from."}}},
            "results": results,
        }],
    });
    crate::to_json_pretty(&log)
}

/// `tags` without repeats, first occurrence kept: the schema declares
/// `propertyBag.tags` with `uniqueItems`, so a repeated tag makes the whole
/// log invalid.
fn unique(tags: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// A `reportingDescriptor`. GitHub reads `properties.security-severity`
/// (a decimal string; it maps >= 9.0 to critical, >= 7.0 high, >= 4.0
/// medium, otherwise low), `properties.tags` (`security` puts the alert
/// under code scanning's security view, `external/cwe/cwe-N` links the CWE)
/// and `properties.precision`. `problem.severity` is the CodeQL-style
/// severity for non-security consumers.
fn rule_json(m: &RuleMeta) -> Value {
    let tags = unique(
        std::iter::once("security".to_string())
            .chain(m.cwe.iter().map(|n| format!("external/cwe/cwe-{n}")))
            .chain(m.tags.iter().cloned()),
    );
    json!({
        "id": m.id,
        "name": m.name,
        "shortDescription": {"text": m.short_description},
        "fullDescription": {"text": m.full_description},
        "help": {"text": m.help_markdown, "markdown": m.help_markdown},
        "defaultConfiguration": {"level": m.default_severity.sarif_level()},
        "properties": {
            "tags": tags,
            "security-severity": m.default_severity.security_severity(),
            "precision": "high",
            "problem.severity": problem_severity(m.default_severity),
        },
    })
}

fn problem_severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "recommendation",
        Severity::Low | Severity::Medium => "warning",
        Severity::High | Severity::Critical => "error",
    }
}

/// A `result`: one physical location (the finding's span, else line 1 of
/// `default_uri`), plus a logical location for model elements. The
/// fingerprint is the finding's stable id (`rule@element` or
/// `rule@path:line`), which is what barraiser's own diff and baselines key
/// on; GitHub combines it with the `primaryLocationLineHash` that its
/// upload action computes.
fn result_json(f: &Finding, rule_index: usize, default_uri: &str) -> Value {
    let span = f.location.span();
    let uri = span.map(|s| s.path.as_str()).unwrap_or(default_uri);
    let mut location = Map::new();
    location.insert("physicalLocation".into(), physical(uri, span));
    if let Location::Element {
        element,
        element_type,
        ..
    } = &f.location
    {
        location.insert(
            "logicalLocations".into(),
            json!([{"name": element, "fullyQualifiedName": format!("{element_type}/{element}"), "kind": "element"}]),
        );
    }
    // SARIF requires message text; an engine that left it empty still gets
    // a readable alert.
    let mut message = if f.message.trim().is_empty() {
        f.title.clone()
    } else {
        f.message.clone()
    };
    if let Some(r) = f.remediation.first() {
        if !message.trim_end().ends_with(['.', '!', '?']) {
            message.push('.');
        }
        message.push_str(&format!(
            " Fix: {} ({}).",
            r.title,
            r.parameter.trim_end_matches('.')
        ));
    }
    let mut result = json!({
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": f.severity.sarif_level(),
        "message": {"text": message},
        "locations": [Value::Object(location)],
        "partialFingerprints": {"barraiserFindingId/v1": f.id},
        "properties": {
            "severity": f.severity.as_str(),
            "security-severity": f.severity.security_severity(),
            "confidence": f.confidence.as_str(),
            "tags": unique(f.categories.iter().map(|c| c.tag())),
        },
    });
    if let Some(text) = f.excerpt() {
        // The flagged code itself, so the alert reads without the source.
        if let Some(region) = result["locations"][0]["physicalLocation"]["region"].as_object_mut() {
            region.insert("snippet".into(), json!({ "text": text }));
        }
    }
    if let Some(Evidence::Path { steps, .. }) = &f.evidence {
        let locs: Vec<Value> = steps
            .iter()
            .map(|(s, note)| {
                json!({"location": {
                    "physicalLocation": physical(&s.path, Some(s)),
                    "message": {"text": note},
                }})
            })
            .collect();
        if !locs.is_empty() {
            result["codeFlows"] = json!([{"threadFlows": [{"locations": locs}]}]);
        }
    }
    result
}

/// A `physicalLocation`. Lines and columns below 1 (unknown, or a bug
/// upstream) are clamped to 1, since the schema and GitHub reject 0; an end
/// before the start is dropped rather than reported inverted.
fn physical(uri: &str, span: Option<&Span>) -> Value {
    let line = span.map(|s| s.start_line).unwrap_or(1).max(1);
    let column = span.map(|s| s.start_column).unwrap_or(1).max(1);
    let mut region = json!({"startLine": line, "startColumn": column});
    if let Some(s) = span {
        if let Some(end) = s.end_line.filter(|&e| e >= line) {
            region["endLine"] = json!(end);
            if let Some(c) = s
                .end_column
                .filter(|&c| c >= 1 && (end > line || c > column))
            {
                region["endColumn"] = json!(c);
            }
        }
    }
    json!({
        "artifactLocation": {"uri": relative_uri(uri), "uriBaseId": "%SRCROOT%"},
        "region": region,
    })
}

/// A relative URI reference for a path as the user gave it: forward
/// slashes, no leading `./` or `/`, and percent-encoding for anything that
/// is not an unreserved URI character (RFC 3986).
pub fn relative_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.trim_start_matches("./").trim_start_matches('/');
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if out.is_empty() {
        out.push_str("model");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::relative_uri;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(
            relative_uri("./models/pay ment.yaml"),
            "models/pay%20ment.yaml"
        );
        assert_eq!(relative_uri("/abs/x.yaml"), "abs/x.yaml");
        assert_eq!(relative_uri("a\\b#c.yaml"), "a/b%23c.yaml");
        assert_eq!(relative_uri("caf\u{e9}.yaml"), "caf%C3%A9.yaml");
    }
}
