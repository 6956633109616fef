//! `barraiser logs`: attack detection and top-N over access and auth logs.
//! Parsing, detection and the parallel streaming live in the `logs` crate;
//! this file reads the flags, runs it and renders the result.

use crate::cli::Global;
use crate::output::{self, OutputArgs, ReportMeta};
use crate::{io, Fail, Outcome};
use clap::{Args, Subcommand, ValueEnum};
use logs::{
    Analysis, Analyzer, BruteForceConfig, Format, GroupBy, Options, Plan, ScanConfig, StatusFilter,
    StuffingConfig, TopConfig,
};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct LogsArgs {
    #[command(subcommand)]
    pub cmd: LogsCmd,
}

#[derive(Debug, Subcommand)]
pub enum LogsCmd {
    /// Run every detection: brute force, credential stuffing and scans.
    #[command(after_help = "Examples:\n  \
        barraiser logs detect /var/log/nginx/access.log\n  \
        barraiser logs detect access.log.1 access.log.2.gz --format sarif -o logs.sarif\n  \
        barraiser logs detect /var/log/auth.log --year 2024 --fail-on high\n  \
        zcat old/*.gz | barraiser logs detect - --log-format combined\n\n\
        Formats (detected from the first lines, or --log-format): combined (Apache/Nginx common\n\
        and combined), alb, cloudfront, cloudtrail (Records files and JSON Lines), ssh (auth.log).\n\
        Gzip input is recognised by its magic bytes. Exit codes: 0 clean, 1 findings at or above\n\
        --fail-on, 2 usage or input error (the report is still written).")]
    Detect(DetectArgs),
    /// Sources with many failed logins within a sliding window.
    #[command(
        name = "brute-force",
        after_help = "Examples:\n  \
        barraiser logs brute-force /var/log/auth.log --threshold 10 --window 5m\n  \
        barraiser logs brute-force access.log --fail-status 401,403 --format json\n  \
        barraiser logs brute-force cloudtrail.json.gz --threshold 5 --window 1h\n\n\
        Failures: SSH `Failed password/publickey`, HTTP statuses in --fail-status (default 401),\n\
        CloudTrail ConsoleLogin failures, AccessDenied-class errors and failed AssumeRole."
    )]
    BruteForce(BruteForceArgs),
    /// One source against many users, or many sources against one user.
    #[command(after_help = "Examples:\n  \
        barraiser logs stuffing /var/log/auth.log\n  \
        barraiser logs stuffing cloudtrail/*.json.gz --min-users 5 --min-sources 20")]
    Stuffing(StuffingArgs),
    /// Bursts of 404s or of new paths from one source.
    #[command(after_help = "Examples:\n  \
        barraiser logs scan access.log\n  \
        barraiser logs scan alb.log.gz --window 1m --not-found 20 --distinct-paths 50")]
    Scan(ScanArgs),
    /// Count requests by a field after filters: the top N.
    #[command(after_help = "Examples:\n  \
        barraiser logs top --status 404 -n 10 access.log.gz     # top 10 IPs producing 404s\n  \
        barraiser logs top --by path --status 5xx access.log\n  \
        barraiser logs top --by user-agent --method POST -n 20 access.log\n  \
        barraiser logs top --by user /var/log/auth.log --format json\n\n\
        --by: ip, path, status, user, user-agent, method (CloudTrail: path is eventName,\n\
        method is eventSource). Paths are counted without their query string.")]
    Top(TopArgs),
}

/// Flags shared by every logs command: the inputs and how to read them.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Log files (plain or gzip); `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// The log format; detected from the first lines of each file when not given.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub log_format: Option<Format>,
    /// Year of syslog timestamps (auth.log has none); default: this year.
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i32>,
    /// Lines longer than this many bytes count as malformed.
    #[arg(long, value_name = "BYTES", default_value_t = 65536)]
    pub max_line: usize,
    /// Worker threads (default: all cores).
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct AuthFlags {
    /// HTTP statuses that mean a failed login (web, ALB, CloudFront logs).
    #[arg(
        long,
        value_name = "CODES",
        value_delimiter = ',',
        default_value = "401"
    )]
    pub fail_status: Vec<u16>,
}

#[derive(Debug, Args)]
pub struct BruteForceFlags {
    /// Failed logins from one source within --window that make a finding.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub threshold: u64,
    /// Sliding window: 90s, 5m, 1h, 1d.
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_window)]
    pub window: i64,
}

#[derive(Debug, Args)]
pub struct StuffingFlags {
    /// Distinct users tried from one source that make a finding.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub min_users: usize,
    /// Distinct sources failing against one user that make a finding.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub min_sources: usize,
}

#[derive(Debug, Args)]
pub struct ScanFlags {
    /// Sliding window for scans.
    #[arg(long = "scan-window", value_name = "DURATION", default_value = "5m", value_parser = parse_window)]
    pub scan_window: i64,
    /// 404s from one source within the window that make a finding.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub not_found: u64,
    /// New distinct paths answered with an error (status >= 400) from one source within the window that make a finding.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub distinct_paths: u64,
}

#[derive(Debug, Args)]
pub struct DetectArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub auth: AuthFlags,
    #[command(flatten)]
    pub brute: BruteForceFlags,
    #[command(flatten)]
    pub stuffing: StuffingFlags,
    #[command(flatten)]
    pub scan: ScanFlags,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct BruteForceArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub auth: AuthFlags,
    #[command(flatten)]
    pub brute: BruteForceFlags,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct StuffingArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub auth: AuthFlags,
    #[command(flatten)]
    pub stuffing: StuffingFlags,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Sliding window: 90s, 5m, 1h.
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_window)]
    pub window: i64,
    /// 404s from one source within the window that make a finding.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub not_found: u64,
    /// New distinct paths answered with an error (status >= 400) from one source within the window that make a finding.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub distinct_paths: u64,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TopFormat {
    /// An aligned table.
    Text,
    /// `{ "by": ..., "matched": ..., "rows": [{ "key", "count" }], "summary": ... }`.
    Json,
    /// A Markdown table.
    Md,
}

#[derive(Debug, Args)]
pub struct TopArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Group by: ip, path, status, user, user-agent, method.
    #[arg(long, value_name = "FIELD", default_value = "ip", value_parser = parse_group)]
    pub by: GroupBy,
    /// Keep only these statuses: 404, 4xx, 500-599, or a comma list.
    #[arg(long, value_name = "CODES", value_parser = parse_status)]
    pub status: Option<StatusFilter>,
    /// Keep only these methods (comma list).
    #[arg(long, value_name = "METHOD", value_delimiter = ',')]
    pub method: Vec<String>,
    /// Rows to show.
    #[arg(short = 'n', long = "limit", value_name = "N", default_value_t = 10)]
    pub n: usize,
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: TopFormat,
    /// Write the table to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| {
        format!("unknown log format `{s}`; use combined, alb, cloudfront, cloudtrail or ssh")
    })
}

fn parse_window(s: &str) -> Result<i64, String> {
    logs::time::parse_duration(s)
        .ok_or_else(|| format!("`{s}` is not a duration; write 90s, 5m, 1h or 1d"))
}

fn parse_group(s: &str) -> Result<GroupBy, String> {
    GroupBy::parse(s).ok_or_else(|| {
        format!("cannot group by `{s}`; use ip, path, status, user, user-agent or method")
    })
}

fn parse_status(s: &str) -> Result<StatusFilter, String> {
    StatusFilter::parse(s).ok_or_else(|| {
        format!("`{s}` is not a status filter; write 404, 4xx, 500-599 or a comma list")
    })
}

pub fn run(global: &Global, args: &LogsArgs) -> Result<Outcome, Fail> {
    match &args.cmd {
        LogsCmd::Detect(a) => {
            let plan = Plan {
                brute_force: Some(brute(&a.brute)),
                stuffing: Some(stuffing(&a.stuffing)),
                scan: Some(ScanConfig {
                    window: a.scan.scan_window,
                    not_found: a.scan.not_found,
                    distinct_paths: a.scan.distinct_paths,
                }),
                top: None,
                fail_status: a.auth.fail_status.clone(),
            };
            findings(global, &a.input, plan, &a.out, "barraiser logs detect")
        }
        LogsCmd::BruteForce(a) => {
            let plan = Plan {
                brute_force: Some(brute(&a.brute)),
                fail_status: a.auth.fail_status.clone(),
                ..Plan::default()
            };
            findings(global, &a.input, plan, &a.out, "barraiser logs brute-force")
        }
        LogsCmd::Stuffing(a) => {
            let plan = Plan {
                stuffing: Some(stuffing(&a.stuffing)),
                fail_status: a.auth.fail_status.clone(),
                ..Plan::default()
            };
            findings(global, &a.input, plan, &a.out, "barraiser logs stuffing")
        }
        LogsCmd::Scan(a) => {
            let plan = Plan {
                scan: Some(ScanConfig {
                    window: a.window,
                    not_found: a.not_found,
                    distinct_paths: a.distinct_paths,
                }),
                fail_status: vec![401],
                ..Plan::default()
            };
            findings(global, &a.input, plan, &a.out, "barraiser logs scan")
        }
        LogsCmd::Top(a) => top(global, a),
    }
}

fn brute(f: &BruteForceFlags) -> BruteForceConfig {
    BruteForceConfig {
        window: f.window,
        threshold: f.threshold.max(1),
    }
}

fn stuffing(f: &StuffingFlags) -> StuffingConfig {
    StuffingConfig {
        min_users: f.min_users.max(1),
        min_sources: f.min_sources.max(1),
    }
}

/// Read every input with the plan, on `--jobs` threads. On a terminal
/// (and without --quiet or --no-progress) a spinner shows the bytes parsed
/// and the rate, read from the engine's progress counter every 100 ms.
fn analyze(global: &Global, input: &InputArgs, plan: Plan) -> Result<Analysis, Fail> {
    let show = !global.quiet && !global.no_progress && std::io::stderr().is_terminal();
    let counter = show.then(|| Arc::new(AtomicU64::new(0)));
    let opts = Options {
        format: input.log_format,
        year: input.year.unwrap_or_else(logs::time::current_year),
        max_line: input.max_line.max(16),
        progress: counter.clone(),
        ..Options::default()
    };
    let done = Arc::new(AtomicBool::new(false));
    let ticker = counter.map(|c| {
        let done = done.clone();
        std::thread::spawn(move || {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} reading logs: {bytes} parsed ({binary_bytes_per_sec}) {elapsed}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            while !done.load(Ordering::Relaxed) {
                bar.set_position(c.load(Ordering::Relaxed));
                bar.tick();
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            bar.finish_and_clear();
        })
    });
    let result = run_analyzer(input, plan, opts);
    done.store(true, Ordering::Relaxed);
    if let Some(t) = ticker {
        let _ = t.join();
    }
    result
}

fn run_analyzer(input: &InputArgs, plan: Plan, opts: Options) -> Result<Analysis, Fail> {
    if input.files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        return Err(Fail("`-` (standard input) can be given only once".into()));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(input.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Fail(format!("cannot start worker threads: {e}")))?;
    Ok(pool.install(|| {
        let mut an = Analyzer::new(plan, opts);
        for f in &input.files {
            an.add_path(f);
        }
        an.finish()
    }))
}

fn findings(
    global: &Global,
    input: &InputArgs,
    plan: Plan,
    out: &OutputArgs,
    title: &str,
) -> Result<Outcome, Fail> {
    let an = analyze(global, input, plan.clone())?;
    let findings = an.findings(&plan);
    let meta = ReportMeta {
        title,
        rules: logs::rules(),
        summary: serde_json::to_value(&an).unwrap_or_default(),
        text_header: summary_text(&an),
    };
    let text = output::render(out, &meta, &findings)?;
    let outcome = output::finish(out, &text, &findings)?;
    after(global, &an, outcome)
}

/// Warnings to stderr; input errors end the command with exit 2 once the
/// report has been written.
fn after(global: &Global, an: &Analysis, outcome: Outcome) -> Result<Outcome, Fail> {
    if !global.quiet {
        for f in &an.files {
            for w in &f.warnings {
                eprintln!("warning: {}: {w}", f.name);
            }
        }
    }
    let errors: Vec<String> = an.errors().map(|d| d.to_string()).collect();
    if errors.is_empty() {
        Ok(outcome)
    } else {
        Err(Fail(errors.join("\n")))
    }
}

/// The text report's header: what was read, what did not parse, how many
/// findings.
fn summary_text(an: &Analysis) -> String {
    let mut s = read_summary(an);
    let n = an.brute_force.len() + an.stuffing.len() + an.scans.len();
    s.push_str(&format!(
        "{n} {}\n\n",
        if n == 1 { "finding" } else { "findings" }
    ));
    s
}

/// What was read and the sampled malformed lines.
fn read_summary(an: &Analysis) -> String {
    let mut s = String::new();
    let span = match (an.first_ts, an.last_ts) {
        (Some(a), Some(b)) => format!(
            ", {} to {}",
            logs::time::format_rfc3339(a),
            logs::time::format_rfc3339(b)
        ),
        _ => String::new(),
    };
    let formats: std::collections::BTreeSet<&str> = an
        .files
        .iter()
        .filter_map(|f| f.format.map(Format::as_str))
        .collect();
    s.push_str(&format!(
        "read {} {} ({}): {} lines, {} events, {} malformed{span}\n",
        an.files.len(),
        if an.files.len() == 1 { "file" } else { "files" },
        formats.into_iter().collect::<Vec<_>>().join(", "),
        an.lines,
        an.events,
        an.malformed
    ));
    for m in &an.malformed_samples {
        s.push_str(&format!(
            "  malformed {}:{}: {}: {}\n",
            m.file, m.line, m.reason, m.excerpt
        ));
    }
    s
}

fn top(global: &Global, a: &TopArgs) -> Result<Outcome, Fail> {
    let cfg = TopConfig {
        by: a.by,
        status: a.status.clone().unwrap_or_default(),
        methods: a.method.clone(),
        n: a.n,
    };
    let an = analyze(global, &a.input, Plan::top(cfg))?;
    let t = an.top.as_ref().expect("the plan has top");
    let text = match a.format {
        TopFormat::Json => report::to_json_pretty(&serde_json::json!({
            "by": t.by,
            "matched": t.matched,
            "distinct": t.distinct,
            "rows": t.rows,
            "summary": {
                "files": an.files,
                "lines": an.lines,
                "events": an.events,
                "malformed": an.malformed,
                "malformed_samples": an.malformed_samples,
            },
        })),
        TopFormat::Text => {
            let mut s = read_summary(&an);
            s.push_str(&format!(
                "{} matching events, {} distinct {}\n\n",
                t.matched,
                t.distinct,
                t.by.as_str()
            ));
            let w = t
                .rows
                .iter()
                .map(|r| r.count.to_string().len())
                .max()
                .unwrap_or(5)
                .max(5);
            s.push_str(&format!(
                "{:>w$}  {}\n",
                "COUNT",
                t.by.as_str().to_uppercase()
            ));
            for r in &t.rows {
                s.push_str(&format!("{:>w$}  {}\n", r.count, r.key));
            }
            s
        }
        TopFormat::Md => {
            let mut s = format!("| count | {} |\n|---:|---|\n", t.by.as_str());
            for r in &t.rows {
                s.push_str(&format!("| {} | {} |\n", r.count, md_cell(&r.key)));
            }
            s
        }
    };
    io::emit(a.output.as_deref(), &text)?;
    after(global, &an, Outcome::Clean)
}

/// A Markdown table cell from untrusted text: pipes, backticks, angle
/// brackets and the rest of Markdown's syntax escaped.
fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '(' | ')'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
