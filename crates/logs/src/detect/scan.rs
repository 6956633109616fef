//! `scan`: a burst of 404s or of new failing paths from one source.
//!
//! **What it finds.** A source whose HTTP requests, inside one sliding
//! window of `window` seconds, either got at least `not_found` 404
//! responses, or got an error (status 400 or above) on at least
//! `distinct_paths` paths it had not been refused on before (the first
//! error of each distinct path is the event counted, so a scanner walking a
//! word list is measured by how fast it moves through it, while a client
//! retrying one broken link is not). Successful responses are not counted:
//! crawlers walk many distinct pages legitimately, and tracking every
//! (source, path) pair of normal traffic would cost memory for nothing.
//!
//! **Why it matters.** Content discovery (dirb, gobuster, nikto, sqlmap
//! crawling) precedes exploitation: it finds the forgotten `/.git/`,
//! `/.env`, `/backup.zip` and admin consoles. Spotting the scan tells you
//! who is looking and what to check you do not serve.
//!
//! **Example.** `192.0.2.66` requests `/.env`, `/.git/config`,
//! `/wp-login.php`, `/phpmyadmin/` and 300 more paths in two minutes,
//! 290 of them 404.
//!
//! **Fix.** Block the source; put AWS WAF managed rule groups in front
//! (`AWSManagedRulesKnownBadInputsRuleSet`, `AWSManagedRulesAmazonIpReputationList`,
//! Bot Control); make sure none of the probed paths exist on the server; do
//! not publish backups or VCS folders under the web root.

use crate::detect::brute_force::rfc3339;
use crate::tally::{LineRef, Tally};
use crate::time::{format_duration, format_rfc3339};
use crate::window::{Spec, Window};
use report::{
    Category, Confidence, Evidence, Finding, Location, Remediation, Severity, Span, Stride,
};
use serde::Serialize;

pub const RULE: &str = "logs/scan";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScanConfig {
    /// Window length in seconds.
    pub window: i64,
    /// 404 responses in one window that make a finding.
    pub not_found: u64,
    /// New distinct failing paths (status >= 400) in one window that make
    /// a finding.
    pub distinct_paths: u64,
}

impl Default for ScanConfig {
    /// 50 404s or 100 new paths within 5 minutes: a browser never gets
    /// there, a word-list scanner gets there in seconds.
    fn default() -> Self {
        ScanConfig {
            window: 300,
            not_found: 50,
            distinct_paths: 100,
        }
    }
}

impl ScanConfig {
    pub fn not_found_spec(self) -> Spec {
        Spec {
            width: self.window,
            threshold: self.not_found.max(1),
        }
    }

    pub fn paths_spec(self) -> Spec {
        Spec {
            width: self.window,
            threshold: self.distinct_paths.max(1),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScanHit {
    pub source: String,
    pub requests: u64,
    pub not_found: u64,
    /// Most 404s in one window, and its start.
    pub not_found_peak: u64,
    #[serde(serialize_with = "rfc3339")]
    pub not_found_peak_start: i64,
    /// Distinct paths that got an error response.
    pub distinct_paths: u64,
    /// Most new failing paths in one window, and its start.
    pub new_paths_peak: u64,
    #[serde(serialize_with = "rfc3339")]
    pub new_paths_peak_start: i64,
    /// Which signals fired: `404-burst`, `path-burst`.
    pub signals: Vec<&'static str>,
    #[serde(serialize_with = "rfc3339")]
    pub first_seen: i64,
    #[serde(serialize_with = "rfc3339")]
    pub last_seen: i64,
    pub file: String,
    pub line: u64,
}

pub(crate) fn verdicts(
    t: &Tally,
    cfg: ScanConfig,
    place: &dyn Fn(LineRef) -> (String, u64),
) -> Vec<ScanHit> {
    let mut hits: Vec<ScanHit> = t
        .sources
        .iter()
        .filter_map(|(src, s)| {
            let nf = s.not_found.as_deref();
            let nf_alert = nf.is_some_and(|w| w.alert_start.is_some());
            // Only sources with enough distinct paths can fire: skip the
            // sort for everyone else.
            let paths = if s.paths.len() as u64 >= cfg.distinct_paths.max(1) {
                Window::from_times(
                    s.paths.values().map(|&t| (t, 1)).collect(),
                    cfg.paths_spec(),
                )
            } else {
                None
            };
            let path_alert = paths.as_ref().is_some_and(|w| w.alert_start.is_some());
            if !nf_alert && !path_alert {
                return None;
            }
            let mut signals = Vec::new();
            if nf_alert {
                signals.push("404-burst");
            }
            if path_alert {
                signals.push("path-burst");
            }
            let (file, line) = place(s.first);
            Some(ScanHit {
                source: src.show(),
                requests: s.requests,
                not_found: s.not_found_total,
                not_found_peak: nf.map_or(0, |w| w.peak),
                not_found_peak_start: nf.map_or(s.first_ts, |w| w.peak_start),
                distinct_paths: s.paths.len() as u64,
                new_paths_peak: paths.as_ref().map_or(0, |w| w.peak),
                new_paths_peak_start: paths.as_ref().map_or(s.first_ts, |w| w.peak_start),
                signals,
                first_seen: s.first_ts,
                last_seen: s.last_ts,
                file,
                line,
            })
        })
        .collect();
    hits.sort_by(|a, b| {
        b.signals
            .len()
            .cmp(&a.signals.len())
            .then(
                b.not_found_peak
                    .max(b.new_paths_peak)
                    .cmp(&a.not_found_peak.max(a.new_paths_peak)),
            )
            .then_with(|| a.source.cmp(&b.source))
    });
    hits
}

/// Scanning sources among HTTP events in memory.
pub fn scan<'a>(
    events: impl IntoIterator<Item = crate::Event<'a>>,
    cfg: ScanConfig,
) -> Vec<ScanHit> {
    let plan = crate::Plan {
        scan: Some(cfg),
        fail_status: vec![401],
        ..crate::Plan::default()
    };
    crate::detect::run_events(&plan, events).scans
}

pub(crate) fn finding(h: &ScanHit, cfg: ScanConfig) -> Finding {
    let location = Location::Element {
        element: h.source.clone(),
        element_type: "source-ip".into(),
        span: Some(Span {
            path: h.file.clone(),
            start_line: h.line.min(u32::MAX as u64) as u32,
            start_column: 1,
            end_line: None,
            end_column: None,
        }),
    };
    let w = format_duration(cfg.window);
    let mut parts = Vec::new();
    if h.signals.contains(&"404-burst") {
        parts.push(format!(
            "{} 404s within {w} from {} (threshold {})",
            h.not_found_peak,
            format_rfc3339(h.not_found_peak_start),
            cfg.not_found
        ));
    }
    if h.signals.contains(&"path-burst") {
        parts.push(format!(
            "{} new failing paths within {w} from {} (threshold {})",
            h.new_paths_peak,
            format_rfc3339(h.new_paths_peak_start),
            cfg.distinct_paths
        ));
    }
    let message = format!(
        "{} scanned the site: {}; {} requests, {} of them 404, {} distinct failing paths, {} to {}.",
        h.source,
        parts.join("; "),
        h.requests,
        h.not_found,
        h.distinct_paths,
        format_rfc3339(h.first_seen),
        format_rfc3339(h.last_seen)
    );
    let mut facts = vec![
        format!("first seen: {}", format_rfc3339(h.first_seen)),
        format!("last seen: {}", format_rfc3339(h.last_seen)),
        format!(
            "requests: {}, 404s: {}, distinct failing paths: {}",
            h.requests, h.not_found, h.distinct_paths
        ),
    ];
    facts.extend(parts);
    Finding {
        id: Finding::stable_id(RULE, &location),
        rule_id: RULE.into(),
        title: "Content discovery scan".into(),
        message,
        severity: if h.signals.len() > 1 {
            Severity::Medium
        } else {
            Severity::Low
        },
        confidence: Confidence::Medium,
        categories: vec![Category::Stride(Stride::InformationDisclosure)],
        location,
        evidence: Some(Evidence::Facts { facts }),
        remediation: vec![Remediation {
            id: "logs.block-scanners".into(),
            title: format!("Block {} and filter scanners at the edge", h.source).into(),
            service: "AWS WAF".into(),
            parameter: "managed rule groups AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesAmazonIpReputationList and Bot Control; \
                        no .git, .env or backups under the web root"
                .into(),
            metric: "404s per source per window (this detection comes back empty)".into(),
            in_place: false,
        }],
        impact: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Event;

    const CFG: ScanConfig = ScanConfig {
        window: 60,
        not_found: 5,
        distinct_paths: 8,
    };

    #[test]
    fn a_404_burst() {
        let ev = (0..5).map(|i| Event::new(i, "192.0.2.66").http("GET", "/.env", 404));
        let hits = scan(ev, CFG);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            (hits[0].not_found_peak, hits[0].signals.clone()),
            (5, vec!["404-burst"])
        );
        assert_eq!(finding(&hits[0], CFG).severity, Severity::Low);
    }

    #[test]
    fn new_failing_paths_burst_without_404s() {
        let paths: Vec<String> = (0..8).map(|i| format!("/p{i}")).collect();
        let ev: Vec<Event> = paths
            .iter()
            .map(|p| Event::new(10, "192.0.2.7").http("GET", p, 403))
            .collect();
        let hits = scan(ev, CFG);
        assert_eq!(hits[0].signals, vec!["path-burst"]);
        assert_eq!(hits[0].new_paths_peak, 8);
        // the same walk answered 200 is a crawler, not a scan
        let ev: Vec<Event> = paths
            .iter()
            .map(|p| Event::new(10, "192.0.2.7").http("GET", p, 200))
            .collect();
        assert!(scan(ev, CFG).is_empty());
    }

    #[test]
    fn reloading_one_page_is_not_a_scan() {
        let ev = (0..1000).map(|i| Event::new(i, "10.0.0.1").http("GET", "/", 200));
        assert!(scan(ev, CFG).is_empty());
    }

    #[test]
    fn slow_404s_are_not_a_burst() {
        let ev = (0..50).map(|i| Event::new(i * 61, "10.0.0.1").http("GET", "/missing", 404));
        assert!(scan(ev, CFG).is_empty());
    }
}
