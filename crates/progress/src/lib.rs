//! `progress`: how ready the candidate is, per competency.
//!
//! The success bars come from the interview itself: a threat model in 15 to
//! 20 minutes, a code review in 5 to 10, scripts from memory, answers on a
//! daily review queue, and 3-4 minute STAR stories. [`readiness`] reads the
//! graded attempts of each drill kind from the store and reports the latest
//! score and time, the trend over the last three, the whole score history
//! (for a chart) and the next step.
//!
//! This lived in the CLI's `status` command; it moved here so that the web
//! dashboard and the CLI state readiness by the same rule.
//!
//! ```
//! let s = store::Store::open_in_memory().unwrap();
//! let rows = progress::readiness(&s).unwrap();
//! assert_eq!(rows.len(), progress::BARS.len());
//! assert!(rows.iter().all(|r| r.attempts == 0 && !r.ready));
//! ```

use serde::Serialize;

pub mod mocks;
pub mod practice;
pub mod review;
pub mod stories;

/// One competency's bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bar {
    /// The drill kind attempts are stored under.
    pub drill: &'static str,
    /// The competency's name.
    pub competency: &'static str,
    /// The bar, as the candidate reads it.
    pub bar: &'static str,
    /// The command that drills it.
    pub next: &'static str,
}

/// The competencies, in the order they are shown.
pub const BARS: [Bar; 6] = [
    Bar {
        drill: "code-review",
        competency: "Code review",
        bar: "5-10 min",
        next: "barraiser drill review start",
    },
    Bar {
        drill: "questions",
        competency: "Technical questions",
        bar: "daily queue",
        next: "barraiser drill questions next",
    },
    Bar {
        drill: "threat-model",
        competency: "Threat model",
        bar: "15-20 min",
        next: "barraiser drill threat-model start",
    },
    Bar {
        drill: "scripting",
        competency: "Scripting from memory",
        bar: "per exercise",
        next: "barraiser drill script start",
    },
    Bar {
        drill: "behavioural",
        competency: "Behavioural prompts",
        bar: "daily queue",
        next: "barraiser drill questions next --kind behavioural",
    },
    Bar {
        drill: "star",
        competency: "STAR stories told",
        bar: "3-4 min",
        next: "barraiser star practice",
    },
];

/// Graded attempts needed before a competency can read as ready: one good
/// score is luck, three in a row is a skill.
pub const READY_ATTEMPTS: usize = 3;
/// The latest score a ready competency needs.
pub const READY_SCORE: u8 = 80;

/// Direction of the last three scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    Up,
    Down,
    Flat,
    /// Fewer than two scores.
    None,
}

impl Trend {
    /// From scores oldest first: the last two decide.
    pub fn of(scores: &[u8]) -> Trend {
        match scores {
            [.., a, b] if b > a => Trend::Up,
            [.., a, b] if b < a => Trend::Down,
            [_, _, ..] => Trend::Flat,
            _ => Trend::None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Up => "up",
            Trend::Down => "down",
            Trend::Flat => "flat",
            Trend::None => "-",
        }
    }
}

/// One graded attempt in a competency's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Point {
    pub finished_at: String,
    pub score: u8,
    pub elapsed_secs: Option<u32>,
}

/// A competency's readiness.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub competency: &'static str,
    pub drill: &'static str,
    pub bar: &'static str,
    pub attempts: usize,
    pub latest_score: Option<u8>,
    /// Minutes the latest attempt took, to one decimal.
    pub latest_minutes: Option<f64>,
    pub trend: Trend,
    pub ready: bool,
    /// What to do next: the drill's command, or a keep-fresh hint once ready.
    pub next: String,
    /// Every graded attempt, oldest first.
    pub history: Vec<Point>,
}

/// Readiness from a list of attempts (any kinds, any order): the graded
/// ones of each competency, oldest first.
pub fn from_attempts(attempts: &[store::Attempt]) -> Vec<Row> {
    BARS.iter()
        .map(|b| {
            let mut done: Vec<&store::Attempt> = attempts
                .iter()
                .filter(|a| a.drill_kind == b.drill && a.score.is_some() && a.finished_at.is_some())
                .collect();
            done.sort_by(|x, y| (&x.finished_at, x.id).cmp(&(&y.finished_at, y.id)));
            let history: Vec<Point> = done
                .iter()
                .map(|a| Point {
                    finished_at: a.finished_at.clone().unwrap_or_default(),
                    score: a.score.unwrap_or(0),
                    elapsed_secs: a.elapsed_secs,
                })
                .collect();
            let scores: Vec<u8> = history.iter().map(|p| p.score).collect();
            let latest = history.last();
            let ready =
                history.len() >= READY_ATTEMPTS && latest.is_some_and(|l| l.score >= READY_SCORE);
            Row {
                competency: b.competency,
                drill: b.drill,
                bar: b.bar,
                attempts: history.len(),
                latest_score: latest.map(|l| l.score),
                latest_minutes: latest
                    .and_then(|l| l.elapsed_secs)
                    .map(|s| (f64::from(s) / 6.0).round() / 10.0),
                trend: Trend::of(&scores[scores.len().saturating_sub(3)..]),
                ready,
                next: if ready {
                    "keep it fresh: one drill every few days".into()
                } else {
                    b.next.into()
                },
                history,
            }
        })
        .collect()
}

/// Readiness from everything the store holds.
pub fn readiness(s: &store::Store) -> store::Result<Vec<Row>> {
    Ok(from_attempts(&s.attempt_summaries(None)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn attempt(id: i64, kind: &str, at: &str, score: Option<u8>, secs: u32) -> store::Attempt {
        store::Attempt {
            id,
            drill_kind: kind.into(),
            item_id: "x".into(),
            started_at: at.into(),
            finished_at: score.map(|_| at.to_string()),
            elapsed_secs: score.map(|_| secs),
            score,
            details: serde_json::json!({}),
        }
    }

    #[test]
    fn ready_needs_three_graded_attempts_and_a_good_latest() {
        let mut a = vec![
            attempt(1, "code-review", "2026-11-01T10:00:00Z", Some(90), 420),
            attempt(2, "code-review", "2026-11-02T10:00:00Z", Some(60), 540),
        ];
        let r = &from_attempts(&a)[0];
        assert!(!r.ready);
        assert_eq!(r.trend, Trend::Down);
        assert_eq!(r.next, "barraiser drill review start");
        a.push(attempt(
            3,
            "code-review",
            "2026-11-03T10:00:00Z",
            Some(85),
            330,
        ));
        // an unfinished attempt and another kind change nothing
        a.push(attempt(4, "code-review", "2026-11-04T10:00:00Z", None, 0));
        a.push(attempt(5, "star", "2026-11-04T10:00:00Z", Some(10), 200));
        let rows = from_attempts(&a);
        let r = &rows[0];
        assert!(r.ready);
        assert_eq!(r.attempts, 3);
        assert_eq!(r.latest_score, Some(85));
        assert_eq!(r.latest_minutes, Some(5.5));
        assert_eq!(r.trend, Trend::Up);
        assert_eq!(
            r.history.iter().map(|p| p.score).collect::<Vec<_>>(),
            [90, 60, 85]
        );
        let star = rows.iter().find(|r| r.drill == "star").unwrap();
        assert_eq!((star.attempts, star.ready), (1, false));
    }

    #[test]
    fn trend_reads_the_last_two() {
        assert_eq!(Trend::of(&[]), Trend::None);
        assert_eq!(Trend::of(&[50]), Trend::None);
        assert_eq!(Trend::of(&[50, 50]), Trend::Flat);
        assert_eq!(Trend::of(&[10, 90, 40]), Trend::Down);
    }

    #[test]
    fn the_store_is_read() {
        let mut s = store::Store::open_in_memory().unwrap();
        s.record_attempt(
            &store::NewAttempt {
                drill_kind: "threat-model".into(),
                item_id: "payment-fraud".into(),
                started_at: "2026-11-20T09:00:00Z".into(),
                details: serde_json::json!({}),
            },
            &store::AttemptResult {
                finished_at: "2026-11-20T09:17:00Z".into(),
                elapsed_secs: 1020,
                score: 77,
                details: serde_json::json!({}),
            },
        )
        .unwrap();
        let rows = readiness(&s).unwrap();
        let tm = rows.iter().find(|r| r.drill == "threat-model").unwrap();
        assert_eq!(tm.latest_score, Some(77));
        assert_eq!(tm.latest_minutes, Some(17.0));
    }

    proptest! {
        /// Whatever the attempts, each competency's history is its graded
        /// attempts, oldest first, and readiness follows the stated rule.
        #[test]
        fn rows_follow_the_rule(raw in prop::collection::vec((0usize..6, 0u32..1000, prop::option::of(0u8..=100)), 0..40)) {
            let a: Vec<store::Attempt> = raw
                .iter()
                .enumerate()
                .map(|(i, (k, t, sc))| attempt(i as i64, BARS[*k].drill, &format!("2026-01-01T00:{:02}:{:02}Z", t / 60 % 60, t % 60), *sc, *t))
                .collect();
            let rows = from_attempts(&a);
            prop_assert_eq!(rows.len(), BARS.len());
            for r in &rows {
                let graded = a.iter().filter(|x| x.drill_kind == r.drill && x.score.is_some()).count();
                prop_assert_eq!(r.attempts, graded);
                prop_assert!(r.history.windows(2).all(|w| w[0].finished_at <= w[1].finished_at));
                prop_assert_eq!(r.ready, graded >= READY_ATTEMPTS && r.latest_score.unwrap_or(0) >= READY_SCORE);
            }
        }
    }
}
