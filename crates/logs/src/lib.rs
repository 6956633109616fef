//! `logs`: attack detection over access and authentication logs.
//!
//! Formats: Apache/Nginx common and combined, AWS ALB, CloudFront,
//! CloudTrail (`Records` files and JSON Lines) and OpenSSH `auth.log`
//! ([`parse`], one file per format), detected from the first lines or
//! given. Detections ([`detect`], one file each): `brute-force`,
//! `stuffing`, `scan`; and [`top`] group-bys (`top --status 404 -n 10`).
//!
//! # Design: streaming, parallel, bounded
//!
//! ```text
//! file ──► chunks of ~8 MiB cut at newlines ──► rayon: parse + Tally per chunk ──► seal ──► merge (tree) ──► verdicts
//!          (slices of an mmap, or blocks read       (no allocation per line         (sort the chunk's
//!           from gzip/stdin in batches)              except new keys)                timestamps once)
//! ```
//!
//! * **Input.** Plain files are memory-mapped and cut into chunks at
//!   newline boundaries; the chunks are slices, so nothing is copied and a
//!   2 GB file costs no heap. Gzip (detected by its magic bytes, any number
//!   of members) and standard input are read in blocks; a batch of blocks
//!   (two per core) is parsed in parallel, merged, then the next batch is
//!   read, so memory is a few blocks whatever the input size. A corrupt gzip
//!   member is reported and decoding resumes at the next member header.
//! * **Per chunk.** Each chunk has its own [`tally::Tally`]: counters and
//!   per-key maps (source address, user, top key). Failure and 404 times
//!   are appended to vectors during the chunk, then sorted and folded into
//!   [`window::Window`] summaries at the end of the chunk.
//! * **The per-request cost** is what sets the speed of `detect` on a busy
//!   site (tens of thousands of sources, every request counted): a source
//!   that is a canonical IPv4 address is keyed by its 32 bits (no string
//!   hash or compare; the text is rebuilt exactly for the report), the
//!   index entry itself holds the counters a plain request updates (first
//!   and last time, count), and the full per-source record (404 window,
//!   failing paths, and behind a box the rarer login state) is touched
//!   only by logins and error responses. The Combined parser skips cutting
//!   out the path and user agent when the plan does not read them (`top`
//!   by address, `brute-force`); lines are validated the same either way.
//! * **Sliding windows across chunks.** A window summary keeps the total,
//!   first/last time, the peak window, the first window that reached the
//!   threshold, and only the events within two window widths of its first
//!   and last event. Merging two summaries re-scans those kept events, which
//!   contain every window that straddles the chunk boundary in full. The
//!   result equals a sequential pass for any chunking as long as no event of
//!   a key is more than one window older than an event before it in the
//!   input: within a chunk any disorder is fine (the chunk is sorted), and
//!   rotated files may be given in any order (their time ranges do not
//!   overlap). A property test checks chunked == sequential for arbitrary
//!   chunk sizes.
//! * **Memory** is bounded by the number of distinct keys (sources, users,
//!   top keys, and for `scan`'s new-path signal, distinct (source, path)
//!   pairs stored as 64-bit hashes) times a constant set by the window, plus
//!   the chunks in flight. User-name sets keep the 256 smallest names so a
//!   spraying source cannot grow them without bound.
//! * **Bad input.** Lines that do not parse, or are longer than
//!   `max_line` (64 KiB by default), are counted as malformed and the first
//!   five per file are sampled with `file:line`. A binary file is refused
//!   when the format is auto-detected (and reported as an input error while
//!   the other files' report is still produced); a 1 GB line is skipped in
//!   constant memory. A last line without a newline is parsed like any other.
//! * **Untrusted text.** Keys from the log are shown with control
//!   characters escaped ([`event::show`]); query strings are dropped from
//!   paths (tokens live there); hash maps are randomly seeded so crafted keys
//!   cannot force collisions.

pub mod detect;
pub mod engine;
pub mod event;
pub mod parse;
pub mod tally;
pub mod time;
pub mod top;
pub mod window;

pub use detect::{
    brute_force, scan, stuffing, BruteForceConfig, BruteForceHit, Plan, ScanConfig, ScanHit,
    StuffingConfig, StuffingHit, StuffingKind,
};
pub use engine::{Analyzer, Options};
pub use event::{Auth, Event, Format, Malformed};
pub use top::{top_n, GroupBy, StatusFilter, TopConfig, TopResult, TopRow};

use report::{Diagnostic, Finding};
use serde::Serialize;

/// Input errors that stop the analysis of one file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Input(Diagnostic),
}

/// What happened to one input file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub name: String,
    pub format: Option<Format>,
    /// Bytes read (after decompression).
    pub bytes: u64,
    pub lines: u64,
    pub events: u64,
    pub malformed: u64,
    /// Problems that lost data (the file could not be read, was not a log,
    /// a gzip member was corrupt, a JSON document broke off). The report
    /// still covers everything read; the CLI exits 2.
    pub errors: Vec<Diagnostic>,
    /// Things to know that lost nothing (a last line without a newline).
    pub warnings: Vec<String>,
}

impl FileReport {
    pub fn named(name: &str) -> FileReport {
        FileReport {
            name: name.to_string(),
            format: None,
            bytes: 0,
            lines: 0,
            events: 0,
            malformed: 0,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// A line that did not parse, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MalformedSample {
    pub file: String,
    pub line: u64,
    pub reason: String,
    /// The start of the line, control characters escaped.
    pub excerpt: String,
}

/// The result of a run: per-file facts, detections, top rows.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub files: Vec<FileReport>,
    pub lines: u64,
    pub events: u64,
    pub malformed: u64,
    pub malformed_samples: Vec<MalformedSample>,
    #[serde(serialize_with = "opt_time")]
    pub first_ts: Option<i64>,
    #[serde(serialize_with = "opt_time")]
    pub last_ts: Option<i64>,
    pub brute_force: Vec<BruteForceHit>,
    pub stuffing: Vec<StuffingHit>,
    pub scans: Vec<ScanHit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top: Option<TopResult>,
}

fn opt_time<S: serde::Serializer>(t: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&time::format_rfc3339(*t)),
        None => s.serialize_none(),
    }
}

impl Analysis {
    /// The detections as findings, in a stable order (rule, then the order
    /// of each detector: successes first, then by size).
    pub fn findings(&self, plan: &Plan) -> Vec<Finding> {
        let mut out = Vec::new();
        if let Some(c) = plan.brute_force {
            out.extend(
                self.brute_force
                    .iter()
                    .map(|h| detect::brute_force::finding(h, c)),
            );
        }
        if plan.stuffing.is_some() {
            out.extend(self.stuffing.iter().map(detect::stuffing::finding));
        }
        if let Some(c) = plan.scan {
            out.extend(self.scans.iter().map(|h| detect::scan::finding(h, c)));
        }
        out
    }

    /// All input errors, in file order.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| f.errors.iter())
    }
}

/// Rule metadata for SARIF.
pub fn rules() -> Vec<report::sarif::RuleMeta> {
    let meta = |id: &str, name: &str, short: &str, doc: &str, sev, cwe: Vec<u32>| {
        report::sarif::RuleMeta {
            id: id.into(),
            name: name.into(),
            short_description: short.into(),
            full_description: doc.into(),
            help_markdown: doc.into(),
            default_severity: sev,
            tags: vec!["security".into(), "logs".into()],
            cwe,
        }
    };
    vec![
        meta(
            detect::brute_force::RULE,
            "BruteForce",
            "Many failed logins from one source within a sliding window",
            "A source failed to log in at least the threshold number of times within the window. \
             Block it, rate-limit logins per source (AWS WAF rate-based rule, fail2ban), disable SSH \
             password authentication and require MFA. A later success from the same source means a \
             guessed password: rotate it and review the sessions.",
            report::Severity::Medium,
            vec![307],
        ),
        meta(
            detect::stuffing::RULE,
            "CredentialStuffing",
            "One source trying many accounts, or one account tried from many sources",
            "Credential stuffing or distributed password guessing. Require MFA, throttle per account \
             as well as per source (AWS WAF Fraud Control ATP), reject breached passwords and reset \
             accounts that logged in from the source.",
            report::Severity::High,
            vec![307],
        ),
        meta(
            detect::scan::RULE,
            "ContentDiscoveryScan",
            "A burst of 404s or of new paths from one source",
            "A source walked a word list of paths. Block it, add AWS WAF managed rule groups (known bad \
             inputs, IP reputation, Bot Control) and check that none of the probed paths exist.",
            report::Severity::Low,
            vec![],
        ),
    ]
}
