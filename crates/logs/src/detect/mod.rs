//! The detections, one file each, and the plan saying which to run.
//!
//! Each detector has a library entry point over plain events, e.g.
//! [`brute_force()`], for scripts and the drills' expected answers; the
//! engine runs the same code over parsed files in parallel chunks.

pub mod brute_force;
pub mod scan;
pub mod stuffing;

pub use brute_force::{brute_force, BruteForceConfig, BruteForceHit};
pub use scan::{scan, ScanConfig, ScanHit};
pub use stuffing::{stuffing, StuffingConfig, StuffingHit, StuffingKind};

use crate::event::{Auth, Event};
use crate::top::TopConfig;

/// Which detections to run in one pass, and how.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub brute_force: Option<BruteForceConfig>,
    pub stuffing: Option<StuffingConfig>,
    pub scan: Option<ScanConfig>,
    pub top: Option<TopConfig>,
    /// HTTP statuses that mean a failed login in web, ALB and CloudFront
    /// logs (default 401). Add 403 for applications that answer a wrong
    /// password with Forbidden.
    pub fail_status: Vec<u16>,
}

impl Plan {
    /// Every detection with its defaults (`barraiser logs detect`).
    pub fn all() -> Plan {
        Plan {
            brute_force: Some(BruteForceConfig::default()),
            stuffing: Some(StuffingConfig::default()),
            scan: Some(ScanConfig::default()),
            top: None,
            fail_status: vec![401],
        }
    }

    /// Only `top`.
    pub fn top(cfg: TopConfig) -> Plan {
        Plan {
            top: Some(cfg),
            fail_status: vec![401],
            ..Plan::default()
        }
    }

    /// What the event says about authentication: the parser's verdict, or
    /// for HTTP requests, failure when the status is in `fail_status` and
    /// success when a 2xx/3xx carries a user name (HTTP basic auth).
    #[inline]
    pub fn auth_of(&self, e: &Event<'_>) -> Auth {
        if e.auth != Auth::None || e.status == 0 || e.method == b"ssh" {
            return e.auth;
        }
        if self.fail_status.contains(&e.status) {
            Auth::Failure
        } else if (200..400).contains(&e.status) && !e.user.is_empty() {
            Auth::Success
        } else {
            Auth::None
        }
    }

    /// Whether any part of the plan reads request paths.
    pub(crate) fn needs_path(&self) -> bool {
        self.scan.is_some()
            || self
                .top
                .as_ref()
                .is_some_and(|t| t.by == crate::GroupBy::Path)
    }

    /// Whether any part of the plan reads user agents.
    pub(crate) fn needs_user_agent(&self) -> bool {
        self.top
            .as_ref()
            .is_some_and(|t| t.by == crate::GroupBy::UserAgent)
    }

    pub(crate) fn needs_auth(&self) -> bool {
        self.brute_force.is_some() || self.stuffing.is_some()
    }
}

/// Run `plan` over events already in memory (one chunk, no files).
pub(crate) fn run_events<'a>(
    plan: &Plan,
    events: impl IntoIterator<Item = Event<'a>>,
) -> crate::Analysis {
    let mut t = crate::tally::Tally::default();
    for (i, e) in events.into_iter().enumerate() {
        t.lines += 1;
        t.feed(plan, &e, crate::tally::LineRef::new(0, 0, i as u32 + 1));
    }
    t.chunk_lines.push(((0, 0), t.lines));
    t.seal(plan);
    t.finish(plan, vec![crate::FileReport::named("<events>")])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_status_decides_web_auth() {
        let p = Plan::all();
        assert_eq!(
            p.auth_of(&Event::new(0, "a").http("POST", "/login", 401)),
            Auth::Failure
        );
        assert_eq!(
            p.auth_of(&Event::new(0, "a").http("GET", "/", 403)),
            Auth::None
        );
        let mut ok = Event::new(0, "a").http("GET", "/", 200);
        assert_eq!(p.auth_of(&ok), Auth::None);
        ok.user = b"alice";
        assert_eq!(p.auth_of(&ok), Auth::Success);
        assert_eq!(
            p.auth_of(&Event::new(0, "a").failure("root")),
            Auth::Failure
        );
    }
}
