//! `barraiser iam audit`: read policy documents or account authorization
//! details, run the `iam` engine, render through `crate::output`.
//!
//! Inputs come from a [`Source`]: files, or the live account (`--live`:
//! paginated GetAccountAuthorizationDetails through `crates/aws`, which
//! builds the same `iam::AuthorizationDetails` a file holds, so the two
//! sources give the same findings for the same account).

use crate::cli::Global;
use crate::live::LiveArgs;
use crate::output::{self, OutputArgs, ReportMeta};
use crate::{io, Fail, Outcome};
use clap::{Args, Subcommand};
use rayon::prelude::*;
use report::{Finding, Severity};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Largest input file read (account details of big accounts run to tens
/// of megabytes).
const MAX_INPUT: usize = 512 * 1024 * 1024;

#[derive(Debug, Args)]
pub struct IamArgs {
    #[command(subcommand)]
    pub command: IamCmd,
}

#[derive(Debug, Subcommand)]
pub enum IamCmd {
    /// Audit IAM policies: full admin, wildcard actions on sensitive
    /// services, privilege escalation, data exfiltration, resource and
    /// credential exposure, open or cross-account trust policies.
    #[command(
        after_help = "Input: a policy document, a JSON array of them, `aws iam get-policy-version` \
output, or `aws iam get-account-authorization-details` output (documents as objects, or URL-encoded \
strings as the raw API returns them).\n\n\
Examples:\n  \
    aws iam get-account-authorization-details > account.json\n  \
    barraiser iam audit account.json\n  \
    barraiser iam audit policy.json --fail-on high\n  \
    barraiser iam audit trust.json --account-id 111122223333   # compare trusted accounts with yours\n  \
    barraiser iam audit account.json --format sarif -o iam.sarif\n  \
    barraiser iam audit account.json --format json | jq '.findings[].remediation[0].parameter'\n  \
    barraiser iam audit --list-rules\n\n\
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error (file:line:col)."
    )]
    Audit(AuditArgs),
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Policy documents or get-account-authorization-details output.
    #[arg(value_name = "FILE", required_unless_present_any = ["list_rules", "live"])]
    pub files: Vec<PathBuf>,
    /// The AWS account that owns the policies; trust policies naming any
    /// other account are checked for an ExternalId. Read from the role ARN
    /// in account details.
    #[arg(long, value_name = "ID")]
    pub account_id: Option<String>,
    /// List the rules and exit.
    #[arg(long)]
    pub list_rules: bool,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub live: LiveArgs,
    /// Live mode: write the collected account details to FILE (readable by
    /// `iam audit FILE` later, offline).
    #[arg(long, value_name = "FILE")]
    pub save_details: Option<PathBuf>,
    /// Live mode: send the findings to the caller's Security Hub
    /// (BatchImportFindings, batches of 100).
    #[arg(long)]
    pub to_security_hub: bool,
}

/// Where the policies come from.
pub enum Source<'a> {
    Files(&'a [PathBuf]),
    /// The account behind the session, read live.
    Live(&'a tokio::runtime::Runtime, &'a aws::Session),
}

pub fn run(global: &Global, args: &IamArgs) -> Result<Outcome, Fail> {
    match &args.command {
        IamCmd::Audit(a) => audit(global, a),
    }
}

fn audit(global: &Global, a: &AuditArgs) -> Result<Outcome, Fail> {
    if a.list_rules {
        let mut s = String::new();
        for r in iam::rules::all() {
            s.push_str(&format!(
                "{:<36} {:<8} CWE-{:<4} {}\n",
                r.id,
                r.severity.as_str(),
                r.cwe,
                r.title
            ));
        }
        io::emit(None, &s)?;
        return Ok(Outcome::Clean);
    }
    if let Some(id) = &a.account_id {
        if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Fail(format!(
                "--account-id {id:?} is not a 12-digit AWS account id"
            )));
        }
    }
    let live = a.live.live;
    if live && !a.files.is_empty() {
        return Err(Fail(
            "pass either FILE arguments or --live, not both".into(),
        ));
    }
    if !live && (a.save_details.is_some() || a.to_security_hub) {
        return Err(Fail(
            "--save-details and --to-security-hub need --live".into(),
        ));
    }
    let start = std::time::Instant::now();
    let connected = if live {
        let rt = crate::live::runtime()?;
        let mut session = rt.block_on(aws::Session::connect(&a.live.connect_options()));
        rt.block_on(session.whoami())
            .map_err(|e| Fail(e.to_string()))?;
        Some((rt, session))
    } else {
        None
    };
    let opts = iam::AuditOptions {
        account_id: a
            .account_id
            .clone()
            .or_else(|| connected.as_ref().and_then(|(_, s)| s.account.clone())),
    };
    let source = match &connected {
        Some((rt, session)) => Source::Live(rt, session),
        None => Source::Files(&a.files),
    };
    let (findings, inputs) = collect(global, &source, &opts, a.save_details.as_deref())?;
    let meta = ReportMeta {
        title: "barraiser iam audit",
        rules: iam::rules::sarif_metas(),
        summary: serde_json::json!({
            "inputs": inputs,
            "findings": findings.len(),
            "by_rule": by_rule(&findings),
        }),
        text_header: String::new(),
    };
    let (account, region) = match &connected {
        Some((_, s)) => (s.account.clone().unwrap_or_default(), s.region()),
        None => (a.output.aws_account_id.clone(), a.output.aws_region.clone()),
    };
    let text = output::render_as(a.output.format, &account, &region, &meta, &findings)?;
    let outcome = output::finish(&a.output, &text, &findings)?;
    if let (true, Some((rt, session))) = (a.to_security_hub, &connected) {
        let line = crate::live::send_to_security_hub(rt, session, &findings)?;
        if !global.quiet {
            eprintln!("{line}");
        }
    }
    if !global.quiet {
        eprintln!(
            "{}",
            summary_line(inputs, &findings, start.elapsed().as_secs_f64())
        );
    }
    Ok(outcome)
}

/// Read and audit every input; any bad input fails the whole command
/// (exit 2) with every diagnostic, and no report is written.
fn collect(
    global: &Global,
    source: &Source<'_>,
    opts: &iam::AuditOptions,
    save_details: Option<&Path>,
) -> Result<(Vec<Finding>, usize), Fail> {
    match source {
        Source::Live(rt, session) => {
            let details = rt
                .block_on(aws::iam::collect_authorization_details(session))
                .map_err(|e| Fail(e.to_string()))?;
            if let Some(p) = save_details {
                io::write_atomic(p, &report::to_json_pretty(&details))?;
            }
            let mut findings = iam::audit_with(&details, opts);
            iam::sort_findings(&mut findings);
            Ok((findings, 1))
        }
        Source::Files(files) => {
            let bar = (!global.no_progress
                && !global.quiet
                && files.len() > 1
                && std::io::stderr().is_terminal())
            .then(|| {
                let b = indicatif::ProgressBar::new(files.len() as u64);
                b.set_style(
                    indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                b
            });
            let results: Vec<Result<Vec<Finding>, String>> = files
                .par_iter()
                .map(|p| {
                    let r = audit_file(p, opts);
                    if let Some(b) = &bar {
                        b.inc(1);
                    }
                    r
                })
                .collect();
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            let mut findings = Vec::new();
            let mut errors = Vec::new();
            for r in results {
                match r {
                    Ok(f) => findings.extend(f),
                    Err(e) => errors.push(e),
                }
            }
            if !errors.is_empty() {
                return Err(Fail(errors.join("\n")));
            }
            iam::sort_findings(&mut findings);
            Ok((findings, files.len()))
        }
    }
}

fn audit_file(path: &Path, opts: &iam::AuditOptions) -> Result<Vec<Finding>, String> {
    let shown = path.to_string_lossy().replace('\\', "/");
    let shown = shown.strip_prefix("./").unwrap_or(&shown).to_string();
    let bytes = io::read_input(path, MAX_INPUT).map_err(|Fail(m)| m)?;
    iam::audit_bytes(&shown, &bytes, opts).map_err(|d| d.to_string())
}

fn by_rule(findings: &[Finding]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for f in findings {
        *m.entry(f.rule_id.clone()).or_default() += 1;
    }
    m
}

fn summary_line(inputs: usize, findings: &[Finding], secs: f64) -> String {
    let mut by_sev: BTreeMap<Severity, usize> = BTreeMap::new();
    for f in findings {
        *by_sev.entry(f.severity).or_default() += 1;
    }
    let sev: Vec<String> = by_sev
        .iter()
        .rev()
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    format!(
        "audited {inputs} {} in {secs:.2}s: {} {}{}",
        if inputs == 1 { "input" } else { "inputs" },
        findings.len(),
        if findings.len() == 1 {
            "finding"
        } else {
            "findings"
        },
        if sev.is_empty() {
            String::new()
        } else {
            format!(" ({})", sev.join(", "))
        }
    )
}
