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
    pub const fn new() -> Capped {
        Capped {
            set: BTreeSet::new(),
            overflow: false,
        }
    }

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

/// Everything known about one source (client address) that a plain HTTP
/// request touches. Kept small (about 120 bytes): every request of a busy
/// site updates one of these, and every chunk merges tens of thousands of
/// them. The rarer login state lives behind [`Src::auth`].
#[derive(Debug, Clone)]
pub struct Src {
    pub first: LineRef,
    pub first_ts: i64,
    pub last_ts: i64,
    pub requests: u64,
    pub not_found_total: u64,
    nf_pending: Vec<(i64, u64)>,
    pub not_found: Option<Box<Window>>,
    /// First time each distinct path (hashed) got an error response.
    pub paths: HashMap<u64, i64>,
    auth: Option<Box<AuthSrc>>,
}

/// Login state of one source: only sources that failed or passed a login
/// have one.
#[derive(Debug, Clone)]
pub struct AuthSrc {
    fails_pending: Vec<(i64, u64)>,
    pub fails: Option<Window>,
    /// Users tried: failed logins and invalid-user probes.
    pub users: Capped,
    pub invalid: u64,
    pub successes: u64,
    pub success_users: Capped,
    pub last_success: Option<i64>,
}

static NO_AUTH: AuthSrc = AuthSrc {
    fails_pending: Vec::new(),
    fails: None,
    users: Capped::new(),
    invalid: 0,
    successes: 0,
    success_users: Capped::new(),
    last_success: None,
};

impl Src {
    fn new(at: LineRef, ts: i64) -> Src {
        Src {
            first: at,
            first_ts: ts,
            last_ts: ts,
            requests: 0,
            not_found_total: 0,
            nf_pending: Vec::new(),
            not_found: None,
            paths: HashMap::new(),
            auth: None,
        }
    }

    /// The login state (empty for sources that never logged in).
    pub fn auth(&self) -> &AuthSrc {
        self.auth.as_deref().unwrap_or(&NO_AUTH)
    }

    fn auth_mut(&mut self) -> &mut AuthSrc {
        self.auth.get_or_insert_with(|| Box::new(NO_AUTH.clone()))
    }

    fn merge(&mut self, o: Src, plan: &Plan) {
        self.first = self.first.min(o.first);
        self.first_ts = self.first_ts.min(o.first_ts);
        self.last_ts = self.last_ts.max(o.last_ts);
        self.requests += o.requests;
        match (&mut self.auth, o.auth) {
            (Some(a), Some(b)) => {
                let b = *b;
                a.fails = merge_win(a.fails.take(), b.fails, plan.brute_force.map(|c| c.spec()));
                a.users.merge(b.users);
                a.invalid += b.invalid;
                a.successes += b.successes;
                a.success_users.merge(b.success_users);
                a.last_success = a.last_success.max(b.last_success);
            }
            (a @ None, b) => *a = b,
            (Some(_), None) => {}
        }
        self.not_found = match (self.not_found.take(), o.not_found, plan.scan) {
            (Some(a), Some(b), Some(c)) => Some(Box::new(a.merge(*b, c.not_found_spec()))),
            (a, b, _) => a.or(b),
        };
        self.not_found_total += o.not_found_total;
        let mut paths = o.paths;
        if self.paths.len() < paths.len() {
            std::mem::swap(&mut self.paths, &mut paths);
        }
        merge_first_seen(&mut self.paths, paths);
    }
}

/// The key of a source: a canonical dotted-quad IPv4 address as its 32
/// bits (hashing and comparing a `u32` is much cheaper than a string, and
/// the text is rebuilt exactly from it), anything else as its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SrcKey {
    V4(u32),
    Name(Box<[u8]>),
}

impl SrcKey {
    /// The source as it was written in the log.
    pub fn bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        match self {
            SrcKey::V4(a) => {
                let [a, b, c, d] = a.to_be_bytes();
                std::borrow::Cow::Owned(format!("{a}.{b}.{c}.{d}").into_bytes())
            }
            SrcKey::Name(n) => std::borrow::Cow::Borrowed(n),
        }
    }

    /// For people: control characters escaped.
    pub fn show(&self) -> String {
        crate::event::show(&self.bytes())
    }
}

/// `a.b.c.d` with each part 0-255 written without leading zeros, so that
/// formatting the number gives back exactly the same bytes.
fn canonical_v4(b: &[u8]) -> Option<u32> {
    if b.len() < 7 || b.len() > 15 {
        return None;
    }
    let mut out: u32 = 0;
    let mut parts = 0;
    let mut i = 0;
    while i <= b.len() {
        let start = i;
        let mut n: u32 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            n = n * 10 + (b[i] - b'0') as u32;
            i += 1;
        }
        let len = i - start;
        if len == 0 || len > 3 || n > 255 || (len > 1 && b[start] == b'0') {
            return None;
        }
        out = (out << 8) | n;
        parts += 1;
        if i == b.len() {
            break;
        }
        if b[i] != b'.' || parts == 4 {
            return None;
        }
        i += 1;
    }
    (parts == 4).then_some(out)
}

/// Sources of one tally: an index from key to slot, and the records in a
/// vector (so growing the index moves 8-byte entries, not records).
///
/// While a chunk is read, the three fields every request updates (first
/// and last time, request count) live in the index entry itself, next to
/// the key, so a plain request costs one hash probe and touches one cache
/// line; the full record is only touched for logins and error responses.
/// [`Sources::seal`] folds them into the records.
#[derive(Debug, Default)]
pub struct Sources {
    v4: HashMap<u32, Entry>,
    names: HashMap<Box<[u8]>, Entry>,
    keys: Vec<SrcKey>,
    recs: Vec<Src>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    slot: u32,
    /// Requests since the last seal; its times are valid when it is not 0.
    requests: u64,
    first_ts: i64,
    last_ts: i64,
}

impl Entry {
    fn new(slot: usize) -> Entry {
        Entry {
            slot: slot as u32,
            requests: 0,
            first_ts: i64::MAX,
            last_ts: i64::MIN,
        }
    }
}

impl Sources {
    pub fn len(&self) -> usize {
        self.recs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&SrcKey, &Src)> {
        self.keys.iter().zip(&self.recs)
    }

    /// Count a request of `source` (created on first sight) and give its
    /// record's slot.
    fn hit(&mut self, source: &[u8], at: LineRef, ts: i64, w: u64) -> usize {
        let next = self.recs.len();
        let mut new = None;
        let e = match canonical_v4(source) {
            Some(a) => self.v4.entry(a).or_insert_with(|| {
                new = Some(SrcKey::V4(a));
                Entry::new(next)
            }),
            None => self.names.entry_ref(source).or_insert_with(|| {
                new = Some(SrcKey::Name(source.into()));
                Entry::new(next)
            }),
        };
        e.first_ts = e.first_ts.min(ts);
        e.last_ts = e.last_ts.max(ts);
        e.requests += w;
        let slot = e.slot as usize;
        if let Some(k) = new {
            self.keys.push(k);
            self.recs.push(Src::new(at, ts));
        }
        slot
    }

    /// Fold the per-request counters into the records.
    fn seal(&mut self) {
        for e in self.v4.values_mut().chain(self.names.values_mut()) {
            if e.requests > 0 {
                let s = &mut self.recs[e.slot as usize];
                s.first_ts = s.first_ts.min(e.first_ts);
                s.last_ts = s.last_ts.max(e.last_ts);
                s.requests += e.requests;
                *e = Entry::new(e.slot as usize);
            }
        }
    }

    fn index(&self, k: &SrcKey) -> Option<u32> {
        match k {
            SrcKey::V4(a) => self.v4.get(a).map(|e| e.slot),
            SrcKey::Name(n) => self.names.get(n).map(|e| e.slot),
        }
    }

    fn push(&mut self, k: SrcKey, s: Src) {
        let e = Entry::new(self.recs.len());
        match &k {
            SrcKey::V4(a) => {
                self.v4.insert(*a, e);
            }
            SrcKey::Name(n) => {
                self.names.insert(n.clone(), e);
            }
        }
        self.keys.push(k);
        self.recs.push(s);
    }

    fn merge(&mut self, o: Sources, plan: &Plan) {
        self.v4.reserve(o.v4.len());
        for (k, s) in o.keys.into_iter().zip(o.recs) {
            match self.index(&k) {
                Some(i) => self.recs[i as usize].merge(s, plan),
                None => self.push(k, s),
            }
        }
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
    pub sources: Sources,
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

    /// Count one event. The part every event runs is inlined into the
    /// parse loop; the per-source part (a hash probe) is a call made only
    /// for the events a detection reads.
    #[inline(always)]
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
        self.feed_source(plan, e, at, auth, scan, w);
    }

    #[inline(never)]
    fn feed_source(
        &mut self,
        plan: &Plan,
        e: &Event<'_>,
        at: LineRef,
        auth: Auth,
        scan: bool,
        w: u64,
    ) {
        let i = self.sources.hit(e.source, at, e.ts, w);
        let errored = scan && (e.status == 404 || (e.status >= 400 && !e.path.is_empty()));
        if auth == Auth::None && !errored {
            return;
        }
        let src = &mut self.sources.recs[i];
        match auth {
            Auth::Failure | Auth::InvalidUser => {
                let a = src.auth_mut();
                if auth == Auth::Failure {
                    a.fails_pending.push((e.ts, w));
                } else {
                    a.invalid += w;
                }
                a.users.insert(e.user);
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
                let a = src.auth_mut();
                a.successes += w;
                a.success_users.insert(e.user);
                a.last_success = a.last_success.max(Some(e.ts));
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
        self.sources.seal();
        for s in self.sources.recs.iter_mut() {
            if let Some(a) = s.auth.as_deref_mut() {
                if let Some(c) = plan.brute_force {
                    let w = Window::from_times(std::mem::take(&mut a.fails_pending), c.spec());
                    a.fails = merge_win(a.fails.take(), w, Some(c.spec()));
                } else {
                    a.fails_pending = Vec::new();
                }
            }
            if let Some(c) = plan.scan {
                let w = Window::from_times(std::mem::take(&mut s.nf_pending), c.not_found_spec());
                s.not_found = match (s.not_found.take(), w) {
                    (Some(a), Some(b)) => Some(Box::new(a.merge(b, c.not_found_spec()))),
                    (a, b) => a.or(b.map(Box::new)),
                };
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
        self.sources.merge(o.sources, plan);
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
    fn only_canonical_ipv4_becomes_a_number() {
        for ip in ["0.0.0.0", "10.19.130.180", "255.255.255.255", "1.2.3.4"] {
            let a = canonical_v4(ip.as_bytes()).expect(ip);
            assert_eq!(SrcKey::V4(a).bytes().as_ref(), ip.as_bytes());
        }
        for not in [
            "010.1.1.1",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "1.2.3.",
            ".1.2.3",
            "1..2.3",
            "1.2.3.4 ",
            "::1",
            "a.b.c.d",
            "1.2.3.1000",
            "",
        ] {
            assert_eq!(canonical_v4(not.as_bytes()), None, "{not}");
        }
    }

    #[test]
    fn sources_keep_names_and_numbers_apart() {
        let plan = Plan::all();
        let mut t = Tally::default();
        for (i, src) in ["1.2.3.4", "01.2.3.4", "1.2.3.4", "host.example"]
            .iter()
            .enumerate()
        {
            let e = Event::new(i as i64, src).http("GET", "/x", 404);
            t.feed(&plan, &e, LineRef::new(0, 0, i as u32 + 1));
        }
        t.seal(&plan);
        let mut got: Vec<(String, u64, i64, i64)> = t
            .sources
            .iter()
            .map(|(k, s)| (k.show(), s.requests, s.first_ts, s.last_ts))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("01.2.3.4".into(), 1, 1, 1),
                ("1.2.3.4".into(), 2, 0, 2),
                ("host.example".into(), 1, 3, 3)
            ]
        );
    }

    #[test]
    fn line_map_offsets_chunks() {
        let m = LineMap::new(&[((0, 1), 5), ((0, 0), 10), ((1, 0), 3)]);
        assert_eq!(m.resolve(LineRef::new(0, 1, 2)), 12);
        assert_eq!(m.resolve(LineRef::new(1, 0, 2)), 2);
    }
}
