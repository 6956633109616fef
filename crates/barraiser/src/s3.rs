//! `barraiser s3 audit` and `barraiser s3 remediate`: a thin shell over the
//! `s3` engine (offline, from a snapshot file) and the `aws` crate (live).

use crate::cli::Global;
use crate::live::{runtime, LiveArgs};
use crate::output::{self, OutputArgs, ReportMeta};
use crate::{io, Fail, Outcome};
use clap::{Args, Subcommand, ValueEnum};
use s3::{AccountSnapshot, PlanOptions, Sensitivity};
use std::path::PathBuf;

const SNAPSHOT_HELP: &str = "Snapshot file (JSON): {\"version\": 1, \"account_id\": \"123456789012\", \
\"public_access_block\": {...} | null, \"buckets\": [{\"name\": ..., \"public_access_block\", \"acl\", \
\"policy\" (the policy document as a string), \"encryption\", \"versioning\", \"logging\", \"tags\"}]}. \
Each setting is null (not configured), {\"unknown\": \"why\"}, or the value in S3 API field names. \
Write one from an account with --live --save-snapshot FILE.";

#[derive(Debug, Args)]
pub struct S3Args {
    #[command(subcommand)]
    pub command: S3Cmd,
}

#[derive(Debug, Subcommand)]
pub enum S3Cmd {
    /// Find public buckets, missing encryption, TLS, versioning and logging.
    #[command(after_help = "Examples:\n  \
        barraiser s3 audit snapshot.json\n  \
        barraiser s3 audit --live --profile prod --save-snapshot prod-s3.json\n  \
        barraiser s3 audit --live --format sarif -o s3.sarif\n  \
        barraiser s3 audit --live --to-security-hub          # import into the caller's Security Hub\n  \
        barraiser s3 audit snap.json --sensitive-tag team=payments --sensitive-name 'prod-*'\n\n\
        Exit codes: 0 clean, 1 findings at or above --fail-on, 2 input error (the report is still written).")]
    Audit(AuditArgs),
    /// Print the plan that fixes the findings; change nothing without --apply.
    #[command(after_help = "Examples:\n  \
        barraiser s3 remediate snapshot.json --log-bucket acme-logs\n  \
        barraiser s3 remediate --live --log-bucket acme-logs               # prints the plan only\n  \
        barraiser s3 remediate --live --log-bucket acme-logs --apply       # makes the changes\n  \
        barraiser s3 remediate --live --apply --mfa \"arn:aws:iam::123456789012:mfa/root-account-mfa-device 123456\"\n\n\
        The plan is recomputed from the current state on every run, so a run that stopped at a failed step\n\
        can simply be run again.\n\
        Exit codes: 0 nothing left to change (or applied), 1 a plan is pending, 2 input or AWS error.")]
    Remediate(RemediateArgs),
}

#[derive(Debug, Args)]
pub struct SourceArgs {
    #[arg(value_name = "SNAPSHOT", help = SNAPSHOT_HELP)]
    pub snapshot: Option<PathBuf>,
    #[command(flatten)]
    pub live: LiveArgs,
    /// Buckets read at the same time in live mode.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub concurrency: usize,
    /// Also treat buckets tagged KEY=VALUE as sensitive (VALUE `*`: any).
    #[arg(long, value_name = "KEY=VALUE")]
    pub sensitive_tag: Vec<String>,
    /// Also treat buckets whose name matches GLOB as sensitive.
    #[arg(long, value_name = "GLOB")]
    pub sensitive_name: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Live mode: write the collected snapshot to FILE (readable by `s3 audit FILE`).
    #[arg(long, value_name = "FILE")]
    pub save_snapshot: Option<PathBuf>,
    /// Live mode: send the findings to the caller's Security Hub.
    #[arg(long)]
    pub to_security_hub: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct RemediateArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Make the changes (live mode only). Without it nothing is changed.
    #[arg(long)]
    pub apply: bool,
    /// The bucket that receives server access logs.
    #[arg(long, value_name = "BUCKET")]
    pub log_bucket: Option<String>,
    /// Use SSE-KMS with this key for default encryption (SSE-S3 otherwise).
    #[arg(long, value_name = "KEY")]
    pub kms_key_id: Option<String>,
    /// The root user's MFA device and code, "SERIAL CODE", to enable MFA delete.
    #[arg(long, value_name = "SERIAL CODE")]
    pub mfa: Option<String>,
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: PlanFormat,
    /// Write the plan to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(global: &Global, args: &S3Args) -> Result<Outcome, Fail> {
    match &args.command {
        S3Cmd::Audit(a) => audit(global, a),
        S3Cmd::Remediate(a) => remediate(global, a),
    }
}

fn sensitivity(src: &SourceArgs) -> Result<Sensitivity, Fail> {
    let mut s = Sensitivity::default();
    for t in &src.sensitive_tag {
        let (k, v) = t.split_once('=').ok_or_else(|| {
            Fail(format!(
                "--sensitive-tag `{t}` is not KEY=VALUE\n  help: e.g. --sensitive-tag data-classification=restricted"
            ))
        })?;
        s.add_tag(k.trim(), v.trim());
    }
    for n in &src.sensitive_name {
        s.add_name_glob(n);
    }
    Ok(s)
}

/// Where the snapshot came from.
enum Loaded {
    File(AccountSnapshot, String),
    Live(AccountSnapshot, Box<aws::Session>),
}

fn connect(rt: &tokio::runtime::Runtime, live: &LiveArgs) -> Result<aws::Session, Fail> {
    rt.block_on(async {
        let mut s = aws::Session::connect(&live.connect_options()).await;
        s.whoami().await.map_err(|e| Fail(e.to_string()))?;
        Ok(s)
    })
}

fn load(
    rt: Option<&tokio::runtime::Runtime>,
    src: &SourceArgs,
    quiet: bool,
) -> Result<Loaded, Fail> {
    match (&src.snapshot, src.live.live, rt) {
        (Some(_), true, _) => Err(Fail(
            "pass either a SNAPSHOT file or --live, not both".into(),
        )),
        (Some(p), false, _) => {
            let bytes = io::read_input(p, s3::MAX_SNAPSHOT_BYTES)?;
            let shown = p.display().to_string();
            let snap = s3::parse_snapshot(&shown, &bytes).map_err(|d| Fail(d.to_string()))?;
            Ok(Loaded::File(snap, shown))
        }
        (None, true, Some(rt)) => {
            let session = connect(rt, &src.live)?;
            if !quiet {
                eprintln!(
                    "reading S3 settings of account {} ({}) ...",
                    session.account.as_deref().unwrap_or("?"),
                    session.region()
                );
            }
            let opts = aws::s3::CollectOptions {
                concurrency: src.concurrency.max(1),
                only: Vec::new(),
            };
            let snap = rt
                .block_on(aws::s3::collect(&session, &opts))
                .map_err(|e| Fail(e.to_string()))?;
            Ok(Loaded::Live(snap, Box::new(session)))
        }
        (None, true, None) => unreachable!("live mode always has a runtime"),
        (None, false, _) => Err(Fail(
            "nothing to read: pass a SNAPSHOT file or --live\n  help: barraiser s3 audit --live --save-snapshot s3.json, then barraiser s3 audit s3.json".into(),
        )),
    }
}

fn audit(global: &Global, a: &AuditArgs) -> Result<Outcome, Fail> {
    let sens = sensitivity(&a.source)?;
    if !a.source.live.live && (a.save_snapshot.is_some() || a.to_security_hub) {
        return Err(Fail(
            "--save-snapshot and --to-security-hub need --live".into(),
        ));
    }
    let rt = if a.source.live.live {
        Some(runtime()?)
    } else {
        None
    };
    let loaded = load(rt.as_ref(), &a.source, global.quiet)?;
    let (snap, origin, session) = match &loaded {
        Loaded::File(s, p) => (s, p.clone(), None),
        Loaded::Live(s, sess) => (s, "live".to_string(), Some(&**sess)),
    };
    if let Some(p) = &a.save_snapshot {
        io::write_atomic(p, &report::to_json_pretty(snap))?;
    }
    let result = s3::audit(snap, &sens, &origin);
    let mut header = format!(
        "S3 audit of {} bucket{}{}: {} finding{}\n",
        result.buckets,
        if result.buckets == 1 { "" } else { "s" },
        snap.account_id
            .as_deref()
            .map(|a| format!(" in account {a}"))
            .unwrap_or_default(),
        result.findings.len(),
        if result.findings.len() == 1 { "" } else { "s" }
    );
    if !result.unknown.is_empty() {
        header.push_str(&format!(
            "{} setting{} could not be read and {} neither flagged nor cleared:\n",
            result.unknown.len(),
            if result.unknown.len() == 1 { "" } else { "s" },
            if result.unknown.len() == 1 {
                "is"
            } else {
                "are"
            }
        ));
        for (what, why) in &result.unknown {
            header.push_str(&format!(
                "  - {what}: {}\n",
                why.lines().next().unwrap_or("")
            ));
        }
    }
    header.push('\n');
    let meta = ReportMeta {
        title: "barraiser s3 audit",
        rules: s3::rule_meta(),
        summary: serde_json::json!({
            "buckets": result.buckets,
            "account_id": snap.account_id,
            "findings": result.findings.len(),
            "unknown": result.unknown.iter().map(|(w, e)| serde_json::json!({"setting": w, "error": e})).collect::<Vec<_>>(),
            "diagnostics": result.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        }),
        text_header: header,
    };
    let account = session
        .and_then(|s| s.account.clone())
        .unwrap_or_else(|| a.out.aws_account_id.clone());
    let region = session
        .map(|s| s.region())
        .unwrap_or_else(|| a.out.aws_region.clone());
    let text = output::render_as(a.out.format, &account, &region, &meta, &result.findings)?;
    let outcome = output::finish(&a.out, &text, &result.findings)?;
    if a.to_security_hub {
        if let (Some(rt), Some(sess)) = (&rt, session) {
            let line = crate::live::send_to_security_hub(rt, sess, &result.findings)?;
            if !global.quiet {
                eprintln!("{line}");
            }
        }
    }
    if !result.diagnostics.is_empty() {
        // The report above is complete; the exit code says the input was bad.
        return Err(Fail(
            result
                .diagnostics
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        ));
    }
    Ok(outcome)
}

fn write_plan(a: &RemediateArgs, plan: &s3::Plan) -> Result<(), Fail> {
    let text = match a.format {
        PlanFormat::Text => plan.render_text(),
        PlanFormat::Json => report::to_json_pretty(plan),
    };
    io::emit(a.output.as_deref(), &text)
}

fn remediate(global: &Global, a: &RemediateArgs) -> Result<Outcome, Fail> {
    let sens = sensitivity(&a.source)?;
    if a.apply && !a.source.live.live {
        return Err(Fail(
            "--apply changes a live account: use it with --live\n  help: a snapshot file can only be planned".into(),
        ));
    }
    if a.mfa.is_some() && !a.apply {
        return Err(Fail("--mfa is only used with --apply".into()));
    }
    let rt = if a.source.live.live {
        Some(runtime()?)
    } else {
        None
    };
    let loaded = load(rt.as_ref(), &a.source, global.quiet)?;
    let opts = PlanOptions {
        log_bucket: a.log_bucket.clone(),
        kms_key_id: a.kms_key_id.clone(),
        mfa_delete: a.mfa.is_some(),
    };
    let (snap, session) = match &loaded {
        Loaded::File(s, _) => (s, None),
        Loaded::Live(s, sess) => (s, Some(&**sess)),
    };
    let plan = s3::plan(snap, &sens, &opts);
    write_plan(a, &plan)?;
    if plan.actions.is_empty() {
        return Ok(if plan.manual.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Findings
        });
    }
    if !a.apply {
        if !global.quiet {
            eprintln!("nothing was changed; run again with --apply to make these changes");
        }
        return Ok(Outcome::Findings);
    }
    let (Some(rt), Some(session)) = (&rt, session) else {
        unreachable!("--apply is refused without --live above");
    };
    let quiet = global.quiet;
    let applied = rt
        .block_on(aws::s3::apply(
            session,
            snap,
            &plan,
            a.mfa.as_deref(),
            |e| {
                if quiet {
                    return;
                }
                match e {
                    aws::s3::StepEvent::Start {
                        index,
                        total,
                        description,
                    } => eprintln!("[{index}/{total}] {description}"),
                    aws::s3::StepEvent::Done { .. } => {}
                }
            },
        ))
        .map_err(|e| Fail(e.to_string()))?;
    // Read the account again to show what is left.
    let after = rt
        .block_on(aws::s3::collect(
            session,
            &aws::s3::CollectOptions {
                concurrency: a.source.concurrency.max(1),
                only: Vec::new(),
            },
        ))
        .map_err(|e| Fail(e.to_string()))?;
    let left = s3::audit(&after, &sens, "live");
    if !quiet {
        eprintln!(
            "applied {applied} change{}; re-audit: {} finding{} left",
            if applied == 1 { "" } else { "s" },
            left.findings.len(),
            if left.findings.len() == 1 { "" } else { "s" }
        );
        for f in &left.findings {
            eprintln!("  {} {}", f.rule_id, f.location.key());
        }
    }
    Ok(if left.findings.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
