//! `secrets`: find credentials committed to a tree.
//!
//! Detectors for AWS keys, private keys, GitHub, Slack and Stripe tokens,
//! JWTs, passwords in URLs, high-entropy assignments and keywords, one
//! rule file each in [`rules`].
//!
//! How a file is scanned, so that most lines cost one pass:
//! 1. one Aho-Corasick pass (ASCII case-insensitive) finds every literal
//!    anchor of every rule (`AKIA`, `ghp_`, `-----BEGIN `, `://`, the
//!    keywords, ...);
//! 2. one table-driven pass finds runs of 20 or more base64/hex characters,
//!    the only lines the entropy rules look at;
//! 3. only the lines found in 1 and 2 go to the rules that asked for them.
//!
//! Values never leave the engine in clear: a [`Hit`] holds a [`Secret`],
//! which prints redacted, and findings and baselines carry only the
//! redaction and a hash.
//!
//! The engine is a pure library: no terminal I/O, typed errors.

pub mod baseline;
pub mod rules;
pub mod secret;
pub mod walk;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use report::{Category, Confidence, Evidence, Finding, Location, Remediation, Severity, Span};
use rules::{Candidate, FileCtx, FileKind, Line, Rule, RuleInfo};
pub use secret::Secret;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Keywords searched by default (case-insensitive).
pub const DEFAULT_KEYWORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "secret",
    "api_key",
    "apikey",
    "api-key",
    "token",
    "access_key",
    "accesskey",
    "private_key",
    "privatekey",
    "credential",
];

/// The inline marker that silences findings on its line, or on the next
/// line when the marker sits in a comment line of its own.
pub const ALLOW_MARKER: &str = "barraiser: allow-secret";

/// Lines longer than this are examined in windows around each anchor, so
/// a minified bundle or a 1 GB line costs time in proportion to its
/// anchors, not its length squared.
const LONG_LINE: usize = 64 * 1024;
const WINDOW: usize = 2048;
/// The shortest token the entropy rules consider.
pub const MIN_TOKEN: usize = 20;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown rule `{0}`; see --list-rules")]
    UnknownRule(String),
    #[error("keyword `{0}` is empty or has spaces; pass one word per --keyword")]
    BadKeyword(String),
}

/// What to look for.
#[derive(Debug, Clone)]
pub struct Config {
    /// Keywords (any case); extra ones are added to these.
    pub keywords: Vec<String>,
    /// Report every line mentioning a keyword (rule `keyword-mention`),
    /// not only keyword assignments.
    pub mentions: bool,
    /// Only these rule ids (empty: all, except `keyword-mention` unless
    /// `mentions`).
    pub only_rules: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            keywords: DEFAULT_KEYWORDS.iter().map(|s| s.to_string()).collect(),
            mentions: false,
            only_rules: vec![],
        }
    }
}

/// A compiled scanner; cheap to share across threads.
pub struct Engine {
    rules: Vec<&'static dyn Rule>,
    /// Every anchor, leftmost-first: the fast whole-file pass.
    ac: AhoCorasick,
    /// The same anchors, overlapping: re-run on the few anchored segments
    /// so an anchor hidden inside another still sends its rule the line.
    ac_all: AhoCorasick,
    /// For each pattern: the bit mask of rules it feeds.
    pattern_rules: Vec<u32>,
    /// Rules that see every line with a long token run.
    run_rules: u32,
    /// Patterns that are AWS access key id anchors (their lines give the
    /// secret-key rule its context).
    aws_patterns: Vec<usize>,
    keywords: Vec<String>,
}

/// A secret found: where, by which rule, and the (redacted) context.
#[derive(Debug)]
pub struct Hit {
    pub rule: &'static RuleInfo,
    pub line: u32,
    /// 1-based character columns, end exclusive.
    pub column: u32,
    pub end_column: u32,
    pub severity: Severity,
    pub confidence: Confidence,
    pub secret: Secret,
    /// "AWS access key id" etc.
    pub what: String,
    /// The line with every flagged value on it redacted.
    pub excerpt: String,
}

/// The result of scanning one file.
#[derive(Debug, Default)]
pub struct FileScan {
    pub hits: Vec<Hit>,
    pub lines: usize,
    /// Hits silenced by an inline allow comment.
    pub suppressed: usize,
    /// The file was not valid UTF-8 (it was scanned as bytes).
    pub lossy: bool,
}

impl Engine {
    pub fn new(cfg: &Config) -> Result<Engine, Error> {
        let mut keywords: Vec<String> = Vec::new();
        for k in &cfg.keywords {
            let k = k.trim().to_ascii_lowercase();
            if k.is_empty() || k.chars().any(char::is_whitespace) {
                return Err(Error::BadKeyword(k));
            }
            if !keywords.contains(&k) {
                keywords.push(k);
            }
        }
        let all = rules::all();
        for id in &cfg.only_rules {
            if !all.iter().any(|r| r.info().id == id) {
                return Err(Error::UnknownRule(id.clone()));
            }
        }
        let rules: Vec<&'static dyn Rule> = all
            .into_iter()
            .filter(|r| {
                let id = r.info().id;
                if cfg.only_rules.is_empty() {
                    id != rules::keyword::MENTION.id || cfg.mentions
                } else {
                    cfg.only_rules.iter().any(|o| o == id)
                }
            })
            .collect();
        let mut patterns: BTreeMap<String, u32> = BTreeMap::new();
        let mut run_rules = 0u32;
        for (i, r) in rules.iter().enumerate() {
            for a in r.anchors(&keywords) {
                *patterns.entry(a.to_ascii_lowercase()).or_default() |= 1 << i;
            }
            if r.wants_token_runs() {
                run_rules |= 1 << i;
            }
        }
        // The access-key anchors also give the secret-key rule its context,
        // so keep them even when only that rule runs.
        for a in rules::aws_access_key::ANCHORS {
            patterns.entry(a.to_ascii_lowercase()).or_default();
        }
        let (pats, masks): (Vec<String>, Vec<u32>) = patterns.into_iter().unzip();
        let aws_patterns = rules::aws_access_key::ANCHORS
            .iter()
            .filter_map(|a| pats.iter().position(|p| *p == a.to_ascii_lowercase()))
            .collect();
        // Both automata run on ASCII-lowercased text with lowercase
        // patterns: case-sensitive matching keeps the SIMD (Teddy)
        // prefilter, which ASCII-case-insensitive matching of this many
        // patterns loses.
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&pats)
            .expect("literal anchors always compile");
        let ac_all = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&pats)
            .expect("literal anchors always compile");
        Ok(Engine {
            rules,
            ac,
            ac_all,
            pattern_rules: masks,
            run_rules,
            aws_patterns,
            keywords,
        })
    }

    pub fn rules(&self) -> impl Iterator<Item = &'static RuleInfo> + '_ {
        self.rules.iter().map(|r| r.info())
    }

    /// Scan one file's bytes. Never panics on any input; non-UTF-8 bytes
    /// are scanned as bytes and shown lossily.
    pub fn scan_bytes(&self, path: &str, bytes: &[u8]) -> FileScan {
        let lines = if bytes.is_empty() {
            0
        } else {
            memchr::memchr_iter(b'\n', bytes).count() + usize::from(bytes.last() != Some(&b'\n'))
        };
        let lossy = std::str::from_utf8(bytes).is_err();
        let kind = FileKind::of(path);

        // 1. Anchors: one pass over the lowercased text; group by segment
        // (a line, or a window of a long line) with the mask of rules.
        let folded = bytes.to_ascii_lowercase();
        let mut segs: Vec<Seg> = Vec::new();
        let mut aws_offsets: Vec<usize> = Vec::new();
        for m in self.ac.find_iter(&folded) {
            let p = m.pattern().as_usize();
            if self.aws_patterns.contains(&p) {
                aws_offsets.push(m.start());
            }
            let mask = self.pattern_rules[p];
            if mask != 0 {
                push_segment(&mut segs, bytes, m.start(), mask, true);
            }
        }
        // 2. Long token runs for the entropy rules.
        if self.run_rules != 0 {
            let mut runs: Vec<Seg> = Vec::new();
            for_each_token_run(bytes, |s| {
                push_segment(&mut runs, bytes, s, self.run_rules, false)
            });
            segs = merge_segments(segs, runs);
        }
        let mut hits = Vec::new();
        let mut suppressed = 0;
        if segs.is_empty() {
            return FileScan {
                hits,
                lines,
                suppressed,
                lossy,
            };
        }
        // Anchored segments: the overlapping pass completes their masks.
        for seg in segs.iter_mut().filter(|s| s.anchored) {
            for m in self
                .ac_all
                .find_overlapping_iter(&folded[seg.start..seg.end])
            {
                seg.mask |= self.pattern_rules[m.pattern().as_usize()];
            }
        }
        // Line numbers, counted incrementally in offset order.
        let mut counter = LineCounter::new(bytes);
        let mut aws_key_lines: Vec<u32> = Vec::new();
        {
            let mut c = LineCounter::new(bytes);
            for &o in &aws_offsets {
                aws_key_lines.push(c.line_of(o));
            }
        }
        aws_key_lines.dedup();
        let cx = FileCtx {
            path,
            bytes,
            kind,
            aws_key_lines,
            keywords: &self.keywords,
        };
        let mut cands: Vec<Candidate> = Vec::new();
        for &Seg {
            start, end, mask, ..
        } in &segs
        {
            let number = counter.line_of(start);
            let line = Line {
                text: &bytes[start..end],
                offset: start,
                number,
            };
            cands.clear();
            for (i, r) in self.rules.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    r.scan(&cx, line, &mut cands);
                }
            }
            if cands.is_empty() {
                continue;
            }
            let line_start = line_start(bytes, start);
            let line_end = line_end(bytes, start);
            let full = &bytes[line_start..line_end];
            // Redact the union of every candidate's range, kept or not,
            // and any other copy of a value on the line (`KEY=v # v`).
            let mut ranges: Vec<(usize, usize)> = cands
                .iter()
                .map(|c| (start - line_start + c.start, start - line_start + c.end))
                .collect();
            for c in &cands {
                let v = &line.text[c.start..c.end];
                if v.len() >= 4 {
                    for p in memchr::memmem::find_iter(full, v) {
                        ranges.push((p, p + v.len()));
                    }
                }
            }
            // Every value as text, longest first, for a last textual pass:
            // different invalid UTF-8 bytes decode to the same text, so a
            // byte search alone could leave a lossy copy visible.
            let mut values: Vec<(String, String)> = cands
                .iter()
                .filter(|c| c.secret.len() >= 4)
                .map(|c| (c.secret.expose().to_string(), c.secret.redacted()))
                .collect();
            values.sort_by_key(|v| std::cmp::Reverse(v.0.len()));
            let allowed = is_allowed(bytes, line_start, line_end);
            let kept = dedupe(std::mem::take(&mut cands));
            for c in kept {
                if allowed {
                    suppressed += 1;
                    continue;
                }
                let (ss, se) = c.span.unwrap_or((c.start, c.end));
                let abs_start = start + ss;
                let abs_end = start + se;
                let column = char_count(&bytes[line_start..abs_start]) + 1;
                let end_column = column + char_count(&bytes[abs_start..abs_end]);
                let mut excerpt = excerpt(
                    full,
                    &ranges,
                    abs_start - line_start,
                    &cands_redactions(full, &ranges),
                );
                for (v, red) in &values {
                    if excerpt.contains(v.as_str()) {
                        excerpt = excerpt.replace(v.as_str(), red);
                    }
                }
                hits.push(Hit {
                    rule: c.rule,
                    line: number,
                    column: column as u32,
                    end_column: end_column as u32,
                    severity: c.severity,
                    confidence: c.confidence,
                    secret: c.secret,
                    what: c.what,
                    excerpt,
                });
            }
        }
        hits.sort_by(|a, b| (a.line, a.column, a.rule.id).cmp(&(b.line, b.column, b.rule.id)));
        // Two windows of one long line can see the same value.
        hits.dedup_by(|a, b| a.line == b.line && a.column == b.column && a.rule.id == b.rule.id);
        FileScan {
            hits,
            lines,
            suppressed,
            lossy,
        }
    }
}

/// A stretch of a file the rules in `mask` look at.
#[derive(Debug, Clone, Copy)]
struct Seg {
    start: usize,
    end: usize,
    mask: u32,
    /// Holds an anchor (as opposed to only a token run).
    anchored: bool,
}

/// Remember the segment holding offset `at`: its whole line, or a window
/// around `at` when the line is very long. Calls come in increasing `at`
/// order; a hit inside (or touching) the last segment extends it.
fn push_segment(segs: &mut Vec<Seg>, bytes: &[u8], at: usize, mask: u32, anchored: bool) {
    if let Some(last) = segs.last_mut() {
        if at <= last.end {
            last.mask |= mask;
            last.anchored |= anchored;
            return;
        }
    }
    let ls = line_start(bytes, at);
    let le = line_end(bytes, at);
    let (s, e) = if le - ls <= LONG_LINE {
        (ls, le)
    } else {
        (at.saturating_sub(WINDOW).max(ls), (at + WINDOW).min(le))
    };
    if let Some(last) = segs.last_mut() {
        if s <= last.end {
            last.end = last.end.max(e);
            last.mask |= mask;
            last.anchored |= anchored;
            return;
        }
    }
    segs.push(Seg {
        start: s,
        end: e,
        mask,
        anchored,
    });
}

/// Merge two ordered segment lists, joining overlapping segments.
fn merge_segments(a: Vec<Seg>, b: Vec<Seg>) -> Vec<Seg> {
    if a.is_empty() {
        return b;
    }
    let mut all = a;
    all.extend(b);
    all.sort_unstable_by_key(|s| s.start);
    let mut out: Vec<Seg> = Vec::with_capacity(all.len());
    for s in all {
        match out.last_mut() {
            Some(last) if s.start <= last.end => {
                last.end = last.end.max(s.end);
                last.mask |= s.mask;
                last.anchored |= s.anchored;
            }
            _ => out.push(s),
        }
    }
    out
}

fn line_start(bytes: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |p| p + 1)
}

fn line_end(bytes: &[u8], at: usize) -> usize {
    let e = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |p| at + p);
    if e > 0 && e > line_start(bytes, at) && bytes[e - 1] == b'\r' {
        e - 1
    } else {
        e
    }
}

struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            pos: 0,
            line: 1,
        }
    }
    /// Line of `at`; calls must come in increasing `at` order.
    fn line_of(&mut self, at: usize) -> u32 {
        if at >= self.pos {
            self.line += memchr::memchr_iter(b'\n', &self.bytes[self.pos..at]).count() as u32;
        } else {
            self.line -= memchr::memchr_iter(b'\n', &self.bytes[at..self.pos]).count() as u32;
        }
        self.pos = at;
        self.line
    }
}

/// Table of bytes that make up base64, base64url and hex tokens.
static TOKEN: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric()
            || b == b'+'
            || b == b'/'
            || b == b'='
            || b == b'_'
            || b == b'-';
        i += 1;
    }
    t
};

pub(crate) fn is_token(b: u8) -> bool {
    TOKEN[b as usize]
}

/// Call `f` with the start of every run of [`MIN_TOKEN`] or more token
/// bytes.
fn for_each_token_run(bytes: &[u8], mut f: impl FnMut(usize)) {
    for_each_run(bytes, MIN_TOKEN, |b| TOKEN[b as usize], |s, _| f(s));
}

/// Call `f(start, end)` for every maximal run of at least `min` bytes of
/// `class`. Skips ahead like Boyer-Moore: a run of `min` starting anywhere
/// in `i..i+min` must cover byte `i+min-1`, so when that byte is outside
/// the class the next `min` positions are skipped unread. Typical source
/// text has short words, so most bytes are never looked at.
pub(crate) fn for_each_run(
    bytes: &[u8],
    min: usize,
    class: impl Fn(u8) -> bool,
    mut f: impl FnMut(usize, usize),
) {
    let n = bytes.len();
    let min = min.max(1);
    // Invariant: i == 0 or bytes[i - 1] is outside the class.
    let mut i = 0;
    while i + min <= n {
        let probe = i + min - 1;
        if !class(bytes[probe]) {
            i = probe + 1;
            continue;
        }
        let mut s = probe;
        while s > i && class(bytes[s - 1]) {
            s -= 1;
        }
        let mut e = probe + 1;
        while e < n && class(bytes[e]) {
            e += 1;
        }
        if e - s >= min {
            f(s, e);
        }
        i = e + 1;
    }
}

fn char_count(b: &[u8]) -> usize {
    b.iter().filter(|&&c| (c & 0xC0) != 0x80).count()
}

/// An allow marker on the line or on the line above.
fn is_allowed(bytes: &[u8], ls: usize, le: usize) -> bool {
    let finder = memchr::memmem::Finder::new(ALLOW_MARKER);
    if finder.find(&bytes[ls..le]).is_some() {
        return true;
    }
    if ls == 0 {
        return false;
    }
    // The line above counts only when it is a comment and nothing else,
    // so a marker after code silences that line alone.
    let prev_end = ls - 1;
    let prev_start = line_start(bytes, prev_end);
    let prev = bytes[prev_start..prev_end].trim_ascii_start();
    let comment = [
        &b"#"[..],
        b"//",
        b"--",
        b";",
        b"/*",
        b"*",
        b"<!--",
        b"%",
        b"'",
        b"rem ",
    ]
    .iter()
    .any(|c| prev.starts_with(c));
    comment && finder.find(prev).is_some()
}

/// Keep the most specific candidate where ranges overlap.
fn dedupe(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by_key(|c| (c.rule.priority, c.start));
    let mut kept: Vec<Candidate> = Vec::new();
    for c in cands {
        let clash = kept.iter().any(|k| {
            k.start < c.end
                && c.start < k.end
                && (k.rule.priority < c.rule.priority || k.rule.id == c.rule.id)
        });
        if !clash {
            kept.push(c);
        }
    }
    kept
}

fn cands_redactions(full: &[u8], ranges: &[(usize, usize)]) -> Vec<String> {
    ranges
        .iter()
        .map(|&(s, e)| {
            secret::redact(&String::from_utf8_lossy(
                &full[s.min(full.len())..e.min(full.len())],
            ))
        })
        .collect()
}

/// The line with every range redacted, trimmed and cut to about 160
/// characters around the hit at `focus`.
fn excerpt(full: &[u8], ranges: &[(usize, usize)], focus: usize, reds: &[String]) -> String {
    // Merge overlapping ranges; each merged range shows the redaction of
    // its widest member.
    let mut order: Vec<usize> = (0..ranges.len()).collect();
    order.sort_by_key(|&i| (ranges[i].0, std::cmp::Reverse(ranges[i].1)));
    let mut merged: Vec<(usize, usize, usize)> = Vec::new(); // start, end, idx of widest
    for i in order {
        let (s, e) = ranges[i];
        if s >= e {
            continue;
        }
        if let Some(last) = merged.last_mut() {
            if s < last.1 {
                if e > last.1 {
                    last.1 = e;
                }
                continue;
            }
        }
        merged.push((s, e, i));
    }
    // Cut a window around the focus first (in bytes), then redact.
    let lo = focus.saturating_sub(80);
    let hi = (focus + 120).min(full.len());
    let lo = merged
        .iter()
        .find(|m| m.0 < lo && lo < m.1)
        .map_or(lo, |m| m.0);
    let hi = merged
        .iter()
        .find(|m| m.0 < hi && hi < m.1)
        .map_or(hi, |m| m.1);
    let mut out: Vec<u8> = Vec::new();
    let mut pos = lo;
    for &(s, e, i) in &merged {
        if e <= lo || s >= hi {
            continue;
        }
        out.extend_from_slice(&full[pos..s]);
        out.extend_from_slice(reds[i].as_bytes());
        pos = e;
    }
    if pos < hi {
        out.extend_from_slice(&full[pos..hi]);
    }
    let mut s = String::from_utf8_lossy(&out)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string();
    if lo > 0 {
        s.insert_str(0, "… ");
    }
    if hi < full.len() {
        s.push_str(" …");
    }
    s
}

impl Hit {
    /// The baseline identity: rule, path and the hash of the value. No
    /// line number, so it survives lines moving.
    pub fn fingerprint(&self, path: &str) -> String {
        format!(
            "{}:{}:{}",
            self.rule.id,
            path,
            self.secret.hash(self.rule.id)
        )
    }

    /// The report shape. `id_suffix` disambiguates two hits of one rule
    /// on one line.
    pub fn to_finding(&self, path: &str, id_suffix: Option<u32>) -> Finding {
        let span = Span {
            path: path.to_string(),
            start_line: self.line,
            start_column: self.column,
            end_line: Some(self.line),
            end_column: Some(self.end_column),
        };
        let location = Location::File(span);
        let mut id = Finding::stable_id(self.rule.id, &location);
        if let Some(c) = id_suffix {
            id.push_str(&format!(":{c}"));
        }
        let r = self.rule;
        Finding {
            id,
            rule_id: r.id.to_string(),
            title: r.title.to_string(),
            message: format!("{} {} in {}", self.what, self.secret.redacted(), path),
            severity: self.severity,
            confidence: self.confidence,
            categories: r.cwe.iter().map(|&n| Category::Cwe(n)).collect(),
            location,
            evidence: Some(Evidence::Excerpt {
                text: self.excerpt.clone(),
            }),
            remediation: vec![Remediation {
                id: Arc::from(r.id),
                title: Arc::from(r.fix),
                service: Arc::from(r.service),
                parameter: Arc::from(r.parameter),
                metric: Arc::from(r.metric),
                in_place: false,
            }],
            impact: None,
        }
    }
}

#[cfg(test)]
mod tests;
