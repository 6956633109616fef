//! `brute-force`: one source failing to log in again and again.
//!
//! **What it finds.** A source address with at least `threshold` failed
//! logins inside some sliding window of `window` seconds: SSH `Failed
//! password`, HTTP 401 (or the statuses given with `--fail-status`),
//! CloudTrail console-login failures, denied calls and failed
//! `AssumeRole`. It reports the first and last failure, the total, the
//! busiest window, the users tried, and any login that *succeeded* from the
//! same source at or after its first failure.
//!
//! **Why it matters.** Password guessing is the cheapest attack on anything
//! with a login (CWE-307). A success after a run of failures from one
//! address is the classic sign of a guessed password and needs an incident
//! response, not a ticket.
//!
//! **Example.** `203.0.113.7` fails 480 SSH logins as `root`, `admin` and
//! `oracle` in four minutes, then `Accepted password for oracle`.
//!
//! **Fix.** Block the source (fail2ban, a security-group or NACL deny, an
//! AWS WAF IP set), rate-limit logins per source (a WAF rate-based rule on
//! the login path), turn off password authentication for SSH, require MFA;
//! after a success, rotate that account's credentials and review its
//! sessions.

use crate::event::show;
use crate::tally::{LineRef, Tally};
use crate::time::{format_duration, format_rfc3339};
use crate::window::Spec;
use report::{
    Category, Confidence, Evidence, Finding, Location, Remediation, Severity, Span, Stride,
};
use serde::Serialize;

pub const RULE: &str = "logs/brute-force";

/// Threshold and window of the detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BruteForceConfig {
    /// Window length in seconds.
    pub window: i64,
    /// Failures in one window that make a finding.
    pub threshold: u64,
}

impl Default for BruteForceConfig {
    /// 10 failures within 5 minutes: well above a person mistyping a
    /// password, well below any guessing tool.
    fn default() -> Self {
        BruteForceConfig {
            window: 300,
            threshold: 10,
        }
    }
}

impl BruteForceConfig {
    pub fn spec(self) -> Spec {
        Spec {
            width: self.window,
            threshold: self.threshold.max(1),
        }
    }
}

/// One brute-forcing source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BruteForceHit {
    pub source: String,
    /// Failed logins in the whole input.
    pub failures: u64,
    #[serde(serialize_with = "rfc3339")]
    pub first_seen: i64,
    #[serde(serialize_with = "rfc3339")]
    pub last_seen: i64,
    /// Most failures in one window, and where that window starts.
    pub peak: u64,
    #[serde(serialize_with = "rfc3339")]
    pub peak_start: i64,
    /// Start of the first window that reached the threshold.
    #[serde(serialize_with = "rfc3339")]
    pub alert_start: i64,
    /// Users tried (the first 20 alphabetically).
    pub users: Vec<String>,
    pub distinct_users: usize,
    /// `distinct_users` is a lower bound (more than 256 names).
    pub users_capped: bool,
    /// Logins that succeeded from this source at or after its first failure.
    pub successes: u64,
    pub succeeded_users: Vec<String>,
    /// The source's first line in the input.
    pub file: String,
    pub line: u64,
}

pub(crate) fn rfc3339<S: serde::Serializer>(t: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_rfc3339(*t))
}

pub(crate) fn verdicts(t: &Tally, place: &dyn Fn(LineRef) -> (String, u64)) -> Vec<BruteForceHit> {
    let mut hits: Vec<BruteForceHit> = t
        .sources
        .iter()
        .filter_map(|(src, s)| {
            let first = s.first;
            let s = s.auth();
            let w = s.fails.as_ref()?;
            let alert_start = w.alert_start?;
            let succeeded = s.last_success.is_some_and(|ts| ts >= w.first);
            let (distinct_users, users_capped) = s.users.count();
            let (file, line) = place(first);
            Some(BruteForceHit {
                source: src.show(),
                failures: w.count,
                first_seen: w.first,
                last_seen: w.last,
                peak: w.peak,
                peak_start: w.peak_start,
                alert_start,
                users: s.users.names().take(20).map(show).collect(),
                distinct_users,
                users_capped,
                successes: if succeeded { s.successes } else { 0 },
                succeeded_users: if succeeded {
                    s.success_users.names().take(20).map(show).collect()
                } else {
                    Vec::new()
                },
                file,
                line,
            })
        })
        .collect();
    hits.sort_by(|a, b| {
        (b.successes > 0)
            .cmp(&(a.successes > 0))
            .then(b.peak.cmp(&a.peak))
            .then(b.failures.cmp(&a.failures))
            .then_with(|| a.source.cmp(&b.source))
    });
    hits
}

/// Brute-force sources among events in memory, e.g. from a list of
/// `(ip, timestamp)` failures:
///
/// ```
/// use logs::{Event, detect::{brute_force, BruteForceConfig}};
/// let events = (0..12).map(|i| Event::new(1_700_000_000 + i * 10, "203.0.113.7").failure("root"));
/// let hits = brute_force(events, BruteForceConfig { window: 300, threshold: 10 });
/// assert_eq!(hits[0].source, "203.0.113.7");
/// assert_eq!(hits[0].failures, 12);
/// ```
pub fn brute_force<'a>(
    events: impl IntoIterator<Item = crate::Event<'a>>,
    cfg: BruteForceConfig,
) -> Vec<BruteForceHit> {
    let plan = crate::Plan {
        brute_force: Some(cfg),
        fail_status: vec![401],
        ..crate::Plan::default()
    };
    crate::detect::run_events(&plan, events).brute_force
}

pub(crate) fn finding(h: &BruteForceHit, cfg: BruteForceConfig) -> Finding {
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
    let users = list(&h.users, h.distinct_users, h.users_capped);
    let mut message = format!(
        "{} failed to log in {} times between {} and {}; {} failures within {} from {} (threshold {}); users tried: {}.",
        h.source,
        h.failures,
        format_rfc3339(h.first_seen),
        format_rfc3339(h.last_seen),
        h.peak,
        format_duration(cfg.window),
        format_rfc3339(h.peak_start),
        cfg.threshold,
        users
    );
    let mut facts = vec![
        format!("first seen: {}", format_rfc3339(h.first_seen)),
        format!("last seen: {}", format_rfc3339(h.last_seen)),
        format!("failures: {}", h.failures),
        format!(
            "peak: {} in {} from {}",
            h.peak,
            format_duration(cfg.window),
            format_rfc3339(h.peak_start)
        ),
        format!(
            "threshold first reached in the window from {}",
            format_rfc3339(h.alert_start)
        ),
        format!("users tried: {users}"),
    ];
    let severity = if h.successes > 0 {
        let ok = h.succeeded_users.join(", ");
        message.push_str(&format!(
            " {} login(s) then succeeded from the same source ({ok}): treat as compromised.",
            h.successes
        ));
        facts.push(format!(
            "succeeded after the failures: {} ({ok})",
            h.successes
        ));
        Severity::High
    } else {
        Severity::Medium
    };
    let mut remediation = vec![Remediation {
        id: "logs.block-and-rate-limit".into(),
        title: format!("Block {} and rate-limit logins per source", h.source).into(),
        service: "AWS WAF / fail2ban".into(),
        parameter: format!(
            "AWS WAF rate-based rule on the login path (aggregate by IP, e.g. 100 requests per 5 minutes); \
             for SSH: fail2ban sshd jail maxretry = {} findtime = {} bantime = 1h, and PasswordAuthentication no",
            cfg.threshold.clamp(3, 5),
            format_duration(cfg.window)
        )
        .into(),
        metric: "failed logins per source per window (this detection comes back empty)".into(),
        in_place: false,
    }];
    if h.successes > 0 {
        remediation.insert(
            0,
            Remediation {
                id: "logs.rotate-compromised".into(),
                title: "Rotate the credentials of the accounts that logged in and review their sessions".into(),
                service: "IAM / the host's accounts".into(),
                parameter: format!("accounts: {}; revoke sessions, reset passwords, require MFA", h.succeeded_users.join(", ")).into(),
                metric: "no successful login from the attacking source after the fix".into(),
                in_place: false,
            },
        );
    }
    Finding {
        id: Finding::stable_id(RULE, &location),
        rule_id: RULE.into(),
        title: "Brute-force login attempts".into(),
        message,
        severity,
        confidence: Confidence::High,
        categories: vec![Category::Cwe(307), Category::Stride(Stride::Spoofing)],
        location,
        evidence: Some(Evidence::Facts { facts }),
        remediation,
        impact: None,
    }
}

/// `a, b, c (+12 more)` from a sample of names and the distinct count.
pub(crate) fn list(names: &[String], distinct: usize, capped: bool) -> String {
    if names.is_empty() {
        return "(none recorded)".into();
    }
    let mut s = names.join(", ");
    if distinct > names.len() {
        s.push_str(&format!(
            " (+{}{} more)",
            distinct - names.len(),
            if capped { "+" } else { "" }
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Event;

    const CFG: BruteForceConfig = BruteForceConfig {
        window: 300,
        threshold: 10,
    };

    #[test]
    fn ten_failures_in_five_minutes_is_a_hit_nine_is_not() {
        let ev = (0..10).map(|i| Event::new(1000 + i * 29, "203.0.113.7").failure("root"));
        let hits = brute_force(ev, CFG);
        assert_eq!(hits.len(), 1);
        let h = &hits[0];
        assert_eq!(
            (h.failures, h.peak, h.first_seen, h.last_seen),
            (10, 10, 1000, 1261)
        );
        assert_eq!(h.users, vec!["root"]);
        let ev = (0..9).map(|i| Event::new(1000 + i * 29, "203.0.113.7").failure("root"));
        assert!(brute_force(ev, CFG).is_empty());
    }

    #[test]
    fn failures_spread_wider_than_the_window_are_not_a_hit() {
        // 20 failures, one every 40 s: at most 8 in any 5-minute window
        let ev = (0..20).map(|i| Event::new(i * 40, "198.51.100.1").failure("bob"));
        assert!(brute_force(ev, CFG).is_empty());
    }

    #[test]
    fn success_after_failures_is_high_severity() {
        let mut ev: Vec<Event> = (0..12)
            .map(|i| Event::new(i, "203.0.113.7").failure("oracle"))
            .collect();
        ev.push(Event::new(20, "203.0.113.7").success("oracle"));
        ev.push(Event::new(20, "10.0.0.5").success("alice"));
        let hits = brute_force(ev, CFG);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            (hits[0].successes, hits[0].succeeded_users.clone()),
            (1, vec!["oracle".to_string()])
        );
        let f = finding(&hits[0], CFG);
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.id, "logs/brute-force@203.0.113.7");
        assert!(f.message.contains("treat as compromised"), "{}", f.message);
    }

    #[test]
    fn success_before_the_failures_does_not_count() {
        let mut ev = vec![Event::new(0, "203.0.113.7").success("alice")];
        ev.extend((100..112).map(|i| Event::new(i, "203.0.113.7").failure("alice")));
        let hits = brute_force(ev, CFG);
        assert_eq!(hits[0].successes, 0);
        assert_eq!(finding(&hits[0], CFG).severity, Severity::Medium);
    }

    #[test]
    fn web_401s_count_as_failures() {
        let ev = (0..15).map(|i| Event::new(i, "192.0.2.1").http("POST", "/login", 401));
        assert_eq!(brute_force(ev, CFG)[0].failures, 15);
    }
}
