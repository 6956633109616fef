//! `barraiser secrets PATH...`: walk, scan in parallel, drop what the
//! baseline knows, report. The engine is the `secrets` crate.

use crate::cli::Global;
use crate::output::{self, OutputArgs, ReportMeta};
use crate::{io, Fail, Outcome};
use clap::Args;
use report::{Finding, Severity};
use secrets::walk::{self, TreeScan, WalkOptions};
use secrets::{Config, Engine};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    barraiser secrets .\n  \
    barraiser secrets ~/src ~/.aws --no-ignore              # include .gitignored files such as .env\n  \
    barraiser secrets . --keyword internal_key --keyword hmac\n  \
    barraiser secrets . --mentions --format md              # every line naming a keyword\n  \
    barraiser secrets . --format sarif -o secrets.sarif     # for GitHub code scanning\n  \
    barraiser secrets . --write-baseline .secrets-baseline.json\n  \
    barraiser secrets . --baseline .secrets-baseline.json   # CI fails only on new secrets\n\n\
    Values are redacted in every output and baseline: the first characters\n\
    and the length (AKIA…(20)), never the value.\n\n\
    Silence a line with a comment on it or on the line above:\n  \
    TEST_KEY = \"...\"  # barraiser: allow-secret test fixture\n\n\
    Rules: barraiser secrets --list-rules")]
pub struct SecretsArgs {
    /// Files or directories to scan (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Add a keyword to the default list (case-insensitive; repeatable).
    #[arg(long = "keyword", short = 'k', value_name = "WORD")]
    pub keywords: Vec<String>,
    /// Use only the --keyword words, not the default list.
    #[arg(long)]
    pub no_default_keywords: bool,
    /// Also report every line that mentions a keyword (info severity).
    #[arg(long)]
    pub mentions: bool,
    /// Run only these rules (repeatable; see --list-rules).
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Ignore findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings (fingerprints, no values) in FILE.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Skip files larger than this many bytes (listed in the summary).
    #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Also scan files excluded by .gitignore, .ignore and git excludes.
    #[arg(long)]
    pub no_ignore: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    /// List the rules and exit.
    #[arg(long)]
    pub list_rules: bool,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(global: &Global, a: &SecretsArgs) -> Result<Outcome, Fail> {
    let mut keywords: Vec<String> = if a.no_default_keywords {
        vec![]
    } else {
        secrets::DEFAULT_KEYWORDS
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    keywords.extend(a.keywords.iter().cloned());
    let engine = Engine::new(&Config {
        keywords,
        mentions: a.mentions,
        only_rules: a.rules.clone(),
    })
    .map_err(|e| Fail(e.to_string()))?;

    if a.list_rules {
        let mut s = String::new();
        for r in secrets::rules::all().iter().map(|r| r.info()) {
            s.push_str(&format!(
                "{:<22} {:<9} CWE-{:<8} {}\n",
                r.id,
                r.severity.as_str(),
                r.cwe
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join("/"),
                r.finds
            ));
        }
        io::emit(a.out.output.as_deref(), &s)?;
        return Ok(Outcome::Clean);
    }

    let roots: Vec<PathBuf> = if a.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        a.paths.clone()
    };
    for r in &roots {
        if std::fs::symlink_metadata(r).is_err() {
            return Err(Fail(format!(
                "{}: no such file or directory\n  help: pass files or directories that exist",
                r.display()
            )));
        }
    }
    let baseline = match &a.baseline {
        Some(p) => {
            let bytes = io::read_input(p, 256 << 20)?;
            Some(
                secrets::baseline::Baseline::parse(&p.display().to_string(), &bytes)
                    .map_err(|d| Fail(d.to_string()))?,
            )
        }
        None => None,
    };

    let start = Instant::now();
    let show_progress = !global.no_progress && !global.quiet && std::io::stderr().is_terminal();
    let bar = show_progress.then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} scanning {pos} files, {msg}")
                .expect("valid template"),
        );
        b.enable_steady_tick(std::time::Duration::from_millis(120));
        b
    });
    let bytes_seen = AtomicU64::new(0);
    let opts = WalkOptions {
        max_file_size: a.max_file_size,
        no_ignore: a.no_ignore,
        threads: a.jobs.unwrap_or(0),
    };
    let on_file = |n: u64| {
        let total = bytes_seen.fetch_add(n, Ordering::Relaxed) + n;
        if let Some(b) = &bar {
            b.inc(1);
            if b.position() % 64 == 0 {
                b.set_message(format!("{} MB", total >> 20));
            }
        }
    };
    let mut scan = walk::scan_tree(&engine, &roots, &opts, &on_file);
    if let Some(b) = bar {
        b.finish_and_clear();
    }

    if let Some(p) = &a.write_baseline {
        io::write_atomic(p, &scan.baseline().to_json())?;
    }
    let baselined = match &baseline {
        Some(b) => scan.apply_baseline(&b.fingerprints()),
        None => 0,
    };
    let findings = scan.findings();
    let secs = start.elapsed().as_secs_f64();

    let meta = ReportMeta {
        title: "barraiser secrets",
        rules: engine.rules().map(|r| r.sarif_meta()).collect(),
        summary: summary_json(&scan, baselined),
        text_header: String::new(),
    };
    let text = output::render(&a.out, &meta, &findings)?;
    let outcome = output::finish(&a.out, &text, &findings)?;
    if !global.quiet {
        for s in scan
            .skipped
            .iter()
            .filter(|s| s.reason == walk::SkipReason::Unreadable)
            .take(10)
        {
            eprintln!("{}: cannot read: {}", s.path, s.detail);
        }
        if !scan.lossy.is_empty() {
            eprintln!(
                "note: {} file(s) are not valid UTF-8 and were scanned as bytes (first: {})",
                scan.lossy.len(),
                scan.lossy[0]
            );
        }
        eprintln!("{}", summary_line(&scan, &findings, secs, baselined));
    }
    Ok(outcome)
}

fn summary_json(scan: &TreeScan, baselined: usize) -> serde_json::Value {
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, h) in &scan.hits {
        *by_rule.entry(h.rule.id).or_default() += 1;
    }
    serde_json::json!({
        "files": scan.files,
        "bytes": scan.bytes,
        "lines": scan.lines,
        "by_rule": by_rule,
        "suppressed": scan.suppressed,
        "baselined": baselined,
        "not_utf8": scan.lossy,
        "skipped": scan.skipped.iter().map(|s| serde_json::json!({
            "path": s.path, "reason": s.reason.label(), "detail": s.detail,
        })).collect::<Vec<_>>(),
    })
}

fn summary_line(scan: &TreeScan, findings: &[Finding], secs: f64, baselined: usize) -> String {
    let mut by_sev: BTreeMap<Severity, usize> = BTreeMap::new();
    for f in findings {
        *by_sev.entry(f.severity).or_default() += 1;
    }
    let sev: Vec<String> = by_sev
        .iter()
        .rev()
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut s = format!(
        "scanned {} ({:.1} MB, {}) in {secs:.2}s: {}{}",
        plural(scan.files, "file", "files"),
        scan.bytes as f64 / 1_048_576.0,
        plural(scan.lines, "line", "lines"),
        plural(findings.len(), "secret", "secrets"),
        if sev.is_empty() {
            String::new()
        } else {
            format!(" ({})", sev.join(", "))
        }
    );
    let mut skips: BTreeMap<&str, usize> = BTreeMap::new();
    for k in &scan.skipped {
        *skips.entry(k.reason.label()).or_default() += 1;
    }
    if !skips.is_empty() {
        let parts: Vec<String> = skips.iter().map(|(k, n)| format!("{n} {k}")).collect();
        s.push_str(&format!("; skipped {}", parts.join(", ")));
    }
    if scan.suppressed > 0 {
        s.push_str(&format!("; {} allowed inline", scan.suppressed));
    }
    if baselined > 0 {
        s.push_str(&format!("; {baselined} in the baseline"));
    }
    s
}
