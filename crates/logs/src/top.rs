//! `top`: count events by a field after filters, the "top 10 IPs producing
//! 404s" question (`top --status 404 -n 10`) and its relatives.

use crate::event::{show, Event};
use serde::Serialize;

/// The field to group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupBy {
    Ip,
    Path,
    Status,
    User,
    UserAgent,
    Method,
}

impl GroupBy {
    pub fn parse(s: &str) -> Option<GroupBy> {
        Some(match s.to_ascii_lowercase().as_str() {
            "ip" | "source" | "client" => GroupBy::Ip,
            "path" | "url" | "uri" | "event" => GroupBy::Path,
            "status" | "code" => GroupBy::Status,
            "user" => GroupBy::User,
            "user-agent" | "ua" | "agent" => GroupBy::UserAgent,
            "method" | "service" => GroupBy::Method,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Ip => "ip",
            GroupBy::Path => "path",
            GroupBy::Status => "status",
            GroupBy::User => "user",
            GroupBy::UserAgent => "user-agent",
            GroupBy::Method => "method",
        }
    }
}

/// Status codes to keep: `404`, `4xx`, `400-499`, or a comma list of those.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct StatusFilter(pub Vec<(u16, u16)>);

impl StatusFilter {
    pub fn parse(s: &str) -> Option<StatusFilter> {
        let mut v = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let lower = part.to_ascii_lowercase();
            let range = if let Some(d) = lower.strip_suffix("xx") {
                let d: u16 = d.parse().ok().filter(|d| (1..=9).contains(d))?;
                (d * 100, d * 100 + 99)
            } else if let Some((a, b)) = lower.split_once('-') {
                (a.trim().parse().ok()?, b.trim().parse().ok()?)
            } else {
                let n: u16 = lower.parse().ok()?;
                (n, n)
            };
            if range.0 > range.1 || range.1 > 999 {
                return None;
            }
            v.push(range);
        }
        (!v.is_empty()).then_some(StatusFilter(v))
    }

    #[inline]
    pub fn matches(&self, status: u16) -> bool {
        self.0.is_empty() || self.0.iter().any(|&(a, b)| (a..=b).contains(&status))
    }
}

/// What `top` counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopConfig {
    pub by: GroupBy,
    pub status: StatusFilter,
    /// Keep only these methods (case-insensitive); empty keeps all.
    pub methods: Vec<String>,
    pub n: usize,
}

impl Default for TopConfig {
    fn default() -> Self {
        TopConfig {
            by: GroupBy::Ip,
            status: StatusFilter::default(),
            methods: Vec::new(),
            n: 10,
        }
    }
}

impl TopConfig {
    #[inline]
    pub fn matches(&self, e: &Event<'_>) -> bool {
        self.status.matches(e.status)
            && (self.methods.is_empty()
                || self
                    .methods
                    .iter()
                    .any(|m| m.as_bytes().eq_ignore_ascii_case(e.method)))
    }

    /// The group key of an event. Status keys use a static table so the hot
    /// loop never formats a number.
    pub fn key<'a>(&self, e: &Event<'a>) -> &'a [u8] {
        match self.by {
            GroupBy::Ip => e.source,
            GroupBy::Path => e.path,
            GroupBy::User => e.user,
            GroupBy::UserAgent => e.user_agent,
            GroupBy::Method => e.method,
            GroupBy::Status => status_key(e.status),
        }
    }
}

fn status_key(s: u16) -> &'static [u8] {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| (0..1000).map(|n| format!("{n:03}")).collect());
    keys.get(s as usize).map_or(b"???", |k| k.as_bytes())
}

/// One row of a top table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopRow {
    /// The key as text, control characters escaped; `(none)` for empty.
    pub key: String,
    pub count: u64,
}

/// The result of `top`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopResult {
    pub by: GroupBy,
    /// Events that passed the filters.
    pub matched: u64,
    /// Distinct keys among them.
    pub distinct: u64,
    /// The `n` largest, count descending then key ascending.
    pub rows: Vec<TopRow>,
}

pub(crate) fn rows(t: &crate::tally::Tally, cfg: &TopConfig) -> TopResult {
    let mut v: Vec<(&[u8], u64)> = t.top.iter().map(|(k, v)| (&**k, *v)).collect();
    // partial selection first: a million keys are common, n is small
    let by = |a: &(&[u8], u64), b: &(&[u8], u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
    if cfg.n > 0 && v.len() > cfg.n {
        v.select_nth_unstable_by(cfg.n - 1, by);
        v.truncate(cfg.n);
    }
    v.sort_by(by);
    v.truncate(cfg.n);
    TopResult {
        by: cfg.by,
        matched: t.top_matched,
        distinct: t.top.len() as u64,
        rows: v
            .into_iter()
            .map(|(k, count)| TopRow {
                key: if k.is_empty() {
                    "(none)".to_string()
                } else {
                    show(k)
                },
                count,
            })
            .collect(),
    }
}

/// Top-N over events in memory: `top_n(events, &TopConfig { by: GroupBy::Ip,
/// status: StatusFilter::parse("404").unwrap(), n: 10, ..Default::default() })`.
pub fn top_n<'a>(events: impl IntoIterator<Item = Event<'a>>, cfg: &TopConfig) -> TopResult {
    let plan = crate::Plan::top(cfg.clone());
    crate::detect::run_events(&plan, events)
        .top
        .expect("the plan has top")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_filters() {
        let f = StatusFilter::parse("404").unwrap();
        assert!(f.matches(404) && !f.matches(403));
        let f = StatusFilter::parse("4xx,500-502").unwrap();
        assert!(f.matches(418) && f.matches(501) && !f.matches(503) && !f.matches(200));
        assert!(StatusFilter::parse("abc").is_none());
        assert!(StatusFilter::parse("500-400").is_none());
        assert!(StatusFilter::parse("0xx").is_none());
        assert!(StatusFilter::default().matches(200));
    }

    #[test]
    fn top_ten_404_sources() {
        let mut ev = Vec::new();
        for (ip, n) in [
            ("10.0.0.1", 5),
            ("10.0.0.2", 9),
            ("10.0.0.3", 5),
            ("10.0.0.4", 1),
        ] {
            for i in 0..n {
                ev.push(Event::new(i, ip).http("GET", "/x", 404));
            }
        }
        ev.push(Event::new(0, "10.0.0.9").http("GET", "/", 200));
        let cfg = TopConfig {
            status: StatusFilter::parse("404").unwrap(),
            n: 3,
            ..TopConfig::default()
        };
        let r = top_n(ev.clone(), &cfg);
        let got: Vec<(&str, u64)> = r.rows.iter().map(|r| (r.key.as_str(), r.count)).collect();
        assert_eq!(got, [("10.0.0.2", 9), ("10.0.0.1", 5), ("10.0.0.3", 5)]);
        assert_eq!((r.matched, r.distinct), (20, 4));
        let by_status = top_n(
            ev,
            &TopConfig {
                by: GroupBy::Status,
                ..TopConfig::default()
            },
        );
        assert_eq!(
            by_status.rows[0],
            TopRow {
                key: "404".into(),
                count: 20
            }
        );
    }

    #[test]
    fn method_filter_and_empty_keys() {
        let ev = vec![
            Event::new(0, "a").http("POST", "/login", 401),
            Event::new(0, "b").http("GET", "/login", 401),
        ];
        let r = top_n(
            ev,
            &TopConfig {
                by: GroupBy::User,
                methods: vec!["post".into()],
                ..TopConfig::default()
            },
        );
        assert_eq!(
            r.rows,
            vec![TopRow {
                key: "(none)".into(),
                count: 1
            }]
        );
    }
}
