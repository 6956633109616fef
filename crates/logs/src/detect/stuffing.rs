//! `stuffing`: one source trying many accounts, or many sources trying one.
//!
//! **What it finds.** Two shapes of account guessing that a per-source
//! failure count misses:
//! - *one source, many users*: a source whose failed logins and
//!   invalid-user probes name at least `min_users` distinct accounts
//!   (credential stuffing with a leaked list, or password spraying);
//! - *many sources, one user*: an account that failed to log in from at
//!   least `min_sources` distinct addresses (a botnet spreading its guesses
//!   to stay under per-IP limits).
//!
//! **Why it matters.** Stuffing works because people reuse passwords; a
//! success in the middle of a list is an account taken over (CWE-307,
//! OWASP API2 broken authentication). Spreading guesses over many addresses
//! defeats per-IP rate limits, so only a per-account view sees it.
//!
//! **Example.** `198.51.100.23` fails as `alice`, `bob`, ... 40 different
//! users in an hour and succeeds as `carol`; or `root` fails from 300
//! addresses, each trying twice.
//!
//! **Fix.** Block the source; require MFA; check passwords against
//! breached-password lists at sign-up and change; lock or step up an
//! account after failures from many addresses (per-account throttling,
//! Amazon Cognito advanced security / AWS WAF Fraud Control ATP); reset the
//! accounts that logged in.

use crate::detect::brute_force::{list, rfc3339};
use crate::event::show;
use crate::tally::{LineRef, Tally};
use crate::time::format_rfc3339;
use report::{
    Category, Confidence, Evidence, Finding, Location, Remediation, Severity, Span, Stride,
};
use serde::Serialize;

pub const RULE: &str = "logs/credential-stuffing";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StuffingConfig {
    /// Distinct users tried from one source that make a finding.
    pub min_users: usize,
    /// Distinct sources failing against one user that make a finding.
    pub min_sources: usize,
}

impl Default for StuffingConfig {
    fn default() -> Self {
        StuffingConfig {
            min_users: 10,
            min_sources: 10,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StuffingKind {
    /// One source against many users.
    ManyUsers,
    /// Many sources against one user.
    ManySources,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StuffingHit {
    pub kind: StuffingKind,
    /// The source address (many users) or the user name (many sources).
    pub subject: String,
    /// The users tried (many users) or the sources seen (many sources),
    /// the first 20 alphabetically.
    pub others: Vec<String>,
    pub distinct: usize,
    /// `distinct` is a lower bound (more than 256).
    pub capped: bool,
    /// Failed logins (plus invalid-user probes for one source).
    pub failures: u64,
    /// Logins that succeeded from the source (many users only).
    pub successes: u64,
    pub succeeded_users: Vec<String>,
    #[serde(serialize_with = "rfc3339")]
    pub first_seen: i64,
    #[serde(serialize_with = "rfc3339")]
    pub last_seen: i64,
    pub file: String,
    pub line: u64,
}

pub(crate) fn verdicts(
    t: &Tally,
    cfg: StuffingConfig,
    place: &dyn Fn(LineRef) -> (String, u64),
) -> Vec<StuffingHit> {
    let mut hits = Vec::new();
    for (src, s) in t.sources.iter() {
        let a = s.auth();
        let (distinct, capped) = a.users.count();
        if distinct < cfg.min_users.max(1) {
            continue;
        }
        let (file, line) = place(s.first);
        let (first_seen, last_seen) = match &a.fails {
            Some(w) => (w.first.min(s.first_ts), w.last.max(s.last_ts)),
            None => (s.first_ts, s.last_ts),
        };
        hits.push(StuffingHit {
            kind: StuffingKind::ManyUsers,
            subject: src.show(),
            others: a.users.names().take(20).map(show).collect(),
            distinct,
            capped,
            failures: a.fails.as_ref().map_or(0, |w| w.count) + a.invalid,
            successes: a.successes,
            succeeded_users: a.success_users.names().take(20).map(show).collect(),
            first_seen,
            last_seen,
            file,
            line,
        });
    }
    for (user, u) in &t.users {
        let (distinct, capped) = u.sources.count();
        if distinct < cfg.min_sources.max(1) {
            continue;
        }
        let (file, line) = place(u.first);
        hits.push(StuffingHit {
            kind: StuffingKind::ManySources,
            subject: show(user),
            others: u.sources.names().take(20).map(show).collect(),
            distinct,
            capped,
            failures: u.failures,
            successes: 0,
            succeeded_users: Vec::new(),
            first_seen: u.first_ts,
            last_seen: u.last_ts,
            file,
            line,
        });
    }
    hits.sort_by(|a, b| {
        (b.successes > 0)
            .cmp(&(a.successes > 0))
            .then(b.distinct.cmp(&a.distinct))
            .then(b.failures.cmp(&a.failures))
            .then_with(|| (a.kind as u8, &a.subject).cmp(&(b.kind as u8, &b.subject)))
    });
    hits
}

/// Stuffing among events in memory.
pub fn stuffing<'a>(
    events: impl IntoIterator<Item = crate::Event<'a>>,
    cfg: StuffingConfig,
) -> Vec<StuffingHit> {
    let plan = crate::Plan {
        stuffing: Some(cfg),
        fail_status: vec![401],
        ..crate::Plan::default()
    };
    crate::detect::run_events(&plan, events).stuffing
}

pub(crate) fn finding(h: &StuffingHit) -> Finding {
    let (element_type, title) = match h.kind {
        StuffingKind::ManyUsers => (
            "source-ip",
            "Credential stuffing: one source, many accounts",
        ),
        StuffingKind::ManySources => ("user", "Distributed guessing: many sources, one account"),
    };
    let location = Location::Element {
        element: h.subject.clone(),
        element_type: element_type.into(),
        span: Some(Span {
            path: h.file.clone(),
            start_line: h.line.min(u32::MAX as u64) as u32,
            start_column: 1,
            end_line: None,
            end_column: None,
        }),
    };
    let others = list(&h.others, h.distinct, h.capped);
    let window = format!(
        "{} to {}",
        format_rfc3339(h.first_seen),
        format_rfc3339(h.last_seen)
    );
    let mut message = match h.kind {
        StuffingKind::ManyUsers => format!(
            "{} tried {}{} distinct accounts ({} failures, {window}): {others}.",
            h.subject,
            h.distinct,
            if h.capped { "+" } else { "" },
            h.failures
        ),
        StuffingKind::ManySources => format!(
            "Account {} failed to log in from {}{} distinct sources ({} failures, {window}): {others}.",
            h.subject,
            h.distinct,
            if h.capped { "+" } else { "" },
            h.failures
        ),
    };
    let mut facts = vec![
        format!("first seen: {}", format_rfc3339(h.first_seen)),
        format!("last seen: {}", format_rfc3339(h.last_seen)),
        format!("failures: {}", h.failures),
        match h.kind {
            StuffingKind::ManyUsers => format!("users tried: {others}"),
            StuffingKind::ManySources => format!("sources: {others}"),
        },
    ];
    let severity = if h.successes > 0 {
        let ok = h.succeeded_users.join(", ");
        message.push_str(&format!(
            " {} login(s) succeeded from this source ({ok}): likely account takeover.",
            h.successes
        ));
        facts.push(format!("successful logins: {} ({ok})", h.successes));
        Severity::Critical
    } else if h.kind == StuffingKind::ManyUsers {
        Severity::High
    } else {
        Severity::Medium
    };
    let remediation = vec![Remediation {
        id: "logs.stuffing-defences".into(),
        title: match h.kind {
            StuffingKind::ManyUsers => format!("Block {} and require MFA", h.subject),
            StuffingKind::ManySources => format!("Throttle logins to {} per account and require MFA", h.subject),
        }
        .into(),
        service: "AWS WAF Fraud Control (ATP) / Amazon Cognito advanced security".into(),
        parameter: "AWS WAF AWSManagedRulesATPRuleSet on the login path; per-account lockout or step-up after 5 failures from distinct sources; \
                    reject passwords found in breach corpora"
            .into(),
        metric: "distinct accounts failed per source and distinct sources per account (this detection comes back empty)".into(),
        in_place: false,
    }];
    Finding {
        id: Finding::stable_id(RULE, &location),
        rule_id: RULE.into(),
        title: title.into(),
        message,
        severity,
        confidence: Confidence::Medium,
        categories: vec![
            Category::Cwe(307),
            Category::OwaspApi("API2:2023".into()),
            Category::Stride(Stride::Spoofing),
        ],
        location,
        evidence: Some(Evidence::Facts { facts }),
        remediation,
        impact: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Event;

    const CFG: StuffingConfig = StuffingConfig {
        min_users: 5,
        min_sources: 4,
    };

    #[test]
    fn one_source_many_users() {
        let users: Vec<String> = (0..6).map(|i| format!("user{i}")).collect();
        let mut ev: Vec<Event> = users
            .iter()
            .enumerate()
            .map(|(i, u)| Event::new(i as i64, "198.51.100.23").failure(u))
            .collect();
        ev.push(Event::new(9, "198.51.100.23").success("carol"));
        let hits = stuffing(ev, CFG);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            (hits[0].kind, hits[0].distinct, hits[0].successes),
            (StuffingKind::ManyUsers, 6, 1)
        );
        assert_eq!(finding(&hits[0]).severity, Severity::Critical);
    }

    #[test]
    fn many_sources_one_user() {
        let ips: Vec<String> = (0..4).map(|i| format!("10.0.0.{i}")).collect();
        let ev: Vec<Event> = ips
            .iter()
            .map(|ip| Event::new(0, ip).failure("root"))
            .collect();
        let hits = stuffing(ev, CFG);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            (hits[0].kind, hits[0].subject.as_str(), hits[0].distinct),
            (StuffingKind::ManySources, "root", 4)
        );
        let f = finding(&hits[0]);
        assert_eq!(
            (f.severity, f.id.as_str()),
            (Severity::Medium, "logs/credential-stuffing@root")
        );
    }

    #[test]
    fn below_both_thresholds_is_quiet() {
        let ev: Vec<Event> = (0..100)
            .map(|i| Event::new(i, "10.0.0.1").failure("root"))
            .collect();
        assert!(stuffing(ev, CFG).is_empty());
    }

    #[test]
    fn invalid_user_probes_count_as_users_tried() {
        let users: Vec<String> = (0..5).map(|i| format!("u{i}")).collect();
        let ev: Vec<Event> = users
            .iter()
            .map(|u| {
                let mut e = Event::new(0, "10.9.9.9");
                e.auth = crate::Auth::InvalidUser;
                e.user = u.as_bytes();
                e
            })
            .collect();
        let hits = stuffing(ev, CFG);
        assert_eq!((hits[0].distinct, hits[0].failures), (5, 5));
    }
}
