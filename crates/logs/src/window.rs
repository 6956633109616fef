//! Sliding-window counts that merge across chunks.
//!
//! A [`Window`] summarises a set of timestamped events of one key (one
//! source's failed logins, one source's 404s): the total, the first and last
//! time, the peak number of events in any window `[t, t + width)` starting
//! at an event, the earliest such window reaching the threshold, and the
//! events near both ends (`head`: within `2 * width` of the first, `tail`:
//! within `2 * width` of the last, stored run-length by second).
//!
//! Two summaries of disjoint event sets merge into the summary of their
//! union. A window that straddles the two sets only holds events near the
//! meeting point, and those are in the head or tail kept on each side, so
//! re-scanning the kept events finds every straddling window in full. This
//! is exact whenever, per key, no event is more than `width` older than an
//! event before it in the input (logs written in time order, with the usual
//! jitter of requests logged at completion; rotated files given in any
//! order). Windows inside one chunk are always exact because a chunk's events
//! are sorted before they are summarised. The memory per key is bounded by
//! `4 * width` seconds of runs, whatever the file size.

use serde::Serialize;

/// Width and threshold of a sliding window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Spec {
    /// Window length in seconds.
    pub width: i64,
    /// Events in one window that make an alert.
    pub threshold: u64,
}

impl Spec {
    fn span(self) -> i64 {
        self.width.saturating_mul(2)
    }
}

/// Summary of one key's events; see the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub count: u64,
    pub first: i64,
    pub last: i64,
    /// Most events in one window.
    pub peak: u64,
    /// Start of the earliest window holding `peak` events.
    pub peak_start: i64,
    /// Start of the earliest window reaching the threshold.
    pub alert_start: Option<i64>,
    head: Vec<(i64, u64)>,
    tail: Vec<(i64, u64)>,
}

impl Window {
    /// Summarise events given as `(second, weight)` in any order. `None`
    /// when there are none.
    pub fn from_times(mut times: Vec<(i64, u64)>, spec: Spec) -> Option<Window> {
        if times.is_empty() {
            return None;
        }
        times.sort_unstable_by_key(|t| t.0);
        let mut runs: Vec<(i64, u64)> = Vec::with_capacity(times.len());
        for (t, n) in times {
            match runs.last_mut() {
                Some(last) if last.0 == t => last.1 += n,
                _ => runs.push((t, n)),
            }
        }
        Some(Self::from_runs(runs, spec))
    }

    /// From sorted runs with unique seconds.
    fn from_runs(runs: Vec<(i64, u64)>, spec: Spec) -> Window {
        let (peak, peak_start, alert_start) = scan(&runs, spec);
        let count = runs.iter().map(|r| r.1).sum();
        let first = runs[0].0;
        let last = runs[runs.len() - 1].0;
        let mut w = Window {
            count,
            first,
            last,
            peak,
            peak_start,
            alert_start,
            head: Vec::new(),
            tail: Vec::new(),
        };
        w.keep_ends(runs, spec);
        w
    }

    /// Keep the runs within `span` of either end; the rest can never be
    /// part of a window that straddles a later merge.
    fn keep_ends(&mut self, runs: Vec<(i64, u64)>, spec: Spec) {
        let head_end = self.first.saturating_add(spec.span());
        let tail_start = self.last.saturating_sub(spec.span());
        let h = runs.partition_point(|r| r.0 <= head_end);
        let t = runs.partition_point(|r| r.0 < tail_start).max(h);
        self.head = runs[..h].to_vec();
        self.tail = runs[t..].to_vec();
    }

    /// The summary of both event sets.
    pub fn merge(self, other: Window, spec: Spec) -> Window {
        let a = self.head.iter().chain(&self.tail);
        let b = other.head.iter().chain(&other.tail);
        let kept = merge_runs(a.copied(), b.copied());
        let (p, ps, al) = scan(&kept, spec);
        let (mut peak, mut peak_start) =
            best((self.peak, self.peak_start), (other.peak, other.peak_start));
        (peak, peak_start) = best((peak, peak_start), (p, ps));
        let alert_start = [self.alert_start, other.alert_start, al]
            .into_iter()
            .flatten()
            .min();
        let mut w = Window {
            count: self.count + other.count,
            first: self.first.min(other.first),
            last: self.last.max(other.last),
            peak,
            peak_start,
            alert_start,
            head: Vec::new(),
            tail: Vec::new(),
        };
        w.keep_ends(kept, spec);
        w
    }

    /// Runs kept in memory (for tests of the memory bound).
    pub fn kept_runs(&self) -> usize {
        self.head.len() + self.tail.len()
    }
}

/// Higher count wins; on a tie, the earlier start.
fn best(a: (u64, i64), b: (u64, i64)) -> (u64, i64) {
    if b.0 > a.0 || (b.0 == a.0 && b.1 < a.1) {
        b
    } else {
        a
    }
}

fn merge_runs(
    a: impl Iterator<Item = (i64, u64)>,
    b: impl Iterator<Item = (i64, u64)>,
) -> Vec<(i64, u64)> {
    let mut v: Vec<(i64, u64)> = a.chain(b).collect();
    v.sort_unstable_by_key(|r| r.0);
    let mut out: Vec<(i64, u64)> = Vec::with_capacity(v.len());
    for (t, n) in v {
        match out.last_mut() {
            Some(last) if last.0 == t => last.1 += n,
            _ => out.push((t, n)),
        }
    }
    out
}

/// Two-pointer pass over windows `[t, t + width)` starting at each run:
/// `(peak, peak_start, alert_start)`.
fn scan(runs: &[(i64, u64)], spec: Spec) -> (u64, i64, Option<i64>) {
    let mut peak = 0;
    let mut peak_start = runs.first().map_or(0, |r| r.0);
    let mut alert = None;
    let mut j = 0;
    let mut sum = 0u64;
    for i in 0..runs.len() {
        let end = runs[i].0.saturating_add(spec.width);
        while j < runs.len() && runs[j].0 < end {
            sum += runs[j].1;
            j += 1;
        }
        if sum > peak {
            peak = sum;
            peak_start = runs[i].0;
        }
        if alert.is_none() && sum >= spec.threshold {
            alert = Some(runs[i].0);
        }
        sum -= runs[i].1;
    }
    (peak, peak_start, alert)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Spec = Spec {
        width: 60,
        threshold: 3,
    };

    fn w(ts: &[i64]) -> Window {
        Window::from_times(ts.iter().map(|&t| (t, 1)).collect(), S).unwrap()
    }

    #[test]
    fn peak_and_alert_in_one_set() {
        let x = w(&[0, 100, 130, 150, 159, 400]);
        assert_eq!((x.count, x.first, x.last), (6, 0, 400));
        assert_eq!((x.peak, x.peak_start, x.alert_start), (4, 100, Some(100)));
        assert!(Window::from_times(vec![], S).is_none());
    }

    #[test]
    fn a_window_straddling_two_chunks_is_found() {
        let a = w(&[0, 1000, 1050]);
        let b = w(&[1055, 1059, 5000]);
        assert_eq!(a.alert_start, None);
        assert_eq!(b.alert_start, None);
        let m = a.clone().merge(b.clone(), S);
        assert_eq!((m.peak, m.peak_start, m.alert_start), (4, 1000, Some(1000)));
        assert_eq!(m, b.merge(a, S), "merge is symmetric");
        assert_eq!(m, w(&[0, 1000, 1050, 1055, 1059, 5000]));
    }

    #[test]
    fn memory_is_bounded_by_the_window_not_the_events() {
        let x = w(&(0..100_000).collect::<Vec<_>>());
        assert!(x.kept_runs() <= 2 * (2 * 60 + 1), "{}", x.kept_runs());
        assert_eq!((x.count, x.peak), (100_000, 60));
    }
}
