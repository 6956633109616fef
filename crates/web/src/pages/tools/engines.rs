//! Running the engines for the Tools page: a local path in, findings and a
//! summary out, or the engine's own error (`file:line:col: error: ...`) as
//! text for the page. The engines are the same library calls the CLI makes
//! (`code_scan::tree::scan_tree`, `secrets::walk::scan_tree`,
//! `threat_model::analyze`, `logs::Analyzer`, `iam::audit_bytes`); this file
//! only picks the web app's limits and reads files with a size cap.
//!
//! Everything here blocks (file I/O, parsing, rayon pools): callers run it
//! on the blocking pool, never on the async threads.

use report::Finding;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Source files read per scan at most: a scan of a whole disk by mistake
/// stops there (and says so) instead of tying the app up for an hour.
pub const MAX_FILES: usize = 20_000;
/// Largest source file scanned (bigger ones are listed as skipped).
pub const MAX_SOURCE_BYTES: u64 = 2_000_000;
/// Largest log read: the engine streams, but a request should finish in
/// seconds, not minutes.
pub const MAX_LOG_BYTES: u64 = 512 << 20;
/// Largest IAM input (account authorization details of a big account).
pub const MAX_IAM_BYTES: u64 = 64 << 20;
/// Findings kept per run; beyond this the run says how many were dropped.
pub const MAX_FINDINGS: usize = 10_000;
/// Notes kept per run.
const MAX_NOTES: usize = 50;

/// Worker threads per run: a couple of cores, so one big scan leaves the
/// machine (and the app's other requests) responsive.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4))
}

/// One finding and the engine that produced it; stored flattened, so each
/// object is a `report::Finding` with one more field.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Found {
    pub engine: String,
    #[serde(flatten)]
    pub finding: Finding,
}

/// What a run read, shown above its findings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    /// One sentence per engine: what was read.
    #[serde(default)]
    pub read: Vec<String>,
    /// Things to know: recovered syntax errors, skipped files, malformed
    /// log lines, findings over the cap.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The engines that ran, in order.
    #[serde(default)]
    pub engines: Vec<String>,
    /// Wall-clock time of the run (engines and reading, not storing).
    #[serde(default)]
    pub elapsed_ms: Option<u64>,
}

/// A finished run, before it is stored.
#[derive(Debug, Default)]
pub struct Ran {
    pub findings: Vec<Found>,
    pub summary: Summary,
}

impl Ran {
    fn add(&mut self, engine: &str, findings: Vec<Finding>) {
        self.summary.engines.push(engine.to_string());
        self.findings
            .extend(findings.into_iter().map(|finding| Found {
                engine: engine.to_string(),
                finding,
            }));
    }

    fn note(&mut self, n: String) {
        if self.summary.notes.len() < MAX_NOTES {
            self.summary.notes.push(n);
        } else if self.summary.notes.len() == MAX_NOTES {
            self.summary
                .notes
                .push("... further notes left out".to_string());
        }
    }

    /// Apply [`MAX_FINDINGS`].
    fn cap(mut self) -> Ran {
        if self.findings.len() > MAX_FINDINGS {
            let n = self.findings.len();
            self.findings.truncate(MAX_FINDINGS);
            self.summary.notes.insert(
                0,
                format!("{n} findings: only the first {MAX_FINDINGS} are kept"),
            );
        }
        self
    }
}

/// The path a form named: trimmed, `~/` expanded, absolute (a relative
/// path would be relative to wherever the server was started, which the
/// person at the browser cannot see), and existing.
pub fn local_path(raw: &str) -> Result<PathBuf, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("give the path of a file or directory on this machine".into());
    }
    if raw.len() > 4096 {
        return Err("the path is longer than 4096 characters".into());
    }
    let p = match raw.strip_prefix("~/") {
        Some(rest) => match std::env::var_os("HOME") {
            Some(h) => Path::new(&h).join(rest),
            None => return Err(format!("{raw}: `~` cannot be expanded: HOME is not set")),
        },
        None => PathBuf::from(raw),
    };
    if !p.is_absolute() {
        return Err(format!(
            "{raw}: give an absolute path (such as /home/you/project or ~/project); a relative one would depend on where the server was started"
        ));
    }
    match std::fs::symlink_metadata(&p) {
        Ok(_) => Ok(p),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(format!("{}: no such file or directory", p.display()))
        }
        Err(e) => Err(format!("{}: cannot read: {e}", p.display())),
    }
}

/// A whole input file, refused when it is a directory or over `max` bytes
/// (checked before reading).
fn read_file(p: &Path, max: u64, what: &str) -> Result<Vec<u8>, String> {
    let shown = p.display();
    let meta = std::fs::metadata(p).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if meta.is_dir() {
        return Err(format!("{shown}: is a directory; pass {what}"));
    }
    if meta.len() > max {
        return Err(format!(
            "{shown}: the file is {} bytes; the limit here is {max} bytes (the CLI has none)",
            meta.len()
        ));
    }
    std::fs::read(p).map_err(|e| format!("{shown}: cannot read: {e}"))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Taint analysis and/or secret search over a file or a tree.
pub fn scan(path: &Path, code: bool, secrets: bool) -> Result<Ran, String> {
    if !code && !secrets {
        return Err("tick at least one engine: code (taint analysis) or secrets".into());
    }
    let mut ran = Ran::default();
    if code {
        let opts = code_scan::tree::TreeOptions {
            families: Vec::new(),
            max_file_size: MAX_SOURCE_BYTES,
            jobs: workers(),
            max_files: Some(MAX_FILES),
        };
        let t = code_scan::tree::scan_tree(&[path.to_path_buf()], &opts, &|_| {})?;
        ran.summary.read.push(format!(
            "code: scanned {}, {} (Java, Python, JavaScript, TypeScript){}{}",
            plural(t.files, "file", "files"),
            plural(t.lines, "line", "lines"),
            if t.skipped.is_empty() {
                String::new()
            } else {
                format!(", skipped {}", t.skipped.len())
            },
            if t.suppressed > 0 {
                format!(", {} suppressed inline", t.suppressed)
            } else {
                String::new()
            }
        ));
        if t.not_scanned > 0 {
            ran.note(format!(
                "code: {} more source files were not scanned: the limit here is {MAX_FILES} (run `barraiser scan` for the whole tree)",
                t.not_scanned
            ));
        }
        for n in t.notes {
            ran.note(n);
        }
        for (p, why, detail) in &t.skipped {
            ran.note(format!(
                "{}: skipped ({}){}",
                code_scan::tree::display_path(p),
                why.label(),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(": {detail}")
                }
            ));
        }
        ran.add("code-scan", t.findings);
    }
    if secrets {
        let engine =
            secrets::Engine::new(&secrets::Config::default()).map_err(|e| e.to_string())?;
        let opts = secrets::walk::WalkOptions {
            max_file_size: MAX_SOURCE_BYTES,
            no_ignore: false,
            threads: workers(),
        };
        let t = secrets::walk::scan_tree(&engine, &[path.to_path_buf()], &opts, &|_| {});
        ran.summary.read.push(format!(
            "secrets: scanned {} ({:.1} MB, {}){}",
            plural(t.files, "file", "files"),
            t.bytes as f64 / 1_048_576.0,
            plural(t.lines, "line", "lines"),
            if t.suppressed > 0 {
                format!(", {} allowed inline", t.suppressed)
            } else {
                String::new()
            }
        ));
        for s in &t.skipped {
            ran.note(format!(
                "{}: skipped by the secret search ({}){}",
                s.path,
                s.reason.label(),
                if s.detail.is_empty() {
                    String::new()
                } else {
                    format!(": {}", s.detail)
                }
            ));
        }
        if !t.lossy.is_empty() {
            ran.note(format!(
                "{} file(s) are not valid UTF-8 and were searched as bytes (first: {})",
                t.lossy.len(),
                t.lossy[0]
            ));
        }
        ran.add("secrets", t.findings());
    }
    Ok(ran.cap())
}

/// Analyse a threat model (YAML) with the default cost model.
pub fn threat_model(path: &Path) -> Result<Ran, String> {
    let bytes = read_file(
        path,
        threat_model::parse::MAX_MODEL_BYTES as u64,
        "the model's YAML file",
    )?;
    let content = threat_model::content::Content::embedded().map_err(|e| e.to_string())?;
    let shown = path.display().to_string();
    let model =
        threat_model::parse_bytes_with(&shown, &bytes, content, &impact::CostModel::default())
            .map_err(|diags| {
                let mut lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
                if diags.len() > 1 {
                    lines.push(format!("{} errors", diags.len()));
                }
                lines.join("\n")
            })?;
    let name = model.name.clone();
    let analysis = threat_model::analyze(model, content);
    let mut ran = Ran::default();
    ran.summary.read.push(format!(
        "threat model \"{name}\": {}",
        plural(analysis.threats.len(), "threat", "threats")
    ));
    if let Some(c) = &analysis.critical_flow {
        ran.summary
            .read
            .push(format!("most critical flow: {} ({})", c.flow, c.summary));
    }
    ran.add("threat-model", analysis.findings().cloned().collect());
    Ok(ran.cap())
}

/// Every log detection (brute force, credential stuffing, content
/// discovery) with the CLI's defaults over one log file (plain or gzip,
/// format detected).
pub fn logs(path: &Path) -> Result<Ran, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    if meta.is_file() && meta.len() > MAX_LOG_BYTES {
        return Err(format!(
            "{}: the file is {} bytes; the limit here is {MAX_LOG_BYTES} bytes (use `barraiser logs detect` for bigger logs)",
            path.display(),
            meta.len()
        ));
    }
    let plan = logs::Plan::all();
    let opts = logs::Options {
        year: logs::time::current_year(),
        ..logs::Options::default()
    };
    // rayon's global pool (one thread per core): the log engine is the
    // fastest of the five and a per-run pool would need rayon as a direct
    // dependency of the web crate.
    let mut a = logs::Analyzer::new(plan.clone(), opts);
    a.add_path(path);
    let an = a.finish();
    let errors: Vec<String> = an.errors().map(ToString::to_string).collect();
    if !errors.is_empty() && an.events == 0 {
        return Err(errors.join("\n"));
    }
    let mut ran = Ran::default();
    let formats: Vec<&str> = an
        .files
        .iter()
        .filter_map(|f| f.format.map(logs::Format::as_str))
        .collect();
    ran.summary.read.push(format!(
        "log ({}): {} lines, {} events, {} malformed{}",
        formats.join(", "),
        an.lines,
        an.events,
        an.malformed,
        match (an.first_ts, an.last_ts) {
            (Some(a), Some(b)) => format!(
                ", {} to {}",
                logs::time::format_rfc3339(a),
                logs::time::format_rfc3339(b)
            ),
            _ => String::new(),
        }
    ));
    for e in errors {
        ran.note(e);
    }
    for f in &an.files {
        for w in &f.warnings {
            ran.note(format!("{}: {w}", f.name));
        }
    }
    for m in &an.malformed_samples {
        ran.note(format!(
            "malformed {}:{}: {}: {}",
            m.file, m.line, m.reason, m.excerpt
        ));
    }
    ran.add("logs", an.findings(&plan));
    Ok(ran.cap())
}

/// Audit one IAM policy document, a list of them, or
/// get-account-authorization-details output, offline (never AWS).
pub fn iam(path: &Path) -> Result<Ran, String> {
    let bytes = read_file(path, MAX_IAM_BYTES, "a policy JSON file")?;
    let shown = path.display().to_string();
    let findings = iam::audit_bytes(&shown, &bytes, &iam::AuditOptions::default())
        .map_err(|d| d.to_string())?;
    let mut ran = Ran::default();
    ran.summary
        .read
        .push(format!("IAM: audited {} ({} bytes)", shown, bytes.len()));
    ran.add("iam", findings);
    Ok(ran.cap())
}

/// SARIF descriptors for the rules of every engine in a run.
pub fn sarif_rules(engines: &[String], findings: &[Finding]) -> Vec<report::sarif::RuleMeta> {
    let mut out = Vec::new();
    for e in engines {
        match e.as_str() {
            "code-scan" => out.extend(code_scan::rules::sarif_metas()),
            "secrets" => {
                if let Ok(engine) = secrets::Engine::new(&secrets::Config::default()) {
                    out.extend(engine.rules().map(|r| r.sarif_meta()));
                }
            }
            "logs" => out.extend(logs::rules()),
            "iam" => out.extend(iam::rules::sarif_metas()),
            "threat-model" => {
                if let Ok(c) = threat_model::content::Content::embedded() {
                    out.extend(threat_model::output::sarif::rule_metas(c, findings));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_be_absolute_and_exist() {
        assert!(local_path("  ").unwrap_err().contains("give the path"));
        assert!(local_path("src").unwrap_err().contains("absolute path"));
        assert!(local_path("/no/such/place")
            .unwrap_err()
            .contains("/no/such/place: no such file or directory"));
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().to_string_lossy().to_string();
        assert_eq!(local_path(&format!(" {p} ")).unwrap(), dir.path());
    }

    #[test]
    fn a_found_finding_round_trips_flattened() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.py"),
            "from flask import request\nimport os\nos.system(request.args['c'])\n",
        )
        .unwrap();
        let ran = scan(dir.path(), true, false).unwrap();
        assert!(!ran.findings.is_empty());
        let v = serde_json::to_value(&ran.findings[0]).unwrap();
        assert_eq!(v["engine"], "code-scan");
        assert!(v["rule_id"].is_string(), "flattened: {v}");
        let back: Found = serde_json::from_value(v).unwrap();
        assert_eq!(back.finding, ran.findings[0].finding);
    }
}
