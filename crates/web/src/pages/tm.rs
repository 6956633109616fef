//! Threat-model studio: pick a scenario and start the clock, write the
//! model in YAML beside the brief while the server checks it as you type
//! (positioned parse errors and lint, a live data-flow diagram), submit it
//! for grading, then read the score breakdown and your model beside the
//! reference. The canvas of the model can be opened as a printable page,
//! or downloaded as self-contained HTML or Threat Composer JSON.
//!
//! Attempts are the CLI's (`barraiser drill threat-model`): drill kind
//! `threat-model`, the scenario name as item id, the grade as details, so
//! the dashboard and `barraiser status` count both alike. While an attempt
//! runs, its details hold the draft (`{"draft": yaml}`); once graded they
//! hold the grade plus the graded model under `answer`, which the graded
//! view and the exports re-read.
//!
//! Every engine call is the library's: `tm_drill` grades, compares and
//! writes the starter file; `threat_model` parses, lints, analyses and
//! renders the canvas and the Threat Composer export.

use super::{blocking, elapsed_secs, render, PageError};
use crate::security::{form_pairs, Csrf};
use crate::Shared;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Serialize;
use serde_json::{json, Value};
use std::time::Duration;
use threat_model::content::{Content, Scenario};
use threat_model::output::{canvas, tc_json};

/// The drill kind the CLI records threat-model attempts under.
const KIND: &str = "threat-model";
/// The file name parse errors and the canvas footer show.
const FILE: &str = "model.yaml";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/tm", get(list))
        .route("/tm/start", post(start))
        .route("/tm/canvas.css", get(canvas_css))
        .route("/tm/attempt/{id}", get(attempt).post(submit))
        .route("/tm/attempt/{id}/check", post(check_api))
        .route("/tm/attempt/{id}/diagram.svg", get(diagram))
        .route("/tm/attempt/{id}/canvas", get(canvas_page))
        .route("/tm/attempt/{id}/canvas.html", get(canvas_download))
        .route("/tm/attempt/{id}/tc.json", get(tc_json_download))
}

fn content() -> Result<&'static Content, PageError> {
    Content::embedded().map_err(|e| PageError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        message: e.to_string(),
    })
}

fn scenario(name: &str) -> Result<&'static Scenario, PageError> {
    content()?
        .scenario(name)
        .ok_or_else(|| PageError::missing(format!("scenario `{name}` is not in this build")))
}

/// A threat-model attempt by id.
fn load(s: &store::Store, id: i64) -> Result<store::Attempt, PageError> {
    s.attempt(id)
        .map_err(PageError::store)?
        .filter(|a| a.drill_kind == KIND)
        .ok_or_else(|| PageError::missing(format!("no threat-model attempt {id}")))
}

/// The model an attempt holds now: the graded answer, the saved draft, or
/// (a fresh attempt, or one started from the CLI) the starter file.
fn model_text(a: &store::Attempt) -> Result<String, PageError> {
    let key = if a.finished_at.is_some() {
        "answer"
    } else {
        "draft"
    };
    match a.details.get(key).and_then(Value::as_str) {
        Some(t) => Ok(t.to_string()),
        None if a.finished_at.is_some() => Err(PageError::missing(format!(
            "attempt {} was graded from the command line, which does not keep the model",
            a.id
        ))),
        None => Ok(tm_drill::starter(scenario(&a.item_id)?)),
    }
}

// ------------------------------------------------------------------ list

pub struct ScenarioRow {
    pub name: String,
    pub title: String,
    pub prompt: String,
    pub minutes: u32,
    pub graded: usize,
    pub best: Option<u8>,
    pub last: Option<u8>,
    /// The latest attempt still running, to resume.
    pub open: Option<i64>,
}

pub struct PastRow {
    pub id: i64,
    pub title: String,
    pub date: String,
    pub score: u8,
}

#[derive(Template)]
#[template(path = "tm_list.html")]
pub struct List {
    pub csrf: String,
    pub scenarios: Vec<ScenarioRow>,
    pub past: Vec<PastRow>,
}

pub async fn list(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
) -> Result<Response, PageError> {
    let page = blocking(move || {
        let attempts = app
            .open()?
            .attempt_summaries(Some(KIND))
            .map_err(PageError::store)?;
        let c = content()?;
        let scenarios = c
            .scenarios
            .iter()
            .map(|sc| {
                let mine: Vec<&store::Attempt> =
                    attempts.iter().filter(|a| a.item_id == sc.name).collect();
                let scores: Vec<u8> = mine.iter().filter_map(|a| a.score).collect();
                ScenarioRow {
                    name: sc.name.clone(),
                    title: sc.title.clone(),
                    prompt: sc.prompt.clone(),
                    minutes: sc.minutes,
                    graded: scores.len(),
                    best: scores.iter().copied().max(),
                    last: scores.last().copied(),
                    open: mine
                        .iter()
                        .rev()
                        .find(|a| a.finished_at.is_none())
                        .map(|a| a.id),
                }
            })
            .collect();
        let past = attempts
            .iter()
            .rev()
            .filter_map(|a| {
                Some(PastRow {
                    id: a.id,
                    title: c
                        .scenario(&a.item_id)
                        .map_or_else(|| a.item_id.clone(), |s| s.title.clone()),
                    date: a.finished_at.as_deref()?.chars().take(10).collect(),
                    score: a.score?,
                })
            })
            .take(15)
            .collect();
        Ok(List {
            csrf,
            scenarios,
            past,
        })
    })
    .await?;
    Ok(render(&page))
}

/// POST /tm/start: a new attempt on the chosen scenario, its draft the
/// starter file; the clock starts now.
pub async fn start(State(app): State<Shared>, body: Bytes) -> Result<Response, PageError> {
    let name = form_pairs(&body)
        .into_iter()
        .find(|(k, _)| k == "scenario")
        .map(|(_, v)| v)
        .ok_or_else(|| PageError::bad("choose a scenario"))?;
    let id = blocking(move || {
        let sc = scenario(&name)?;
        app.open()?
            .start_attempt(&store::NewAttempt {
                drill_kind: KIND.into(),
                item_id: sc.name.clone(),
                started_at: store::now_rfc3339(),
                details: json!({ "draft": tm_drill::starter(sc) }),
            })
            .map_err(PageError::store)
    })
    .await?;
    Ok(Redirect::to(&format!("/tm/attempt/{id}")).into_response())
}

// ----------------------------------------------------------------- check

/// One parse error or lint finding, positioned in the editor.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// `error` (the model does not parse) or the lint severity.
    pub severity: String,
    /// The lint rule; empty for parse errors.
    pub rule: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub help: String,
}

/// What the server makes of a draft: the editor's problems and the
/// canvas summary. The page renders it once; `/check` returns it as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// The model parses (lint findings may remain).
    pub ok: bool,
    pub problems: Vec<Problem>,
    /// Names on the canvas: elements, then flows.
    pub elements: Vec<String>,
    pub flows: Vec<String>,
    pub threats: usize,
    pub high: usize,
    /// "pay: Stored card token moving from ...", when there is one.
    pub critical: String,
    /// The draft was saved with the attempt.
    pub saved: bool,
    /// The text, when it came as a file (so the editor can show it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yaml: Option<String>,
}

impl Check {
    fn failed(problems: Vec<Problem>) -> Check {
        Check {
            ok: false,
            problems,
            elements: Vec::new(),
            flows: Vec::new(),
            threats: 0,
            high: 0,
            critical: String::new(),
            saved: false,
            yaml: None,
        }
    }

    /// The margin for a text of `lines` lines: an error marks its line
    /// `error`, a lint finding `warning` (an error wins).
    pub fn gutter(&self, lines: usize) -> Vec<(usize, &'static str)> {
        let mut g: Vec<(usize, &'static str)> = (1..=lines).map(|n| (n, "")).collect();
        for p in &self.problems {
            if let Some(slot) = g.get_mut((p.line as usize).wrapping_sub(1)) {
                if p.severity == "error" {
                    slot.1 = "error";
                } else if slot.1.is_empty() {
                    slot.1 = "warning";
                }
            }
        }
        g
    }
}

fn diagnostic_problem(d: &report::Diagnostic) -> Problem {
    Problem {
        severity: "error".into(),
        rule: String::new(),
        line: d.line.max(1),
        column: d.column.max(1),
        message: d.message.clone(),
        help: d.help.clone().unwrap_or_default(),
    }
}

/// Parse, lint and analyse `bytes` as a model.
fn check_model(bytes: &[u8]) -> Result<Check, PageError> {
    let c = content()?;
    let model = match threat_model::parse_bytes(FILE, bytes, c) {
        Ok(m) => m,
        Err(diags) => {
            return Ok(Check::failed(
                diags.iter().map(diagnostic_problem).collect(),
            ))
        }
    };
    let problems = threat_model::lint::lint(&model, c)
        .iter()
        .map(|f| {
            let (line, column) = f
                .location
                .span()
                .map_or((1, 1), |s| (s.start_line.max(1), s.start_column.max(1)));
            Problem {
                severity: f.severity.as_str().to_string(),
                rule: f.rule_id.clone(),
                line,
                column,
                message: f.message.clone(),
                help: String::new(),
            }
        })
        .collect();
    let a = threat_model::analyze(model, c);
    Ok(Check {
        ok: true,
        problems,
        elements: a.model.elements.iter().map(|e| e.name.clone()).collect(),
        flows: a.model.flows.iter().map(|f| f.name.clone()).collect(),
        threats: a.threats.len(),
        high: a.count_by_severity(report::Severity::Critical)
            + a.count_by_severity(report::Severity::High),
        critical: a
            .critical_flow
            .as_ref()
            .map(|cf| format!("{}: {}", cf.flow, cf.summary))
            .unwrap_or_default(),
        saved: false,
        yaml: None,
    })
}

/// A JSON error the studio script shows inline.
fn json_error(status: StatusCode, message: impl Into<String>) -> Response {
    let p = Problem {
        severity: "error".into(),
        rule: String::new(),
        line: 1,
        column: 1,
        message: message.into(),
        help: String::new(),
    };
    (status, Json(Check::failed(vec![p]))).into_response()
}

#[derive(serde::Deserialize)]
struct CheckBody {
    yaml: String,
}

/// POST /tm/attempt/{id}/check: the editor's text as JSON `{"yaml": ...}`,
/// or a file's raw bytes (any other content type). Saves the draft when
/// the text is UTF-8, parseable or not, and returns the [`Check`].
pub async fn check_api(
    State(app): State<Shared>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    let (text, from_file) = if is_json {
        match serde_json::from_slice::<CheckBody>(&body) {
            Ok(b) => (b.yaml, false),
            Err(e) => {
                return json_error(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "the request is not the editor's JSON (line {}, column {}): {e}",
                        e.line(),
                        e.column()
                    ),
                )
            }
        }
    } else {
        match report::Diagnostic::check_text(FILE, &body) {
            Ok(t) => (t.to_string(), true),
            // Not text: report where, save nothing.
            Err(d) => {
                return (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Json(Check::failed(vec![diagnostic_problem(&d)])),
                )
                    .into_response()
            }
        }
    };
    let result = blocking(move || {
        let mut s = app.open()?;
        let a = load(&s, id)?;
        if a.finished_at.is_some() {
            return Err(PageError {
                status: StatusCode::CONFLICT,
                message: format!("attempt {id} is already graded; start a new one to edit"),
            });
        }
        s.save_attempt_details(id, &json!({ "draft": text }))
            .map_err(PageError::store)?;
        let mut c = check_model(text.as_bytes())?;
        c.saved = true;
        if from_file {
            c.yaml = Some(text);
        }
        Ok(c)
    })
    .await;
    match result {
        Ok(c) => Json(c).into_response(),
        Err(e) => json_error(e.status, e.message),
    }
}

// ---------------------------------------------------------------- studio

#[derive(Template)]
#[template(path = "tm_studio.html")]
pub struct Studio {
    pub csrf: String,
    pub id: i64,
    pub title: String,
    pub prompt: String,
    pub minutes: u32,
    pub bar_secs: u32,
    pub elapsed: u64,
    pub yaml: String,
    /// The margin: each line number with `error`, `warning` or nothing.
    pub gutter: Vec<(usize, &'static str)>,
    pub check: Check,
}

fn studio(csrf: String, a: &store::Attempt, yaml: String) -> Result<Studio, PageError> {
    let sc = scenario(&a.item_id)?;
    let check = check_model(yaml.as_bytes())?;
    Ok(Studio {
        csrf,
        id: a.id,
        title: sc.title.clone(),
        prompt: sc.prompt.clone(),
        minutes: sc.minutes,
        bar_secs: sc.minutes * 60,
        elapsed: elapsed_secs(&a.started_at),
        gutter: check.gutter(yaml.lines().count().max(1)),
        yaml,
        check,
    })
}

// ---------------------------------------------------------------- graded

pub struct Part {
    pub name: String,
    pub points: String,
    pub weight: String,
}

pub struct StrideCell {
    pub letter: char,
    pub name: String,
    pub expected: bool,
    pub found: bool,
}

pub struct Flag {
    pub severity: String,
    pub rule: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub scored: bool,
}

/// One element or flow in the side-by-side.
pub struct SideRow {
    pub kind: String,
    pub id: String,
    pub name: String,
    pub key: bool,
    /// "matched to `x` by id", or empty when unmatched.
    pub pair: String,
    pub matched: bool,
}

pub struct SideThreat {
    pub title: String,
    pub target: String,
    pub stride: String,
    pub severity: String,
    pub matched: bool,
    /// (text, specific)
    pub mitigations: Vec<(String, bool)>,
}

pub struct Graded {
    pub score: u32,
    /// The score stored at grading time, when today's grader differs.
    pub stored: Option<u8>,
    pub parts: Vec<Part>,
    pub coverage: u32,
    pub stride: Vec<StrideCell>,
    pub stride_from_engine: bool,
    pub critical: String,
    pub critical_ok: bool,
    pub specific: usize,
    pub total: usize,
    pub vague: Vec<(u32, u32, String, String)>,
    pub flags: Vec<Flag>,
    pub minutes: String,
    pub bar: u32,
    pub pace: String,
    pub yours: Vec<SideRow>,
    pub reference: Vec<SideRow>,
    pub your_threats: Vec<SideThreat>,
    pub your_threats_engine: bool,
    pub reference_threats: Vec<SideThreat>,
    pub threats_hit: usize,
    pub threats_all: usize,
}

#[derive(Template)]
#[template(path = "tm_graded.html")]
pub struct GradedPage {
    pub id: i64,
    pub title: String,
    pub prompt: String,
    /// `None` for an attempt graded by the CLI, which keeps no model.
    pub graded: Option<Graded>,
    pub score: u8,
}

fn side_rows(rows: &[tm_drill::compare::Row]) -> Vec<SideRow> {
    rows.iter()
        .map(|r| SideRow {
            kind: r.kind.as_str().to_string(),
            id: r.id.clone(),
            name: r.name.clone(),
            key: r.key,
            pair: match (&r.counterpart, r.matched_by) {
                (Some(c), Some(how)) => format!("`{c}` (by {})", how.as_str()),
                (Some(c), None) => format!("`{c}`"),
                _ => String::new(),
            },
            matched: r.counterpart.is_some(),
        })
        .collect()
}

fn side_threats(rows: &[tm_drill::compare::ThreatRow]) -> Vec<SideThreat> {
    rows.iter()
        .map(|t| SideThreat {
            title: t.title.clone(),
            target: if t.target_name == t.target_id {
                t.target_id.clone()
            } else {
                format!("{} ({})", t.target_name, t.target_id)
            },
            stride: t.stride.iter().map(|s| s.letter()).collect(),
            severity: t
                .severity
                .map_or_else(|| "no priority".to_string(), |s| s.as_str().to_string()),
            matched: t.matched,
            mitigations: t
                .mitigations
                .iter()
                .map(|m| (m.text.clone(), m.specific))
                .collect(),
        })
        .collect()
}

fn critical_text(cf: &tm_drill::CriticalFlowResult) -> (String, bool) {
    use tm_drill::CriticalStatus as S;
    let accepted = match &cf.author_flow {
        Some(a) => format!(
            "`{}` (the engine's) or `{a}` (the scenario's)",
            cf.engine_flow
        ),
        None => format!("`{}`", cf.engine_flow),
    };
    let text = match &cf.status {
        S::Prioritised { your_flow } => {
            format!("You prioritised `{your_flow}`, which is {accepted}.")
        }
        S::OwnChoice { your_flow } => format!(
            "You prioritised `{your_flow}`: it crosses a boundary and the engine ranks it first on your model; the reference answer is {accepted}."
        ),
        S::Modelled {
            your_flow,
            your_choice,
        } => format!(
            "You drew the critical flow as `{your_flow}` but prioritised {}; the answer is {accepted}.",
            your_choice
                .as_deref()
                .map_or_else(|| "nothing".to_string(), |c| format!("`{c}`"))
        ),
        S::Missing { your_choice } => format!(
            "The critical flow, {accepted} ({}), is not in your model{}.",
            cf.engine_summary,
            your_choice
                .as_deref()
                .map(|c| format!("; you prioritised `{c}`"))
                .unwrap_or_default()
        ),
    };
    (text, cf.status.identified())
}

fn graded_view(g: &tm_drill::Grade, c: &tm_drill::Comparison, stored: Option<u8>) -> Graded {
    let pct = |x: f64| (x * 100.0).round() as u32;
    let (critical, critical_ok) = critical_text(&g.critical_flow);
    let (threats_hit, threats_all) = c.threats_matched();
    Graded {
        score: g.score,
        stored: stored.filter(|&s| u32::from(s) != g.score),
        parts: g
            .components
            .iter()
            .map(|p| Part {
                name: p.name.to_string(),
                points: format!("{:.1}", p.points),
                weight: format!("{:.0}", p.weight),
            })
            .collect(),
        coverage: pct(g.element_coverage),
        stride: g
            .stride
            .iter()
            .map(|s| StrideCell {
                letter: s.category.letter(),
                name: s.category.name().to_string(),
                expected: s.expected,
                found: s.found,
            })
            .collect(),
        stride_from_engine: g.stride_source == tm_drill::StrideSource::Engine,
        critical,
        critical_ok,
        specific: g.mitigations.specific,
        total: g.mitigations.total,
        vague: g
            .mitigations
            .vague
            .iter()
            .map(|v| (v.line, v.column, v.threat.clone(), v.message.clone()))
            .collect(),
        flags: g
            .red_flags
            .iter()
            .map(|f| Flag {
                severity: f.severity.as_str().to_string(),
                rule: f.rule_id.clone(),
                line: f.line,
                column: f.column,
                message: f.message.clone(),
                scored: f.scored,
            })
            .collect(),
        minutes: format!("{:.1}", g.elapsed_secs as f64 / 60.0),
        bar: g.bar_minutes,
        pace: g.pace.as_str().to_string(),
        yours: side_rows(&c.yours),
        reference: side_rows(&c.reference),
        your_threats: side_threats(&c.your_threats),
        your_threats_engine: c.your_threats_source == tm_drill::StrideSource::Engine,
        reference_threats: side_threats(&c.reference_threats),
        threats_hit,
        threats_all,
    }
}

/// The graded page of a finished attempt: the model is graded again with
/// the time it took, which reproduces the stored grade (the grader is
/// deterministic) and gives the parts the stored JSON alone cannot.
fn graded_page(a: &store::Attempt) -> Result<GradedPage, PageError> {
    let sc = scenario(&a.item_id)?;
    let graded = match a.details.get("answer").and_then(Value::as_str) {
        Some(answer) => {
            let elapsed = Duration::from_secs(a.elapsed_secs.map_or(0, u64::from));
            let g = tm_drill::grade_at(FILE, &a.item_id, answer, elapsed)
                .map_err(|e| PageError::bad(e.to_string()))?;
            let c = tm_drill::compare(&g, answer).map_err(|e| PageError::bad(e.to_string()))?;
            Some(graded_view(&g, &c, a.score))
        }
        None => None,
    };
    Ok(GradedPage {
        id: a.id,
        title: sc.title.clone(),
        prompt: sc.prompt.clone(),
        graded,
        score: a.score.unwrap_or(0),
    })
}

/// GET /tm/attempt/{id}: the studio while the clock runs, the grade after.
pub async fn attempt(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    blocking(move || {
        let a = load(&*app.open()?, id)?;
        if a.finished_at.is_some() {
            Ok(render(&graded_page(&a)?))
        } else {
            let yaml = model_text(&a)?;
            Ok(render(&studio(csrf, &a, yaml)?))
        }
    })
    .await
}

/// POST /tm/attempt/{id}: grade the model in the form. A model that does
/// not parse is not graded: the studio comes back with the errors in place
/// and the attempt stays open, as in the CLI.
pub async fn submit(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, PageError> {
    let yaml = form_pairs(&body)
        .into_iter()
        .find(|(k, _)| k == "yaml")
        .map(|(_, v)| v)
        .ok_or_else(|| PageError::bad("the form has no model (field `yaml`)"))?;
    blocking(move || {
        let mut s = app.open()?;
        let a = load(&s, id)?;
        if a.finished_at.is_some() {
            return Err(PageError::bad(format!(
                "attempt {id} was already graded; start a new one"
            )));
        }
        s.save_attempt_details(id, &json!({ "draft": yaml }))
            .map_err(PageError::store)?;
        let elapsed = Duration::from_secs(elapsed_secs(&a.started_at));
        let g = match tm_drill::grade_at(FILE, &a.item_id, &yaml, elapsed) {
            Ok(g) => g,
            Err(tm_drill::GradeError::Parse(_)) => {
                let mut resp = render(&studio(csrf, &a, yaml)?);
                *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                return Ok(resp);
            }
            Err(e) => return Err(PageError::bad(e.to_string())),
        };
        let mut details = serde_json::to_value(&g).map_err(|e| PageError::bad(e.to_string()))?;
        details["answer"] = Value::String(yaml);
        s.finish_attempt(
            id,
            &store::AttemptResult {
                finished_at: store::now_rfc3339(),
                elapsed_secs: elapsed.as_secs().min(u64::from(u32::MAX)) as u32,
                score: g.score.min(100) as u8,
                details,
            },
        )
        .map_err(PageError::store)?;
        Ok(Redirect::to(&format!("/tm/attempt/{id}")).into_response())
    })
    .await
}

// ---------------------------------------------------------------- canvas

/// The attempt's current model, analysed; a model that does not parse is
/// a 422 naming the first error's line and column.
fn analysed(app: &Shared, id: i64) -> Result<(store::Attempt, threat_model::Analysis), PageError> {
    let a = load(&*app.open()?, id)?;
    let text = model_text(&a)?;
    let c = content()?;
    let model = threat_model::parse_bytes(FILE, text.as_bytes(), c).map_err(|d| PageError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: format!(
            "the model does not parse yet, so there is no canvas: {}",
            d.first().map(ToString::to_string).unwrap_or_default()
        ),
    })?;
    Ok((a, threat_model::analyze(model, c)))
}

/// The canvas stylesheet: the engine's (which `canvas.html` inlines) and
/// the toolbar of the canvas page, hidden in print so "Print" or "Save as
/// PDF" gives the one-page canvas alone.
pub async fn canvas_css() -> Response {
    const TOOLBAR: &str = "\n/* barraiser web: the canvas page's toolbar */\n\
        .tm-toolbar{display:flex;gap:14px;min-width:1600px;align-items:center;padding:8px 16px;background:#14213d;font:14px system-ui,sans-serif}\n\
        .tm-toolbar a,.tm-toolbar button{color:#e5e9f0;background:none;border:1px solid #5b6b8c;border-radius:4px;padding:3px 10px;font:inherit;text-decoration:none;cursor:pointer}\n\
        @media print{.tm-toolbar{display:none}}\n";
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        format!("{}{TOOLBAR}", canvas::stylesheet()),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "tm_canvas.html")]
pub struct CanvasPage {
    pub id: i64,
    /// The model's name (escaped by the template).
    pub title: String,
    /// The engine's canvas body: HTML built by `threat_model` with every
    /// model text escaped (tests post hostile names to check it).
    pub body: String,
}

/// GET /tm/attempt/{id}/canvas: the canvas as a page of this app (its
/// styles linked, not inline, for the CSP), with print and downloads.
pub async fn canvas_page(
    State(app): State<Shared>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    blocking(move || {
        let (a, an) = analysed(&app, id)?;
        Ok(render(&CanvasPage {
            id: a.id,
            title: an.model.name.clone(),
            body: canvas::body(&an),
        }))
    })
    .await
}

fn download(ty: &'static str, name: String, body: String) -> Response {
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

/// GET /tm/attempt/{id}/canvas.html: the self-contained canvas file.
pub async fn canvas_download(
    State(app): State<Shared>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    blocking(move || {
        let (a, an) = analysed(&app, id)?;
        Ok(download(
            "text/html; charset=utf-8",
            format!("{}-{}-canvas.html", a.item_id, a.id),
            canvas::render(&an),
        ))
    })
    .await
}

/// GET /tm/attempt/{id}/tc.json: the model for AWS Threat Composer.
pub async fn tc_json_download(
    State(app): State<Shared>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    blocking(move || {
        let (a, an) = analysed(&app, id)?;
        Ok(download(
            "application/json",
            format!("{}-{}.tc.json", a.item_id, a.id),
            tc_json::render(&an),
        ))
    })
    .await
}

/// GET /tm/attempt/{id}/diagram.svg: the live diagram the studio shows as
/// an image (so no markup from the server is ever inserted by script).
/// A model that does not parse gets a picture saying where it breaks.
pub async fn diagram(State(app): State<Shared>, Path(id): Path<i64>) -> Response {
    let svg = blocking(move || match analysed(&app, id) {
        Ok((_, an)) if an.model.elements.is_empty() => Ok(message_svg(
            "Nothing to draw yet: add actors, services and stores, then the flows between them.",
            "#667",
        )),
        Ok((_, an)) => Ok(canvas::diagram(&an)),
        Err(e) => Ok(message_svg(&e.message, "#b3261e")),
    })
    .await
    .unwrap_or_else(|e| message_svg(&e.message, "#b3261e"));
    ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
}

/// A small SVG carrying `text` (escaped) in `color`, cut into lines.
fn message_svg(text: &str, color: &str) -> String {
    let esc = threat_model::output::escape_html;
    let mut lines: Vec<String> = vec![String::new()];
    for w in text.split_whitespace() {
        let cur = lines.last_mut().expect("one line");
        if !cur.is_empty() && cur.len() + w.len() > 80 {
            lines.push(w.to_string());
        } else {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(w);
        }
    }
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 {}\" role=\"img\">",
        30 + 20 * lines.len()
    );
    for (i, l) in lines.iter().enumerate() {
        o.push_str(&format!(
            "<text x=\"12\" y=\"{}\" font-family=\"sans-serif\" font-size=\"14\" fill=\"{color}\">{}</text>",
            28 + 20 * i,
            esc(l)
        ));
    }
    o.push_str("</svg>\n");
    o
}
