//! `barraiser scan`: walk, scan in parallel, filter by baseline, report.

use crate::cli::{Global, ScanArgs, ScanFormat};
use crate::{io, Fail, Outcome};
use code_scan::walk::Skip;
use code_scan::{rules, Family};
use report::{Finding, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn run(global: &Global, a: &ScanArgs) -> Result<Outcome, Fail> {
    if a.list_rules {
        let mut s = String::new();
        for r in rules::all() {
            s.push_str(&format!(
                "{:<20} {:<8} CWE-{:<9} {}\n",
                r.id,
                r.severity.as_str(),
                r.cwe
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join("/"),
                r.title
            ));
        }
        io::emit(a.output.as_deref(), &s)?;
        return Ok(Outcome::Clean);
    }
    let mut families = Vec::new();
    for l in &a.lang {
        families.push(Family::parse(l).ok_or_else(|| {
            Fail(format!("unknown language `{l}`\n  help: use java, python or javascript (TypeScript is included in javascript)"))
        })?);
    }
    let roots: Vec<PathBuf> = if a.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        a.paths.clone()
    };
    for r in &roots {
        if std::fs::symlink_metadata(r).is_err() {
            return Err(Fail(format!("{}: no such file or directory", r.display())));
        }
    }
    let baseline = match &a.baseline {
        Some(p) => Some(read_baseline(p)?),
        None => None,
    };
    let start = Instant::now();
    let show_progress = !global.no_progress && !global.quiet && std::io::stderr().is_terminal();
    let bar = show_progress.then(|| {
        let b = indicatif::ProgressBar::hidden();
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} scanning [{bar:30}] {pos}/{len} files {wide_msg}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        b
    });
    let opts = code_scan::tree::TreeOptions {
        families,
        max_file_size: a.max_file_size,
        jobs: a.jobs.unwrap_or(0),
        max_files: None,
    };
    let tick = |p: code_scan::tree::Progress| {
        if let Some(b) = &bar {
            match p {
                // a bar only for more than one file, as before
                code_scan::tree::Progress::Found(n) if n > 1 => {
                    b.set_length(n as u64);
                    b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
                code_scan::tree::Progress::Found(_) => {}
                code_scan::tree::Progress::Read => b.inc(1),
            }
        }
    };
    let tree = code_scan::tree::scan_tree(&roots, &opts, &tick).map_err(Fail)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let code_scan::tree::TreeScan {
        mut findings,
        notes,
        files: scanned,
        lines,
        suppressed,
        skipped,
        ..
    } = tree;

    if let Some(p) = &a.write_baseline {
        io::write_atomic(p, &render_baseline(&findings))?;
    }
    let mut baselined = 0;
    if let Some(base) = &baseline {
        let before = findings.len();
        findings.retain(|f| !base.contains(&fingerprint(f)));
        baselined = before - findings.len();
    }

    let report = match a.format {
        ScanFormat::Text => render_text(&findings),
        ScanFormat::Md => report::markdown::render("barraiser scan", &findings),
        ScanFormat::Json => report::to_json_pretty(&serde_json::json!({
            "findings": findings,
            "summary": {
                "files": scanned,
                "lines": lines,
                "suppressed": suppressed,
                "baselined": baselined,
                "skipped": skipped.iter().map(|(p, s, d)| serde_json::json!({"path": display_path(p), "reason": s.label(), "detail": d})).collect::<Vec<_>>(),
            },
        })),
        ScanFormat::Sarif => report::sarif::render(
            &report::sarif::Tool::barraiser(),
            &rules::sarif_metas(),
            &findings,
            ".",
        ),
        ScanFormat::Asff => {
            let ctx = report::asff::Context::new(
                &a.aws_account_id,
                &a.aws_region,
                crate::output::now_rfc3339(),
            )
            .map_err(|e| {
                Fail(format!(
                    "{e}\n  help: pass --aws-account-id 123456789012 --aws-region eu-west-1"
                ))
            })?;
            report::asff::render(&ctx, &findings)
        }
    };
    io::emit(a.output.as_deref(), &report)?;

    if !global.quiet {
        for n in notes.iter().take(20) {
            eprintln!("{n}");
        }
        if notes.len() > 20 {
            eprintln!("... and {} more notes", notes.len() - 20);
        }
        eprintln!(
            "{}",
            summary(
                scanned,
                lines,
                start.elapsed().as_secs_f64(),
                &findings,
                &skipped,
                suppressed,
                baselined
            )
        );
    }
    Ok(if report::fails_on(&findings, a.fail_on) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

use code_scan::tree::display_path;

fn summary(
    files: usize,
    lines: usize,
    secs: f64,
    findings: &[Finding],
    skipped: &[(PathBuf, Skip, String)],
    suppressed: usize,
    baselined: usize,
) -> String {
    let mut by_sev: BTreeMap<Severity, usize> = BTreeMap::new();
    for f in findings {
        *by_sev.entry(f.severity).or_default() += 1;
    }
    let sev: Vec<String> = by_sev
        .iter()
        .rev()
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    let mut skip_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, s, _) in skipped {
        *skip_counts.entry(s.label()).or_default() += 1;
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut s = format!(
        "scanned {}, {} in {secs:.2}s: {}{}",
        plural(files, "file", "files"),
        plural(lines, "line", "lines"),
        plural(findings.len(), "finding", "findings"),
        if sev.is_empty() {
            String::new()
        } else {
            format!(" ({})", sev.join(", "))
        }
    );
    if !skip_counts.is_empty() {
        let parts: Vec<String> = skip_counts
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        s.push_str(&format!("; skipped {}", parts.join(", ")));
    }
    if suppressed > 0 {
        s.push_str(&format!("; {suppressed} suppressed inline"));
    }
    if baselined > 0 {
        s.push_str(&format!("; {baselined} in the baseline"));
    }
    s
}

fn render_text(findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        let span = f.location.span();
        let (path, line, col) = span
            .map(|s| (s.path.as_str(), s.start_line, s.start_column))
            .unwrap_or(("?", 0, 0));
        s.push_str(&format!(
            "{path}:{line}:{col}: {} [{}] {}\n",
            f.severity.as_str(),
            f.rule_id,
            f.message
        ));
        if let Some(ex) = f.excerpt() {
            s.push_str(&format!("    | {ex}\n"));
        }
        if let Some(report::Evidence::Path { steps, .. }) = &f.evidence {
            for (sp, note) in steps {
                s.push_str(&format!(
                    "    > {}:{}  {note}\n",
                    sp.start_line, sp.start_column
                ));
            }
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

/// A finding's identity for baselines: rule, file and the flagged line's
/// text (whitespace-normalised), so findings survive lines moving.
fn fingerprint(f: &Finding) -> String {
    let path = f.location.span().map(|s| s.path.as_str()).unwrap_or("");
    let text: String = f
        .excerpt()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{}:{path}:{h:016x}", f.rule_id)
}

fn render_baseline(findings: &[Finding]) -> String {
    let fps: BTreeSet<String> = findings.iter().map(fingerprint).collect();
    report::to_json_pretty(&serde_json::json!({
        "version": 1,
        "tool": "barraiser scan",
        "fingerprints": fps,
    }))
}

fn read_baseline(p: &Path) -> Result<BTreeSet<String>, Fail> {
    let bytes = io::read_input(p, 64 << 20)?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        Fail(format!(
            "{}:{}:{}: error: not a baseline file: {e}\n  help: create one with --write-baseline",
            p.display(),
            e.line(),
            e.column()
        ))
    })?;
    let fps = v.get("fingerprints").and_then(|x| x.as_array()).ok_or_else(|| {
        Fail(format!("{}:1:1: error: no `fingerprints` array\n  help: create the file with --write-baseline", p.display()))
    })?;
    Ok(fps
        .iter()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect())
}
