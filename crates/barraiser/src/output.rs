//! What every findings-producing command shares: the output flags
//! (`--format`, `-o`, `--fail-on`, the ASFF account and region) and the
//! writers behind them.

use crate::{io, Fail, Outcome};
use clap::{Args, ValueEnum};
use report::{Finding, Severity};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable findings with the evidence and the fix.
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
pub struct OutputArgs {
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: Format,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity remains.
    #[arg(long, value_name = "SEVERITY", default_value = "low")]
    pub fail_on: Severity,
    /// AWS account id for ASFF output (live mode uses the caller's).
    #[arg(long, value_name = "ID", default_value = "000000000000")]
    pub aws_account_id: String,
    /// AWS region for ASFF output.
    #[arg(long, value_name = "REGION", default_value = "us-east-1")]
    pub aws_region: String,
}

/// What a report needs besides the findings.
pub struct ReportMeta<'a> {
    /// The title of Markdown reports, e.g. "barraiser iam audit".
    pub title: &'a str,
    /// Rule metadata for SARIF's `tool.driver.rules`.
    pub rules: Vec<report::sarif::RuleMeta>,
    /// Extra facts for the JSON `summary` object.
    pub summary: serde_json::Value,
    /// Printed before the findings in text output (may be empty).
    pub text_header: String,
}

/// Render `findings` in the chosen format.
pub fn render(
    out: &OutputArgs,
    meta: &ReportMeta<'_>,
    findings: &[Finding],
) -> Result<String, Fail> {
    render_as(
        out.format,
        &out.aws_account_id,
        &out.aws_region,
        meta,
        findings,
    )
}

pub fn render_as(
    format: Format,
    account: &str,
    region: &str,
    meta: &ReportMeta<'_>,
    findings: &[Finding],
) -> Result<String, Fail> {
    Ok(match format {
        Format::Text => {
            let mut s = meta.text_header.clone();
            s.push_str(&render_text(findings));
            s
        }
        Format::Md => report::markdown::render(meta.title, findings),
        Format::Json => report::to_json_pretty(&serde_json::json!({
            "findings": findings,
            "summary": meta.summary,
        })),
        Format::Sarif => report::sarif::render(
            &report::sarif::Tool::barraiser(),
            &meta.rules,
            findings,
            ".",
        ),
        Format::Asff => {
            let ctx = report::asff::Context::new(account, region, now_rfc3339()).map_err(|e| {
                Fail(format!(
                    "{e}\n  help: pass --aws-account-id 123456789012 --aws-region eu-west-1"
                ))
            })?;
            report::asff::render(&ctx, findings)
        }
    })
}

/// Write the report and map the findings to the exit code.
pub fn finish(out: &OutputArgs, text: &str, findings: &[Finding]) -> Result<Outcome, Fail> {
    io::emit(out.output.as_deref(), text)?;
    Ok(if report::fails_on(findings, out.fail_on) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Findings as text: `where: severity [rule] message`, then the evidence
/// and the first remediation.
pub fn render_text(findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        let place = match &f.location {
            report::Location::File(sp) => {
                format!("{}:{}:{}", sp.path, sp.start_line, sp.start_column)
            }
            report::Location::Element {
                element,
                element_type,
                ..
            } => format!("{element_type} {element}"),
        };
        s.push_str(&format!(
            "{place}: {} [{}] {}\n",
            f.severity.as_str(),
            f.rule_id,
            f.message
        ));
        match &f.evidence {
            Some(report::Evidence::Excerpt { text }) => {
                for l in text.lines() {
                    s.push_str(&format!("    | {l}\n"));
                }
            }
            Some(report::Evidence::Path { steps, excerpt }) => {
                if let Some(ex) = excerpt {
                    s.push_str(&format!("    | {ex}\n"));
                }
                for (sp, note) in steps {
                    s.push_str(&format!(
                        "    > {}:{}  {note}\n",
                        sp.start_line, sp.start_column
                    ));
                }
            }
            Some(report::Evidence::Facts { facts }) => {
                for fact in facts {
                    s.push_str(&format!("    - {fact}\n"));
                }
            }
            None => {}
        }
        if let Some(r) = f.remediation.first() {
            s.push_str(&format!("    fix: {}\n", r.title));
            for l in r.parameter.lines() {
                s.push_str(&format!("      {l}\n"));
            }
        }
        s.push('\n');
    }
    s
}

/// The import time for ASFF: `SOURCE_DATE_EPOCH` when set (reproducible
/// output, the convention of reproducible builds), else the clock.
pub fn now_rfc3339() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    report::asff::rfc3339_from_unix(secs)
}
