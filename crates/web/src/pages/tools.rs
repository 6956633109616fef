//! Tools: run the engines on a local path (code and secret scan, threat
//! model analysis, log audit, IAM policy audit) and read every result in
//! one findings table: filter, sort, open a finding for its evidence and
//! remediation, download JSON or SARIF.
//!
//! A run executes on the blocking pool, is stored when it finishes
//! (`store::Store::save_tool_run`) and gets a stable URL,
//! `/tools/run/{id}`. The table filters and sorts on the server from
//! `?q=&severity=&engine=&sort=&dir=`, so it works without JavaScript;
//! `tools.js` does the same in the page as you type or click.
//!
//! The paths are read on the machine the app runs on. That is the point of
//! a local tool, and why the app binds to loopback (and needs its token
//! anywhere else).

mod engines;

use super::{blocking, render, PageError};
use crate::security::{form_pairs, Csrf};
use crate::Shared;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use engines::{Found, Summary};
use report::{Category, Evidence, Location, Severity};
use serde::Deserialize;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/tools", get(page))
        .route("/tools/run", post(run))
        .route("/tools/run/{file}", get(result))
        .route("/tools/run/{id}/finding/{n}", get(finding))
}

/// The tools, as the forms name them: (form value, label).
const TOOLS: [(&str, &str); 4] = [
    ("scan", "Code and secret scan"),
    ("threat-model", "Threat model analysis"),
    ("logs", "Log audit"),
    ("iam", "IAM policy audit"),
];

fn tool_label(tool: &str) -> String {
    TOOLS
        .iter()
        .find(|(t, _)| *t == tool)
        .map_or(tool, |(_, l)| l)
        .to_string()
}

/// The severity order of the table, worst first.
fn rank(s: Severity) -> u8 {
    match s {
        Severity::Info => 0,
        Severity::Low => 1,
        Severity::Medium => 2,
        Severity::High => 3,
        Severity::Critical => 4,
    }
}

// ---------------------------------------------------------------- /tools

/// One form on the page, with what was typed and the error if it failed.
pub struct ToolForm {
    pub tool: &'static str,
    pub title: &'static str,
    pub blurb: &'static str,
    pub placeholder: &'static str,
    pub button: &'static str,
    pub path: String,
    pub error: Option<String>,
    /// The scan form's engine boxes.
    pub engines: bool,
    pub code: bool,
    pub secrets: bool,
}

pub struct RunRow {
    pub id: i64,
    pub started_at: String,
    pub tool: String,
    pub target: String,
    pub findings: usize,
}

#[derive(Template)]
#[template(path = "tools.html")]
pub struct ToolsPage {
    pub csrf: String,
    pub forms: Vec<ToolForm>,
    pub runs: Vec<RunRow>,
}

/// What the last submission was, to show its error in its own form.
struct Attempted {
    tool: String,
    path: String,
    code: bool,
    secrets: bool,
    error: String,
}

fn forms(failed: Option<&Attempted>) -> Vec<ToolForm> {
    let mk = |tool: &'static str,
              title: &'static str,
              blurb: &'static str,
              placeholder: &'static str,
              button: &'static str| {
        let mine = failed.filter(|f| f.tool == tool);
        ToolForm {
            tool,
            title,
            blurb,
            placeholder,
            button,
            path: mine.map(|f| f.path.clone()).unwrap_or_default(),
            error: mine.map(|f| f.error.clone()),
            engines: tool == "scan",
            code: mine.is_none_or(|f| f.code),
            secrets: mine.is_none_or(|f| f.secrets),
        }
    };
    vec![
        mk(
            "scan",
            "Scan source code",
            "Taint analysis (Java, Python, JavaScript, TypeScript: untrusted input reaching SQL, a shell, HTML, a file path...) and a secret search, over a file or a directory. .gitignore is honoured; vendored, generated and binary files are skipped.",
            "/home/you/project",
            "Scan",
        ),
        mk(
            "threat-model",
            "Analyse a threat model",
            "A model YAML file (actors, services, stores, flows, boundaries): STRIDE threats per element and flow, with mitigations and the expected loss.",
            "/home/you/models/payments.yaml",
            "Analyse",
        ),
        mk(
            "logs",
            "Audit an access log",
            "One log file, plain or gzip: Apache/Nginx combined, ALB, CloudFront, CloudTrail or SSH auth.log (detected). Finds brute force, credential stuffing and content-discovery scans.",
            "/var/log/nginx/access.log",
            "Audit log",
        ),
        mk(
            "iam",
            "Audit IAM policies",
            "A policy document, a JSON array of them, or `aws iam get-account-authorization-details` output saved to a file. Read offline: the app never calls AWS.",
            "/home/you/account.json",
            "Audit policies",
        ),
    ]
}

fn tools_page(
    app: &Shared,
    csrf: String,
    failed: Option<&Attempted>,
) -> Result<ToolsPage, PageError> {
    let s = app.open()?;
    let runs = s
        .tool_runs(50)
        .map_err(PageError::store)?
        .into_iter()
        .map(|h| RunRow {
            id: h.id,
            started_at: h.started_at,
            tool: tool_label(&h.tool),
            target: h.target,
            findings: h.findings,
        })
        .collect();
    Ok(ToolsPage {
        csrf,
        forms: forms(failed),
        runs,
    })
}

pub async fn page(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
) -> Result<Response, PageError> {
    let p = blocking(move || tools_page(&app, csrf, None)).await?;
    Ok(render(&p))
}

/// Run a tool, store the run, and go to its results; bad input comes back
/// on the Tools page, in the form that was sent, with the engine's message.
pub async fn run(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    body: Bytes,
) -> Result<Response, PageError> {
    let pairs = form_pairs(&body);
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let tool = get("tool").unwrap_or_default();
    if !TOOLS.iter().any(|(t, _)| *t == tool) {
        return Err(PageError::bad(format!(
            "unknown tool `{tool}`; the Tools page has scan, threat-model, logs and iam"
        )));
    }
    let attempted = Attempted {
        tool,
        path: get("path").unwrap_or_default(),
        code: get("code").is_some(),
        secrets: get("secrets").is_some(),
        error: String::new(),
    };
    let outcome = blocking(move || {
        let started_at = store::now_rfc3339();
        let clock = std::time::Instant::now();
        let ran =
            engines::local_path(&attempted.path).and_then(|p| match attempted.tool.as_str() {
                "scan" => engines::scan(&p, attempted.code, attempted.secrets),
                "threat-model" => engines::threat_model(&p),
                "logs" => engines::logs(&p),
                _ => engines::iam(&p),
            });
        let mut ran = match ran {
            Ok(r) => r,
            Err(error) => {
                let failed = Attempted { error, ..attempted };
                return Ok(Err(tools_page(&app, csrf, Some(&failed))?));
            }
        };
        ran.summary.elapsed_ms = Some(clock.elapsed().as_millis().min(u128::from(u64::MAX)) as u64);
        let findings = ran
            .findings
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| PageError::bad(format!("a finding cannot be stored: {e}")))?;
        let summary = serde_json::to_value(&ran.summary)
            .map_err(|e| PageError::bad(format!("the summary cannot be stored: {e}")))?;
        let mut s = app.open()?;
        let id = s
            .save_tool_run(&store::NewToolRun {
                tool: attempted.tool.clone(),
                target: attempted.path.trim().to_string(),
                started_at,
                finished_at: store::now_rfc3339(),
                findings,
                summary,
            })
            .map_err(PageError::store)?;
        Ok(Ok(id))
    })
    .await?;
    Ok(match outcome {
        Ok(id) => Redirect::to(&format!("/tools/run/{id}")).into_response(),
        Err(page) => {
            let mut r = render(&page);
            *r.status_mut() = StatusCode::BAD_REQUEST;
            r
        }
    })
}

// ------------------------------------------------------- /tools/run/{id}

/// A stored run with its findings read back.
struct Loaded {
    run: store::ToolRun,
    found: Vec<Found>,
    summary: Summary,
}

fn load(app: &Shared, id: i64) -> Result<Loaded, PageError> {
    let s = app.open()?;
    let mut run = s
        .tool_run(id)
        .map_err(PageError::store)?
        .ok_or_else(|| PageError::missing(format!("no tool run {id}")))?;
    let found = std::mem::take(&mut run.findings)
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::from_value::<Found>(v).map_err(|e| PageError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                message: format!("run {id}, finding {}: cannot be read: {e}", i + 1),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let summary = serde_json::from_value(run.summary.clone()).unwrap_or_default();
    Ok(Loaded {
        run,
        found,
        summary,
    })
}

/// Where a finding is, for the table: `path:line`, or the model element
/// (and its line when known).
fn place(l: &Location) -> String {
    match l {
        Location::File(s) => format!("{}:{}", s.path, s.start_line),
        Location::Element {
            element,
            element_type,
            span,
        } => match span {
            Some(s) => format!("{element_type} {element} ({}:{})", s.path, s.start_line),
            None => format!("{element_type} {element}"),
        },
    }
}

pub struct Row {
    /// 1-based position in the run (the finding's URL).
    pub n: usize,
    pub severity: &'static str,
    pub rank: u8,
    pub rule: String,
    pub title: String,
    pub location: String,
    pub path: String,
    pub line: u32,
    pub engine: String,
    /// Lower-case text the filter box searches.
    pub hay: String,
    /// Matches the filter (rows that do not are rendered `hidden`, so the
    /// script can show them again when the filter widens).
    pub shown: bool,
}

pub struct SortLink {
    pub key: &'static str,
    pub label: &'static str,
    pub href: String,
    /// `ascending`, `descending` or `none`.
    pub aria: &'static str,
}

#[derive(Template)]
#[template(path = "tools_run.html")]
pub struct RunPage {
    pub csrf: String,
    pub id: i64,
    pub tool: String,
    pub tool_key: String,
    pub target: String,
    pub started_at: String,
    pub elapsed: String,
    pub summary: Summary,
    pub counts: Vec<(&'static str, usize)>,
    pub rows: Vec<Row>,
    pub shown: usize,
    pub engines: Vec<String>,
    pub q: String,
    pub severity: String,
    pub engine: String,
    pub sort: String,
    pub dir: String,
    pub columns: Vec<SortLink>,
    /// The scan's engine boxes, to run it again the same way.
    pub rerun_code: bool,
    pub rerun_secrets: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct TableQuery {
    q: Option<String>,
    severity: Option<String>,
    engine: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
}

const COLUMNS: [(&str, &str); 5] = [
    ("severity", "Severity"),
    ("rule", "Rule"),
    ("title", "Title"),
    ("location", "Location"),
    ("engine", "Engine"),
];

/// A column's first direction: worst first for severity, A to Z otherwise.
fn default_dir(key: &str) -> &'static str {
    if key == "severity" {
        "desc"
    } else {
        "asc"
    }
}

fn query_string(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.is_empty() {
            s.append_pair(k, v);
        }
    }
    s.finish()
}

/// `/tools/run/{id}`, `/tools/run/{id}.json` or `/tools/run/{id}.sarif`.
pub async fn result(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    Path(file): Path<String>,
    Query(tq): Query<TableQuery>,
) -> Result<Response, PageError> {
    let (id, ext) = match file.split_once('.') {
        Some((id, ext)) => (id, ext),
        None => (file.as_str(), ""),
    };
    let id: i64 = id
        .parse()
        .map_err(|_| PageError::missing(format!("no tool run `{file}`")))?;
    let ext = ext.to_string();
    if !matches!(ext.as_str(), "" | "json" | "sarif") {
        return Err(PageError::missing(format!(
            "no `.{ext}` download; there is .json and .sarif"
        )));
    }
    let severity = tq.severity.clone().unwrap_or_default();
    let min = match severity.as_str() {
        "" | "any" => None,
        s => Some(s.parse::<Severity>().map_err(|_| {
            PageError::bad(format!(
                "unknown severity `{s}`; use info, low, medium, high or critical"
            ))
        })?),
    };
    let sort = tq.sort.clone().unwrap_or_else(|| "severity".into());
    if !COLUMNS.iter().any(|(k, _)| *k == sort) {
        return Err(PageError::bad(format!(
            "cannot sort by `{sort}`; use severity, rule, title, location or engine"
        )));
    }
    let dir = match tq.dir.as_deref() {
        None | Some("") => default_dir(&sort).to_string(),
        Some(d @ ("asc" | "desc")) => d.to_string(),
        Some(d) => {
            return Err(PageError::bad(format!(
                "`{d}` is not a direction; use asc or desc"
            )))
        }
    };
    let loaded = blocking(move || load(&app, id)).await?;
    match ext.as_str() {
        "json" => return Ok(json_download(&loaded)),
        "sarif" => return Ok(sarif_download(&loaded)),
        _ => {}
    }
    let q = tq.q.unwrap_or_default();
    let engine = tq.engine.unwrap_or_default();
    let Loaded {
        run,
        found,
        summary,
    } = loaded;
    let needle = q.trim().to_lowercase();
    let mut rows: Vec<Row> = found
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let f = &x.finding;
            let location = place(&f.location);
            let (path, line) = f
                .location
                .span()
                .map_or((String::new(), 0), |s| (s.path.clone(), s.start_line));
            let hay = format!(
                "{} {} {} {} {}",
                f.rule_id, f.title, f.message, location, x.engine
            )
            .to_lowercase();
            let shown = min.is_none_or(|m| f.severity >= m)
                && (engine.is_empty() || engine == x.engine)
                && (needle.is_empty() || hay.contains(&needle));
            Row {
                n: i + 1,
                severity: f.severity.as_str(),
                rank: rank(f.severity),
                rule: f.rule_id.clone(),
                title: f.title.clone(),
                location,
                path,
                line,
                engine: x.engine.clone(),
                hay,
                shown,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let by_place = (&a.path, a.line, a.n).cmp(&(&b.path, b.line, b.n));
        let o = match sort.as_str() {
            "severity" => a.rank.cmp(&b.rank),
            "rule" => a.rule.cmp(&b.rule),
            "title" => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
            "engine" => a.engine.cmp(&b.engine),
            _ => by_place,
        };
        let o = if dir == "desc" { o.reverse() } else { o };
        // ties in place order, always ascending
        o.then(by_place)
    });
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for s in Severity::ALL.iter().rev() {
        let n = found.iter().filter(|x| x.finding.severity == *s).count();
        if n > 0 {
            counts.push((s.as_str(), n));
        }
    }
    let columns = COLUMNS
        .iter()
        .map(|(key, label)| {
            let active = *key == sort;
            let next = if active {
                if dir == "asc" {
                    "desc"
                } else {
                    "asc"
                }
            } else {
                default_dir(key)
            };
            SortLink {
                key,
                label,
                href: format!(
                    "?{}",
                    query_string(&[
                        ("q", &q),
                        ("severity", &severity),
                        ("engine", &engine),
                        ("sort", key),
                        ("dir", next),
                    ])
                ),
                aria: match (active, dir.as_str()) {
                    (false, _) => "none",
                    (true, "asc") => "ascending",
                    _ => "descending",
                },
            }
        })
        .collect();
    let engines = summary.engines.clone();
    let page = RunPage {
        csrf,
        id: run.id,
        tool: tool_label(&run.tool),
        tool_key: run.tool.clone(),
        target: run.target,
        started_at: run.started_at,
        elapsed: summary
            .elapsed_ms
            .map(|ms| format!("{:.2} s", ms as f64 / 1000.0))
            .unwrap_or_default(),
        rerun_code: engines.iter().any(|e| e == "code-scan"),
        rerun_secrets: engines.iter().any(|e| e == "secrets"),
        summary,
        counts,
        shown: rows.iter().filter(|r| r.shown).count(),
        rows,
        engines,
        q,
        severity,
        engine,
        sort,
        dir,
        columns,
    };
    Ok(render(&page))
}

fn attachment(body: String, ty: &'static str, name: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, ty.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The run as JSON: the run's facts, the summary, and every finding (a
/// `report::Finding` with its `engine`).
fn json_download(l: &Loaded) -> Response {
    let doc = serde_json::json!({
        "run": {
            "id": l.run.id,
            "tool": l.run.tool,
            "target": l.run.target,
            "started_at": l.run.started_at,
            "finished_at": l.run.finished_at,
        },
        "summary": l.summary,
        "findings": l.found,
    });
    attachment(
        report::to_json_pretty(&doc),
        "application/json",
        format!("barraiser-run-{}.json", l.run.id),
    )
}

/// The run as SARIF 2.1.0 through the report crate, with each engine's rule
/// descriptors; paths under a scanned directory become relative to it, as
/// code scanning expects.
fn sarif_download(l: &Loaded) -> Response {
    let root = l.run.target.trim_end_matches('/').to_string() + "/";
    let mut findings: Vec<report::Finding> = l.found.iter().map(|x| x.finding.clone()).collect();
    for f in &mut findings {
        let span = match &mut f.location {
            Location::File(s) => Some(s),
            Location::Element { span, .. } => span.as_mut(),
        };
        if let Some(s) = span {
            if let Some(rest) = s.path.strip_prefix(&root) {
                s.path = rest.to_string();
            }
        }
    }
    let rules = engines::sarif_rules(&l.summary.engines, &findings);
    let body = report::sarif::render(
        &report::sarif::Tool::barraiser(),
        &rules,
        &findings,
        &l.run.target,
    );
    attachment(
        body,
        "application/sarif+json",
        format!("barraiser-run-{}.sarif", l.run.id),
    )
}

// ------------------------------------------- /tools/run/{id}/finding/{n}

pub struct NumLine {
    pub n: String,
    pub text: String,
}

pub struct Fix {
    pub title: String,
    pub service: String,
    pub parameter: String,
    pub metric: String,
    pub in_place: bool,
}

#[derive(Template)]
#[template(path = "tools_finding.html")]
pub struct FindingPage {
    pub run_id: i64,
    pub tool: String,
    pub n: usize,
    pub total: usize,
    pub engine: String,
    pub title: String,
    pub severity: &'static str,
    pub confidence: &'static str,
    pub rule: String,
    pub location: String,
    pub message: String,
    pub excerpt: Vec<NumLine>,
    pub steps: Vec<(String, String)>,
    pub facts: Vec<String>,
    pub fixes: Vec<Fix>,
    pub categories: Vec<String>,
    pub impact: Vec<(&'static str, String)>,
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn category(c: &Category) -> String {
    match c {
        Category::Cwe(n) => format!("CWE-{n}"),
        Category::Stride(s) => format!("STRIDE: {} ({})", s.name(), s.property()),
        Category::OwaspApi(id) => format!("OWASP API Security Top 10: {id}"),
        Category::ZeroTrust(p) => format!("Zero Trust: {p}"),
    }
}

fn impact_rows(e: &impact::Estimate) -> Vec<(&'static str, String)> {
    let usd = |n: u64| format!("${}", thousands(n));
    let mut v = vec![
        ("Kind", format!("{:?}", e.kind).to_lowercase()),
        ("Records", thousands(e.records)),
        ("Single loss", usd(e.single_loss_usd)),
        (
            "Likelihood",
            format!(
                "{} ({:.0}% to {:.0}% a year)",
                e.likelihood.label(),
                e.likelihood.low * 100.0,
                e.likelihood.high * 100.0
            ),
        ),
        (
            "Expected loss a year",
            format!(
                "{} to {}",
                usd(e.expected_loss_usd.low),
                usd(e.expected_loss_usd.high)
            ),
        ),
        (
            "With the controls in place",
            format!(
                "{} to {} ({:.0}% effective)",
                usd(e.residual_loss_usd.low),
                usd(e.residual_loss_usd.high),
                e.mitigation_effectiveness * 100.0
            ),
        ),
    ];
    if e.downtime_hours > 0.0 {
        v.insert(2, ("Downtime", format!("{:.1} h", e.downtime_hours)));
    }
    if let Some(g) = e.gdpr_exposure_eur {
        v.push(("GDPR fine up to", format!("€{}", thousands(g))));
    }
    v
}

/// Numbered lines of an excerpt, from the finding's line when it has one.
fn numbered(text: &str, first: Option<u32>) -> Vec<NumLine> {
    text.lines()
        .enumerate()
        .map(|(i, t)| NumLine {
            n: first.map_or(String::new(), |f| (f as usize + i).to_string()),
            text: t.to_string(),
        })
        .collect()
}

pub async fn finding(
    State(app): State<Shared>,
    Path((id, n)): Path<(i64, usize)>,
) -> Result<Response, PageError> {
    let l = blocking(move || load(&app, id)).await?;
    let total = l.found.len();
    let x = n
        .checked_sub(1)
        .and_then(|i| l.found.get(i))
        .ok_or_else(|| {
            PageError::missing(format!(
                "run {id} has {total} findings; there is no number {n}"
            ))
        })?;
    let f = &x.finding;
    let first = f.location.span().map(|s| s.start_line);
    let (mut excerpt, mut steps, mut facts) = (Vec::new(), Vec::new(), Vec::new());
    match &f.evidence {
        Some(Evidence::Excerpt { text }) => excerpt = numbered(text, first),
        Some(Evidence::Path {
            steps: s,
            excerpt: e,
        }) => {
            steps = s
                .iter()
                .map(|(sp, note)| {
                    (
                        format!("{}:{}:{}", sp.path, sp.start_line, sp.start_column),
                        note.clone(),
                    )
                })
                .collect();
            if let Some(e) = e {
                excerpt = numbered(e, first);
            }
        }
        Some(Evidence::Facts { facts: fs }) => facts = fs.clone(),
        None => {}
    }
    let page = FindingPage {
        run_id: id,
        tool: tool_label(&l.run.tool),
        n,
        total,
        engine: x.engine.clone(),
        title: f.title.clone(),
        severity: f.severity.as_str(),
        confidence: f.confidence.as_str(),
        rule: f.rule_id.clone(),
        location: place(&f.location),
        message: f.message.clone(),
        excerpt,
        steps,
        facts,
        fixes: f
            .remediation
            .iter()
            .map(|r| Fix {
                title: r.title.to_string(),
                service: r.service.to_string(),
                parameter: r.parameter.to_string(),
                metric: r.metric.to_string(),
                in_place: r.in_place,
            })
            .collect(),
        categories: f.categories.iter().map(category).collect(),
        impact: f.impact.as_ref().map(impact_rows).unwrap_or_default(),
    };
    Ok(render(&page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn query_strings_leave_out_empty_values_and_encode() {
        assert_eq!(
            query_string(&[("q", "a&b <c>"), ("severity", ""), ("sort", "rule")]),
            "q=a%26b+%3Cc%3E&sort=rule"
        );
    }
}
