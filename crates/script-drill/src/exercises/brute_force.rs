//! `brute-force-window`: sources with too many failed logins in a sliding
//! window.
//!
//! Input: `THRESHOLD WINDOW` on the first line, then `IP TIMESTAMP` lines
//! (Unix seconds), one failed login each, in any order. A source is flagged
//! when some window `[t, t + WINDOW)` holds at least `THRESHOLD` of its
//! failures; the output is `IP PEAK` (the most failures in one such
//! window), sorted by IP as text. Lines without exactly two fields or with a
//! timestamp that is not an integer are skipped.
//!
//! The expected answer is `logs::brute_force` (the engine behind `barraiser
//! logs detect`) over the same events. Edge cases: empty input, threshold
//! reached exactly at the window's last second and missed by one second,
//! malformed lines, timestamps out of order, threshold 1.

use super::{fill, lines, pool_ip, Generator, TestInput};
use crate::Error;
use logs::{BruteForceConfig, Event};

pub struct BruteForce;

impl Generator for BruteForce {
    fn id(&self) -> &'static str {
        "brute-force-window"
    }

    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput> {
        let mut v = vec![
            TestInput::stdin("empty input", ""),
            TestInput::stdin("header only", "3 60\n"),
            TestInput::stdin(
                "threshold reached on the window's last second",
                "3 60\n10.0.0.1 1000\n10.0.0.1 1030\n10.0.0.1 1059\n",
            ),
            TestInput::stdin(
                "one second too late",
                "3 60\n10.0.0.1 1000\n10.0.0.1 1030\n10.0.0.1 1060\n",
            ),
            TestInput::stdin(
                "malformed lines are skipped",
                "2 10\n10.0.0.2 5\nnot a line at all\n10.0.0.2 x9\n10.0.0.2\n10.0.0.2 7\n10.0.0.3 5 extra\n",
            ),
            TestInput::stdin(
                "out of order, two sources",
                "3 100\n192.0.2.9 500\n192.0.2.1 10\n192.0.2.9 420\n192.0.2.1 300\n192.0.2.9 450\n192.0.2.1 150\n",
            ),
            TestInput::stdin("threshold one", "1 1\n198.51.100.4 42\n"),
        ];
        fill(&mut v, seed, n, |rng, i| {
            let threshold = rng.u64(2..8);
            let window = [10, 60, 300, 600][rng.usize(0..4)];
            let mut s = format!("{threshold} {window}\n");
            let base = 1_700_000_000 + rng.i64(0..100_000);
            for _ in 0..rng.usize(0..60) {
                let ip = pool_ip(rng, 12);
                // bursts: some sources fail close together
                let spread = if rng.bool() { window } else { window * 8 };
                s.push_str(&format!("{ip} {}\n", base + rng.i64(0..spread)));
                if rng.u8(0..25) == 0 {
                    s.push_str("garbage\n");
                }
            }
            TestInput::stdin(format!("random {i}"), s)
        });
        v
    }

    fn answer(&self, input: &TestInput) -> Result<String, Error> {
        let mut it = input.text().lines();
        let Some(header) = it.next() else {
            return Ok(String::new());
        };
        let bad = |m: &str| Error::Engine {
            exercise: self.id().into(),
            message: m.into(),
        };
        let mut h = header.split_whitespace();
        let (Some(t), Some(w), None) = (h.next(), h.next(), h.next()) else {
            return Err(bad("the first line is not `THRESHOLD WINDOW`"));
        };
        let cfg = BruteForceConfig {
            threshold: t.parse().map_err(|_| bad("bad threshold"))?,
            window: w.parse().map_err(|_| bad("bad window"))?,
        };
        let events: Vec<Event<'_>> = it
            .filter_map(|l| {
                let mut f = l.split_whitespace();
                let (Some(ip), Some(ts), None) = (f.next(), f.next(), f.next()) else {
                    return None;
                };
                Some(Event::new(ts.parse().ok()?, ip).failure(""))
            })
            .collect();
        let mut hits = logs::brute_force(events, cfg);
        hits.sort_by(|a, b| a.source.cmp(&b.source));
        Ok(lines(
            hits.into_iter().map(|h| format!("{} {}", h.source, h.peak)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_boundary() {
        let g = BruteForce;
        let v = g.generate(1, 0);
        assert!(v.is_empty());
        let all = g.generate(1, 7);
        assert_eq!(g.answer(&all[2]).unwrap(), "10.0.0.1 3\n");
        assert_eq!(g.answer(&all[3]).unwrap(), "");
        assert_eq!(g.answer(&all[4]).unwrap(), "10.0.0.2 2\n");
        assert_eq!(g.answer(&all[5]).unwrap(), "192.0.2.9 3\n");
    }
}
