//! Argument definitions (clap derive). Every subcommand carries examples in
//! its `--help`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use report::Severity;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "barraiser",
    version,
    about = "Security engines and interview practice for security engineers",
    long_about = "Security engines and interview practice for security engineers.\n\n\
        Every drill is graded by a real engine: threat modeling (STRIDE plus Zero Trust, \
        AWS-native mitigations, impact in money), and more to come.",
    after_help = "Examples:\n  \
        barraiser threat-model analyze --scenario payment-fraud\n  \
        barraiser threat-model analyze my-service.yaml --format html -o canvas.html\n  \
        barraiser threat-model lint my-answer.yaml\n\n\
        Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts.
#[derive(Debug, Args)]
pub struct Global {
    /// Read settings from this file instead of ./barraiser.toml and
    /// $XDG_CONFIG_HOME/barraiser/config.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print nothing but the report and errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Never draw a progress bar (none is drawn when output is piped anyway).
    #[arg(long, global = true)]
    pub no_progress: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Threat modeling: STRIDE-per-element and per-interaction, Zero-Trust
    /// checks, AWS mitigations, impact in money, a one-page canvas.
    #[command(name = "threat-model", visible_alias = "tm", subcommand)]
    ThreatModel(ThreatModelCmd),
    /// Secure code review: taint-tracking scan of Java, Python and
    /// JavaScript/TypeScript for injection, XSS, IDOR and more.
    #[command(after_help = "Examples:\n  \
        barraiser scan .\n  \
        barraiser scan src/ --lang python --fail-on high\n  \
        barraiser scan . --format sarif -o results.sarif      # for GitHub code scanning\n  \
        barraiser scan . --format asff -o findings.json       # for AWS Security Hub\n  \
        barraiser scan . --write-baseline .barraiser-baseline.json\n  \
        barraiser scan . --baseline .barraiser-baseline.json  # CI gates only on new findings\n\n\
        Silence one finding with a comment on its line or the line above:\n  \
        query(sql)  # barraiser: ignore[sqli] constant table name, checked above\n\n\
        Rules: barraiser scan --list-rules")]
    Scan(ScanArgs),
    /// Log attack detection: brute force, credential stuffing, scans and
    /// top-N group-bys over web, ALB, CloudFront, CloudTrail and SSH logs.
    Logs(crate::logs::LogsArgs),
    /// Search a tree for secrets: AWS keys, private keys, tokens, JWTs,
    /// passwords in URLs, high-entropy assignments and keywords.
    Secrets(crate::secrets::SecretsArgs),
    /// IAM audit: admin rights, privilege escalation, exfiltration,
    /// exposure and open trust policies, with least-privilege rewrites.
    Iam(crate::iam::IamArgs),
    /// S3 audit and remediation: public access, encryption, TLS, versioning
    /// and logging; changes nothing without --apply.
    S3(crate::s3::S3Args),
    /// Access-key rotation across accounts: plan, then --apply.
    Keys(crate::keys::KeysArgs),
    /// Revoke a departed user's access everywhere: plan, then --apply.
    Offboard(crate::offboard::OffboardArgs),
    /// BOLA/IDOR tester: replay each user's object requests as other users
    /// and with no credentials; OWASP API1/API3/API5 findings with evidence.
    Idor(Box<crate::idor::IdorArgs>),
    /// A deliberately vulnerable practice API on 127.0.0.1 (and its --secure twin).
    Lab(crate::lab::LabArgs),
    /// The preparation plan: start it, export and import progress.
    Prep(crate::prep::PrepArgs),
    /// Today's drills and checklist items, with the time each takes.
    Today(crate::prep::TodayArgs),
    /// Readiness against the success bars, per competency.
    Status(crate::prep::StatusArgs),
    /// Timed drills, graded and stored: threat model, code review,
    /// scripting, questions (technical and behavioural).
    Drill(crate::prep::DrillArgs),
    /// The STAR story coach: story bank, lint, coverage of the 16
    /// principles, timed practice.
    Star(crate::star::StarArgs),
    /// Mock interviews: a phone screen or a five-round loop, timed, scored,
    /// with a written debrief.
    Mock(crate::mock::MockArgs),
    /// Pre-interview, day-before, interview-day and post-interview
    /// checklists, with a thank-you note.
    Checklist(crate::checklist::ChecklistArgs),
    /// Business impact of a risk in money: single loss, GDPR exposure,
    /// expected and residual annual loss.
    Impact(crate::calc::ImpactArgs),
    /// Offer evaluator: base, sign-on and RSUs by year; compare two offers.
    Offer(crate::calc::OfferArgs),
    /// The web app: dashboard, code-review drill, questions, STAR coach,
    /// on http://127.0.0.1:8451.
    Serve(crate::serve::ServeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// Human-readable findings with the code and the fix.
    Text,
    /// JSON for scripts: `{ "findings": [...], "summary": {...} }`.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// AWS Security Finding Format for Security Hub BatchImportFindings.
    Asff,
    /// Markdown report.
    Md,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Only these languages: java, python, javascript (includes TypeScript).
    #[arg(long, value_delimiter = ',')]
    pub lang: Vec<String>,
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: ScanFormat,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity remains.
    #[arg(long, value_name = "SEVERITY", default_value = "low")]
    pub fail_on: Severity,
    /// Ignore findings recorded in this baseline file (CI gates only on new ones).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings as the baseline in FILE.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    /// Skip files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 4_000_000)]
    pub max_file_size: u64,
    /// AWS account id for ASFF output.
    #[arg(long, value_name = "ID", default_value = "000000000000")]
    pub aws_account_id: String,
    /// AWS region for ASFF output.
    #[arg(long, value_name = "REGION", default_value = "us-east-1")]
    pub aws_region: String,
    /// List the rules and exit.
    #[arg(long)]
    pub list_rules: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    /// Markdown report with the walkthrough script.
    Md,
    /// JSON for scripts: top-level `threats` array.
    Json,
    /// Self-contained one-page canvas (HTML with an SVG diagram).
    Html,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// AWS Threat Composer import file.
    TcJson,
    /// Mermaid flowchart of the data-flow diagram.
    Mermaid,
    /// Just the spoken walkthrough script.
    Script,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Md,
}

#[derive(Debug, Subcommand)]
pub enum ThreatModelCmd {
    /// Analyse a model (or a built-in scenario) and write a threat model.
    #[command(after_help = "Examples:\n  \
        barraiser threat-model analyze --scenario payment-fraud\n  \
        barraiser threat-model analyze system.yaml --format html -o canvas.html\n  \
        barraiser threat-model analyze system.yaml --format sarif -o tm.sarif --fail-on high\n  \
        barraiser threat-model analyze system.yaml --format tc-json -o threat-composer.json\n  \
        barraiser threat-model analyze system.yaml --format json | jq '.threats[0]'\n\n\
        The model format is documented in docs/threat-model-format.md.")]
    Analyze(AnalyzeArgs),
    /// Check a threat model you wrote (its threats and mitigations) for the
    /// red flags interview panels penalise.
    #[command(after_help = "Examples:\n  \
        barraiser threat-model lint my-answer.yaml\n  \
        barraiser threat-model lint my-answer.yaml --format json --fail-on high\n\n\
        Checks: mitigations with no concrete control or parameter, threats with no priority,\n\
        no critical flow named, custom builds where a managed service exists, and\n\
        boundary-crossing flows with no threat.")]
    Lint(LintArgs),
    /// Compare two models (or two JSON reports): threats added, removed and
    /// changed in severity. Exit 1 when a new high or critical threat appears.
    #[command(after_help = "Examples:\n  \
        barraiser threat-model diff old.yaml new.yaml\n  \
        barraiser threat-model diff main-report.json system.yaml --format md\n  \
        git show main:system.yaml > /tmp/old.yaml && barraiser tm diff /tmp/old.yaml system.yaml")]
    Diff(DiffArgs),
    /// List the built-in interview scenarios.
    #[command(
        after_help = "Examples:\n  barraiser threat-model scenarios\n  barraiser threat-model scenarios --format json"
    )]
    Scenarios {
        #[arg(long, short, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Write a built-in scenario's reference model to a file to start from.
    #[command(after_help = "Examples:\n  \
        barraiser threat-model init prime-file-upload\n  \
        barraiser threat-model init payment-fraud -o my-model.yaml --force")]
    Init {
        /// Scenario name (see `barraiser threat-model scenarios`).
        name: String,
        /// Where to write; defaults to NAME.yaml in the current directory.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// List the mitigation catalog (ids usable in a model's `controls:`).
    #[command(
        after_help = "Examples:\n  barraiser threat-model mitigations\n  barraiser threat-model mitigations --format json"
    )]
    Mitigations {
        #[arg(long, short, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// List the threat rules.
    #[command(
        after_help = "Examples:\n  barraiser threat-model rules\n  barraiser threat-model rules --format md"
    )]
    Rules {
        #[arg(long, short, value_enum, default_value = "text")]
        format: ListFormat,
    },
}

#[derive(Debug, Args)]
pub struct ModelSource {
    /// The model file (YAML).
    #[arg(value_name = "MODEL.yaml", required_unless_present = "scenario")]
    pub model: Option<PathBuf>,
    /// Use a built-in scenario instead of a file.
    #[arg(long, conflicts_with = "model")]
    pub scenario: Option<String>,
}

#[derive(Debug, Args)]
pub struct CostArgs {
    /// Cost of one exposed record in USD (default 165).
    #[arg(long, value_name = "USD")]
    pub cost_per_record: Option<f64>,
    /// Cost of one hour of downtime in USD (default 10000000).
    #[arg(long, value_name = "USD")]
    pub downtime_cost_per_hour: Option<u64>,
    /// Annual worldwide turnover in EUR, for the GDPR 4% figure.
    #[arg(long, value_name = "EUR")]
    pub turnover_eur: Option<u64>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub source: ModelSource,
    #[arg(long, short, value_enum, default_value = "md")]
    pub format: AnalyzeFormat,
    /// Write to FILE instead of standard output (written atomically).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a threat at or above this residual severity exists.
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
    #[command(flatten)]
    pub costs: CostArgs,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    #[command(flatten)]
    pub source: ModelSource,
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: ListFormat,
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity exists.
    #[arg(long, value_name = "SEVERITY", default_value = "low")]
    pub fail_on: Severity,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old model (YAML) or JSON report.
    pub old: PathBuf,
    /// The new model (YAML) or JSON report.
    pub new: PathBuf,
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: ListFormat,
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}
