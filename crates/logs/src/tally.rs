//! Per-key state that one chunk builds and any two chunks merge.
//!
//! A chunk appends timestamps to plain vectors while it reads (cheap), then
//! [`Tally::seal`] sorts them and folds them into [`Window`] summaries whose
//! size depends on the window, not on the number of events. Everything else
//! (counts, first line, capped user sets, per-path first-seen times, top-N
//! counters) merges by sum, min or union, so merging is commutative and
//! associative and rayon may combine chunks in any tree shape.

use crate::detect::Plan;
use crate::event::{Auth, Event};
use crate::window::Window;
use crate::{Analysis, FileReport, MalformedSample};
use hashbrown::HashMap;
use std::collections::BTreeSet;

/// Where an event was read: file index, chunk index within the file, and
/// 1-based line within the chunk. Turned into a file line once all chunks
/// are counted ([`Tally::finish`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineRef {
    pub file: u32,
    pub chunk: u32,
    pub line: u32,
}

impl LineRef {
    pub fn new(file: u32, chunk: u32, line: u32) -> LineRef {
        LineRef { file, chunk, line }
    }
}

/// How many names a capped set keeps: the `CAP` smallest, so the kept set
/// does not depend on the order chunks merge in.
pub const CAP: usize = 256;

/// A set of names that keeps the [`CAP`] smallest and remembers whether it
/// dropped any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capped {
    set: BTreeSet<Box<[u8]>>,
    overflow: bool,
}

impl Capped {
    pub fn insert(&mut self, v: &[u8]) {
        if v.is_empty() || self.set.contains(v) {
            return;
        }
        if self.set.len() >= CAP {
            self.overflow = true;
            if self.set.last().is_some_and(|l| **l < *v) {
                return;
            }
            self.set.pop_last();
        }
        self.set.insert(v.into());
    }

    pub fn merge(&mut self, other: Capped) {
        self.overflow |= other.overflow;
        for v in other.set {
            if self.set.len() >= CAP && self.set.last().is_some_and(|l| *l < v) {
                self.overflow = true;
                continue;
            }
            if self.set.insert(v) && self.set.len() > CAP {
                self.set.pop_last();
                self.overflow = true;
            }
        }
    }

    /// Distinct names seen, and whether that is a lower bound (capped).
    pub fn count(&self) -> (usize, bool) {
        (self.set.len(), self.overflow)
    }

    pub fn names(&self) -> impl Iterator<Item = &[u8]> {
        self.set.iter().map(|b| &**b)
    }
}

/// Everything known about one source (client address).
#[derive(Debug, Clone)]
pub struct Src {
    pub first: LineRef,
    pub first_ts: i64,
    pub last_ts: i64,
    pub requests: u64,
    fails_pending: Vec<(i64, u64)>,
    pub fails: Option<Window>,
    /// Users tried: failed logins and invalid-user probes.
    pub users: Capped,
    pub invalid: u64,
    pub successes: u64,
    pub success_users: Capped,
    pub last_success: Option<i64>,
    nf_pending: Vec<(i64, u64)>,
    pub not_found: Option<Window>,
    pub not_found_total: u64,
    /// First time each distinct path (hashed) got an error response.
    pub paths: HashMap<u64, i64>,
}

impl Src {
    fn new(at: LineRef, ts: i64) -> Src {
        Src {
            first: at,
            first_ts: ts,
            last_ts: ts,
            requests: 0,
            fails_pending: Vec::new(),
            fails: None,
            users: Capped::default(),
            invalid: 0,
            successes: 0,
            success_users: Capped::default(),
            last_success: None,
            nf_pending: Vec::new(),
            not_found: None,
            not_found_total: 0,
            paths: HashMap::new(),
        }
    }

    fn merge(&mut self, o: Src, plan: &Plan) {
        self.first = self.first.min(o.first);
        self.first_ts = self.first_ts.min(o.first_ts);
        self.last_ts = self.last_ts.max(o.last_ts);
        self.requests += o.requests;
        self.fails = merge_win(
            self.fails.take(),
            o.fails,
            plan.brute_force.map(|c| c.spec()),
        );
        self.users.merge(o.users);
        self.invalid += o.invalid;
        self.successes += o.successes;
        self.success_users.merge(o.success_users);
        self.last_success = self.last_success.max(o.last_success);
        self.not_found = merge_win(
            self.not_found.take(),
            o.not_found,
            plan.scan.map(|c| c.not_found_spec()),
        );
        self.not_found_total += o.not_found_total;
        let mut paths = o.paths;
        if self.paths.len() < paths.len() {
            std::mem::swap(&mut self.paths, &mut paths);
        }
        merge_first_seen(&mut self.paths, paths);
    }
}

fn merge_first_seen(into: &mut HashMap<u64, i64>, from: HashMap<u64, i64>) {
    for (k, v) in from {
        into.entry(k).and_modify(|t| *t = (*t).min(v)).or_insert(v);
    }
}

fn merge_win(
    a: Option<Window>,
    b: Option<Window>,
    spec: Option<crate::window::Spec>,
) -> Option<Window> {
    match (a, b, spec) {
        (Some(a), Some(b), Some(s)) => Some(a.merge(b, s)),
        (a, b, _) => a.or(b),
    }
}

/// Everything known about one user name (many sources against one user).
#[derive(Debug, Clone)]
pub struct Usr {
    pub first: LineRef,
    pub failures: u64,
    pub sources: Capped,
    pub first_ts: i64,
    pub last_ts: i64,
}

/// The state of one chunk, or of any number of merged chunks.
#[derive(Debug, Default)]
pub struct Tally {
    pub lines: u64,
    pub blank: u64,
    pub events: u64,
    pub malformed: u64,
    pub samples: Vec<(LineRef, &'static str, String)>,
    /// Lines per (file, chunk), to turn [`LineRef`]s into file lines.
    pub chunk_lines: Vec<((u32, u32), u64)>,
    pub first_ts: Option<i64>,
    pub last_ts: Option<i64>,
    pub sources: HashMap<Box<[u8]>, Src>,
    pub users: HashMap<Box<[u8]>, Usr>,
    pub top: HashMap<Box<[u8]>, u64>,
    pub top_matched: u64,
}

/// Malformed lines sampled per file into the summary.
pub const SAMPLES: usize = 5;

thread_local! {
    static PATH_HASH: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(path_seed());
}

/// One random seed per process for path hashes, shared by all threads so
/// that chunks agree, and unknown to whoever wrote the log.
fn path_seed() -> u64 {
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *SEED.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(0x5eed);
        h.finish()
    })
}

fn hash_path(p: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    PATH_HASH.with(|s| s.hash_one(p))
}

impl Tally {
    /// Record a line that did not parse.
    pub fn malformed(&mut self, at: LineRef, why: &'static str, line: &[u8]) {
        self.malformed += 1;
        if self.samples.len() < SAMPLES {
            self.samples
                .push((at, why, crate::event::show_cut(line, 160)));
        }
    }

    /// Count one event.
    pub fn feed(&mut self, plan: &Plan, e: &Event<'_>, at: LineRef) {
        self.events += 1;
        let w = e.weight.max(1) as u64;
        self.first_ts = Some(self.first_ts.map_or(e.ts, |t| t.min(e.ts)));
        self.last_ts = Some(self.last_ts.map_or(e.ts, |t| t.max(e.ts)));
        if let Some(top) = &plan.top {
            if top.matches(e) {
                self.top_matched += w;
                *self.top.entry_ref(top.key(e)).or_insert(0) += w;
            }
        }
        let auth = if plan.needs_auth() {
            plan.auth_of(e)
        } else {
            Auth::None
        };
        let scan = plan.scan.is_some() && e.status != 0;
        if auth == Auth::None && !scan {
            return;
        }
        let src = self
            .sources
            .entry_ref(e.source)
            .or_insert_with(|| Src::new(at, e.ts));
        src.first_ts = src.first_ts.min(e.ts);
        src.last_ts = src.last_ts.max(e.ts);
        src.requests += w;
        match auth {
            Auth::Failure | Auth::InvalidUser => {
                if auth == Auth::Failure {
                    src.fails_pending.push((e.ts, w));
                } else {
                    src.invalid += w;
                }
                src.users.insert(e.user);
                if plan.stuffing.is_some() && !e.user.is_empty() {
                    let u = self.users.entry_ref(e.user).or_insert_with(|| Usr {
                        first: at,
                        failures: 0,
                        sources: Capped::default(),
                        first_ts: e.ts,
                        last_ts: e.ts,
                    });
                    u.failures += w;
                    u.sources.insert(e.source);
                    u.first_ts = u.first_ts.min(e.ts);
                    u.last_ts = u.last_ts.max(e.ts);
                }
            }
            Auth::Success => {
                src.successes += w;
                src.success_users.insert(e.user);
                src.last_success = src.last_success.max(Some(e.ts));
            }
            Auth::None => {}
        }
        if scan {
            if e.status == 404 {
                src.nf_pending.push((e.ts, w));
                src.not_found_total += w;
            }
            // Paths answered with an error only: every 200 of normal traffic
            // would cost a map entry per (source, path) pair and flag every
            // crawler, while a word-list scan is almost all 4xx.
            if e.status >= 400 && !e.path.is_empty() {
                let h = hash_path(e.path);
                src.paths
                    .entry(h)
                    .and_modify(|t| *t = (*t).min(e.ts))
                    .or_insert(e.ts);
            }
        }
    }

    /// End of a chunk: fold the pending timestamps into window summaries.
    pub fn seal(&mut self, plan: &Plan) {
        for s in self.sources.values_mut() {
            if let Some(c) = plan.brute_force {
                let w = Window::from_times(std::mem::take(&mut s.fails_pending), c.spec());
                s.fails = merge_win(s.fails.take(), w, Some(c.spec()));
            } else {
                s.fails_pending = Vec::new();
            }
            if let Some(c) = plan.scan {
                let w = Window::from_times(std::mem::take(&mut s.nf_pending), c.not_found_spec());
                s.not_found = merge_win(s.not_found.take(), w, Some(c.not_found_spec()));
            } else {
                s.nf_pending = Vec::new();
            }
        }
    }

    /// Merge another (sealed) tally into this one.
    pub fn merge(mut self, mut o: Tally, plan: &Plan) -> Tally {
        if self.sources.len() < o.sources.len() {
            std::mem::swap(&mut self.sources, &mut o.sources);
        }
        if self.users.len() < o.users.len() {
            std::mem::swap(&mut self.users, &mut o.users);
        }
        if self.top.len() < o.top.len() {
            std::mem::swap(&mut self.top, &mut o.top);
        }
        self.lines += o.lines;
        self.blank += o.blank;
        self.events += o.events;
        self.malformed += o.malformed;
        self.samples.append(&mut o.samples);
        self.samples.sort_by_key(|s| s.0);
        self.chunk_lines.append(&mut o.chunk_lines);
        self.first_ts = min_opt(self.first_ts, o.first_ts);
        self.last_ts = self.last_ts.max(o.last_ts);
        self.top_matched += o.top_matched;
        for (k, v) in o.top {
            *self.top.entry(k).or_insert(0) += v;
        }
        for (k, v) in o.sources {
            match self.sources.get_mut(&k) {
                Some(s) => s.merge(v, plan),
                None => {
                    self.sources.insert(k, v);
                }
            }
        }
        for (k, v) in o.users {
            match self.users.get_mut(&k) {
                Some(u) => {
                    u.first = u.first.min(v.first);
                    u.failures += v.failures;
                    u.sources.merge(v.sources);
                    u.first_ts = u.first_ts.min(v.first_ts);
                    u.last_ts = u.last_ts.max(v.last_ts);
                }
                None => {
                    self.users.insert(k, v);
                }
            }
        }
        self
    }

    /// Resolve line references, run the detectors' verdicts and sort.
    pub fn finish(self, plan: &Plan, files: Vec<FileReport>) -> Analysis {
        let lines = LineMap::new(&self.chunk_lines);
        let place = |at: LineRef| -> (String, u64) {
            let name = files
                .get(at.file as usize)
                .map_or_else(|| "-".to_string(), |f| f.name.clone());
            (name, lines.resolve(at))
        };
        let mut malformed_samples: Vec<MalformedSample> = Vec::new();
        let mut per_file: std::collections::BTreeMap<u32, usize> = Default::default();
        for (at, why, excerpt) in &self.samples {
            let n = per_file.entry(at.file).or_insert(0);
            if *n >= SAMPLES {
                continue;
            }
            *n += 1;
            let (file, line) = place(*at);
            malformed_samples.push(MalformedSample {
                file,
                line,
                reason: why.to_string(),
                excerpt: excerpt.clone(),
            });
        }
        let brute_force = plan
            .brute_force
            .map(|_| crate::detect::brute_force::verdicts(&self, &place))
            .unwrap_or_default();
        let stuffing = plan
            .stuffing
            .map(|c| crate::detect::stuffing::verdicts(&self, c, &place))
            .unwrap_or_default();
        let scans = plan
            .scan
            .map(|c| crate::detect::scan::verdicts(&self, c, &place))
            .unwrap_or_default();
        let top = plan.top.as_ref().map(|c| crate::top::rows(&self, c));
        Analysis {
            files,
            lines: self.lines,
            events: self.events,
            malformed: self.malformed,
            malformed_samples,
            first_ts: self.first_ts,
            last_ts: self.last_ts,
            brute_force,
            stuffing,
            scans,
            top,
        }
    }
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Start line of every chunk of every file.
struct LineMap {
    start: std::collections::BTreeMap<(u32, u32), u64>,
}

impl LineMap {
    fn new(chunks: &[((u32, u32), u64)]) -> LineMap {
        let mut sorted = chunks.to_vec();
        sorted.sort();
        let mut start = std::collections::BTreeMap::new();
        let mut file = u32::MAX;
        let mut acc = 0;
        for ((f, c), n) in sorted {
            if f != file {
                file = f;
                acc = 0;
            }
            start.insert((f, c), acc);
            acc += n;
        }
        LineMap { start }
    }

    fn resolve(&self, at: LineRef) -> u64 {
        self.start.get(&(at.file, at.chunk)).copied().unwrap_or(0) + at.line as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_keeps_the_smallest_in_any_order() {
        let names: Vec<String> = (0..600).map(|i| format!("u{i:04}")).collect();
        let mut a = Capped::default();
        for n in &names {
            a.insert(n.as_bytes());
        }
        let mut b = Capped::default();
        let mut c = Capped::default();
        for n in names.iter().rev() {
            if n.ends_with('1') {
                b.insert(n.as_bytes())
            } else {
                c.insert(n.as_bytes())
            }
        }
        b.merge(c);
        assert_eq!(a, b);
        assert_eq!(a.count(), (CAP, true));
        assert_eq!(a.names().next(), Some(&b"u0000"[..]));
        let mut small = Capped::default();
        small.insert(b"x");
        small.insert(b"x");
        small.insert(b"");
        assert_eq!(small.count(), (1, false));
    }

    #[test]
    fn line_map_offsets_chunks() {
        let m = LineMap::new(&[((0, 1), 5), ((0, 0), 10), ((1, 0), 3)]);
        assert_eq!(m.resolve(LineRef::new(0, 1, 2)), 12);
        assert_eq!(m.resolve(LineRef::new(1, 0, 2)), 2);
    }
}
