//! Scripting drill: pick an exercise, read the statement with a timer,
//! download the sample input, paste or load a script and submit it. The
//! script runs in the sandbox over the attempt's hidden tests (the same
//! library call, seed, limits and stored details as `barraiser drill script
//! submit`, so the dashboard and `status` count web attempts like CLI
//! ones); the result shows every test and the first failure in detail.

use super::{blocking, elapsed_secs, render, PageError};
use crate::security::{form_pairs, Csrf};
use crate::Shared;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde_json::json;

/// The attempts' drill kind, shared with the CLI.
const KIND: &str = "scripting";

/// Largest script accepted, pasted or loaded from a file. Drill answers are
/// a few dozen lines; this leaves room for long ones and keeps a stray
/// upload of a log or a binary from being stored with the attempt.
pub const MAX_SCRIPT: usize = 256 << 10;

/// A diff shown longer than this is cut (a script that prints a megabyte
/// would otherwise make a megabyte page).
const DIFF_SHOWN_LINES: usize = 400;
const DIFF_SHOWN_BYTES: usize = 64 << 10;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/script", get(list))
        .route("/script/start", post(start))
        .route("/script/attempt/{id}", get(attempt).post(submit))
        .route("/script/attempt/{id}/sample", get(sample))
        .route("/script/attempt/{id}/sample.tar", get(sample_tree))
}

/// An interpreter the page offers: the command run as `cmd file`.
pub struct Interpreter {
    pub cmd: &'static str,
    pub label: &'static str,
    pub file: &'static str,
}

/// The interpreters a script may be run with. A fixed list: the web form
/// chooses among them, it never names a program. Python is the default, as
/// in the CLI, and every reference solution is Python.
pub const INTERPRETERS: &[Interpreter] = &[
    Interpreter {
        cmd: "python3",
        label: "Python 3",
        file: "solution.py",
    },
    Interpreter {
        cmd: "bash",
        label: "Bash",
        file: "solution.sh",
    },
    Interpreter {
        cmd: "sh",
        label: "POSIX sh",
        file: "solution.sh",
    },
    Interpreter {
        cmd: "node",
        label: "JavaScript (Node.js)",
        file: "solution.js",
    },
];

/// Whether `cmd` is an executable file on `PATH` (the sandbox runs with the
/// same `PATH`), so the form only offers what can start.
fn on_path(cmd: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::var_os("PATH").is_some_and(|p| {
        std::env::split_paths(&p).any(|d| {
            std::fs::metadata(d.join(cmd))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

fn interpreter(cmd: &str) -> Result<&'static Interpreter, PageError> {
    INTERPRETERS.iter().find(|i| i.cmd == cmd).ok_or_else(|| {
        PageError::bad(format!(
            "interpreter `{cmd}` is not one this page runs; choose one of: {}",
            INTERPRETERS
                .iter()
                .map(|i| i.cmd)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

pub struct ExerciseRow {
    pub id: String,
    pub title: String,
    pub bar: u32,
    pub attempts: usize,
    pub best: Option<u8>,
    pub has_files: bool,
}

#[derive(Template)]
#[template(path = "script_list.html")]
pub struct List {
    pub csrf: String,
    pub exercises: Vec<ExerciseRow>,
    pub interpreters: Vec<&'static str>,
}

pub async fn list(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
) -> Result<Response, PageError> {
    let p = blocking(move || {
        let s = app.open()?;
        let done = s.attempt_summaries(Some(KIND)).map_err(PageError::store)?;
        let exercises = script_drill::all_exercises()
            .iter()
            .map(|e| {
                let mine = done.iter().filter(|a| a.item_id == e.id);
                ExerciseRow {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    bar: e.time_bar_minutes,
                    attempts: mine.clone().count(),
                    best: mine.filter_map(|a| a.score).max(),
                    has_files: !e.sample_files.is_empty(),
                }
            })
            .collect();
        let interpreters = INTERPRETERS
            .iter()
            .filter(|i| on_path(i.cmd))
            .map(|i| i.label)
            .collect();
        Ok(List {
            csrf,
            exercises,
            interpreters,
        })
    })
    .await?;
    Ok(render(&p))
}

/// Start an attempt of `exercise`. With `from`, a finished attempt of the
/// same exercise, the new attempt's editor starts with that attempt's
/// script ("try again"); the clock and the hidden tests are new.
pub async fn start(State(app): State<Shared>, body: Bytes) -> Result<Response, PageError> {
    let pairs = form_pairs(&body);
    let field = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
    };
    let exercise = field("exercise").unwrap_or_default();
    let from: Option<i64> = match field("from").filter(|v| !v.is_empty()) {
        Some(v) => Some(
            v.parse()
                .map_err(|_| PageError::bad(format!("`from`: `{v}` is not an attempt number")))?,
        ),
        None => None,
    };
    let id = blocking(move || {
        let ex = script_drill::exercise(&exercise).map_err(|_| {
            PageError::missing(format!("no scripting exercise `{exercise}` in this build"))
        })?;
        let mut s = app.open()?;
        let details = match from {
            Some(prev) => {
                let a = s
                    .attempt(prev)
                    .map_err(PageError::store)?
                    .filter(|a| a.drill_kind == KIND && a.item_id == ex.id)
                    .ok_or_else(|| {
                        PageError::missing(format!(
                            "no scripting attempt {prev} of `{}` to start from",
                            ex.id
                        ))
                    })?;
                json!({
                    "draft": a.details.get("script").cloned().unwrap_or_default(),
                    "interpreter": a.details.get("interpreter").cloned().unwrap_or_default(),
                })
            }
            None => json!({}),
        };
        s.start_attempt(&store::NewAttempt {
            drill_kind: KIND.into(),
            item_id: ex.id.clone(),
            started_at: store::now_rfc3339(),
            details,
        })
        .map_err(PageError::store)
    })
    .await?;
    Ok(Redirect::to(&format!("/script/attempt/{id}")).into_response())
}

pub struct DiffLine {
    /// `add`, `del`, `hunk`, `head` or `ctx`: the CSS class.
    pub class: &'static str,
    pub text: String,
}

pub struct TestRow {
    pub n: usize,
    pub label: String,
    /// `passed`, `failed`, `timed-out` or `not-run`.
    pub status: &'static str,
    pub millis: u64,
    pub memory: String,
    pub outcome: String,
}

pub struct FailureView {
    pub n: usize,
    pub label: String,
    /// One line on why: a wrong answer, a time-out, the output limit, a crash.
    pub verdict: String,
    pub outcome: String,
    pub input: String,
    pub input_truncated: bool,
    pub diff: Vec<DiffLine>,
    pub diff_cut: bool,
    pub stderr_tail: String,
}

pub struct ResultView {
    pub passed: usize,
    pub total: usize,
    pub score: u8,
    pub all_passed: bool,
    pub minutes: String,
    pub slowest_ms: u64,
    pub peak_memory: String,
    pub wall_limit: String,
    pub memory_limit: String,
    pub output_limit: String,
    pub network_isolated: bool,
    pub tests: Vec<TestRow>,
    pub failure: Option<FailureView>,
    /// False for attempts finished before the report was stored (only the
    /// counts are known).
    pub detailed: bool,
}

#[derive(Template)]
#[template(path = "script_attempt.html")]
pub struct Attempt {
    pub csrf: String,
    pub id: i64,
    pub exercise: String,
    pub title: String,
    pub source: String,
    pub statement: String,
    pub input_format: String,
    pub output_format: String,
    pub sample_input: String,
    pub sample_output: String,
    pub sample_files: Vec<(String, String)>,
    pub bar_minutes: u32,
    pub elapsed: u64,
    pub interpreters: Vec<(&'static str, &'static str, bool)>,
    pub script: String,
    pub max_script: usize,
    pub result: Option<ResultView>,
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// Sample text as the tests feed it: without the TOML block's first newline.
fn sample_text(s: &str) -> &str {
    s.strip_prefix('\n').unwrap_or(s)
}

fn diff_lines(diff: &str) -> (Vec<DiffLine>, bool) {
    let mut out = Vec::new();
    let mut bytes = 0;
    for l in diff.lines() {
        if out.len() >= DIFF_SHOWN_LINES || bytes + l.len() > DIFF_SHOWN_BYTES {
            return (out, true);
        }
        bytes += l.len();
        let class = if l.starts_with("+++") || l.starts_with("---") {
            "head"
        } else if l.starts_with("@@") {
            "hunk"
        } else if l.starts_with('+') {
            "add"
        } else if l.starts_with('-') {
            "del"
        } else {
            "ctx"
        };
        out.push(DiffLine {
            class,
            text: l.to_string(),
        });
    }
    (out, false)
}

/// Why the first failing test failed, in the page's words.
fn verdict(f: &script_drill::Failure) -> String {
    if f.timed_out {
        "Timed out: the script was still running at the wall-time limit and was killed. \
         The remaining tests were not run."
            .into()
    } else if f.stdout_truncated {
        "Output limit: the script printed more than the output limit allows, so its \
         output was cut and the test fails."
            .into()
    } else if f.diff.is_empty() {
        format!(
            "The output matched, but the script did not exit cleanly ({}).",
            f.outcome
        )
    } else if f.exit != "code 0" {
        format!(
            "Wrong output, and the script did not exit cleanly ({}).",
            f.outcome
        )
    } else {
        "Wrong output: the lines marked - were expected, the lines marked + are what the \
         script printed."
            .into()
    }
}

fn result_view(a: &store::Attempt) -> ResultView {
    let minutes = format!("{:.1}", f64::from(a.elapsed_secs.unwrap_or(0)) / 60.0);
    let score = a.score.unwrap_or(0);
    let Some(r) = script_drill::Report::from_attempt_details(&a.details) else {
        let n = |k: &str| a.details.get(k).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
        return ResultView {
            passed: n("passed"),
            total: n("tests"),
            score,
            all_passed: score == 100,
            minutes,
            slowest_ms: 0,
            peak_memory: String::new(),
            wall_limit: String::new(),
            memory_limit: String::new(),
            output_limit: String::new(),
            network_isolated: false,
            tests: Vec::new(),
            failure: None,
            detailed: false,
        };
    };
    let (slowest_ms, peak) = r.peaks();
    ResultView {
        passed: r.passed(),
        total: r.results.len(),
        score,
        all_passed: r.all_passed(),
        minutes,
        slowest_ms,
        peak_memory: peak.map_or_else(|| "not reported".into(), mib),
        wall_limit: format!("{:.1} s", r.limits.wall_millis as f64 / 1000.0),
        memory_limit: mib(r.limits.memory_bytes / 1024),
        output_limit: format!("{} KiB", r.limits.output_bytes / 1024),
        network_isolated: r.network_isolated,
        tests: r
            .results
            .iter()
            .map(|t| TestRow {
                n: t.index + 1,
                label: t.label.clone(),
                status: match t.status {
                    script_drill::Status::Passed => "passed",
                    script_drill::Status::Failed => "failed",
                    script_drill::Status::TimedOut => "timed-out",
                    script_drill::Status::NotRun => "not-run",
                },
                millis: t.millis,
                memory: t.peak_memory_kib.map(mib).unwrap_or_default(),
                outcome: t.outcome.clone(),
            })
            .collect(),
        failure: r.first_failure.as_ref().map(|f| {
            let (diff, diff_cut) = diff_lines(&f.diff);
            FailureView {
                n: f.index + 1,
                label: f.label.clone(),
                verdict: verdict(f),
                outcome: f.outcome.clone(),
                input: f.input.clone(),
                input_truncated: f.input_truncated,
                diff,
                diff_cut,
                stderr_tail: f.stderr_tail.clone(),
            }
        }),
        detailed: true,
    }
}

fn view(csrf: String, a: &store::Attempt) -> Result<Attempt, PageError> {
    let ex = script_drill::exercise(&a.item_id).map_err(|_| {
        PageError::missing(format!("exercise `{}` is not in this build", a.item_id))
    })?;
    let finished = a.finished_at.is_some();
    let text = |k: &str| {
        a.details
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    // open: the draft carried over by "try again"; finished: what was run
    let script = if finished {
        text("script")
    } else {
        text("draft")
    };
    let chosen = Some(text("interpreter"))
        .filter(|c| INTERPRETERS.iter().any(|i| i.cmd == c))
        .unwrap_or_else(|| INTERPRETERS[0].cmd.to_string());
    Ok(Attempt {
        csrf,
        id: a.id,
        exercise: ex.id.clone(),
        title: ex.title.clone(),
        source: ex.source.clone(),
        statement: ex.statement.trim().to_string(),
        input_format: ex.input_format.trim().to_string(),
        output_format: ex.output_format.trim().to_string(),
        sample_input: sample_text(&ex.sample_input).to_string(),
        sample_output: sample_text(&ex.sample_output).to_string(),
        sample_files: ex
            .sample_files
            .iter()
            .map(|f| (f.path.clone(), f.content.clone()))
            .collect(),
        bar_minutes: ex.time_bar_minutes,
        elapsed: a
            .elapsed_secs
            .map_or_else(|| elapsed_secs(&a.started_at), u64::from),
        interpreters: INTERPRETERS
            .iter()
            .filter(|i| i.cmd == chosen || on_path(i.cmd))
            .map(|i| (i.cmd, i.label, i.cmd == chosen))
            .collect(),
        script,
        max_script: MAX_SCRIPT / 1024,
        result: finished.then(|| result_view(a)),
    })
}

fn load(app: &crate::App, id: i64) -> Result<store::Attempt, PageError> {
    app.open()?
        .attempt(id)
        .map_err(PageError::store)?
        .filter(|a| a.drill_kind == KIND)
        .ok_or_else(|| PageError::missing(format!("no scripting attempt {id}")))
}

pub async fn attempt(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let page = blocking(move || view(csrf, &load(&app, id)?)).await?;
    Ok(render(&page))
}

/// The exercise's sample input as a file, named after the exercise.
pub async fn sample(State(app): State<Shared>, Path(id): Path<i64>) -> Result<Response, PageError> {
    let a = blocking(move || load(&app, id)).await?;
    let ex = script_drill::exercise(&a.item_id).map_err(|_| {
        PageError::missing(format!("exercise `{}` is not in this build", a.item_id))
    })?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/plain; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}-sample.txt\"", ex.id),
            ),
        ],
        sample_text(&ex.sample_input).to_string(),
    )
        .into_response())
}

/// For exercises that read a file tree: the sample tree as a tar archive
/// (`tar -xf` it next to the script), the same format the runner unpacks.
pub async fn sample_tree(
    State(app): State<Shared>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let a = blocking(move || load(&app, id)).await?;
    let ex = script_drill::exercise(&a.item_id).map_err(|_| {
        PageError::missing(format!("exercise `{}` is not in this build", a.item_id))
    })?;
    if ex.sample_files.is_empty() {
        return Err(PageError::missing(format!(
            "exercise `{}` reads no files; its sample is stdin only",
            ex.id
        )));
    }
    let files: Vec<(String, Vec<u8>)> = ex
        .sample_files
        .iter()
        .map(|f| (f.path.clone(), f.content.as_bytes().to_vec()))
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-tar".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}-sample-files.tar\"", ex.id),
            ),
        ],
        script_drill::tar::ustar(&files),
    )
        .into_response())
}

/// The submitted form: the script and the interpreter, checked before
/// anything runs.
fn submission(body: &[u8]) -> Result<(String, &'static Interpreter), PageError> {
    let pairs = form_pairs(body);
    let field = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let script = field("script").unwrap_or_default();
    if script.len() > MAX_SCRIPT {
        return Err(PageError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!(
                "The script is {} KiB; the limit is {} KiB. A drill answer is a few dozen lines: \
                 check that the right file was chosen.",
                script.len().div_ceil(1024),
                MAX_SCRIPT / 1024
            ),
        });
    }
    if script.contains('\0') {
        return Err(PageError::bad(
            "The script contains NUL bytes, so it is not a text file (a binary or a compiled \
             file?). Paste or choose the source file.",
        ));
    }
    if script.trim().is_empty() {
        return Err(PageError::bad(
            "The script is empty: paste it into the editor or choose a file, then submit.",
        ));
    }
    let cmd = field("interpreter").unwrap_or(INTERPRETERS[0].cmd);
    Ok((script.replace("\r\n", "\n"), interpreter(cmd)?))
}

/// One sandboxed run at a time: the time figures are not skewed by another
/// run competing for the CPU, and a burst of submissions cannot start
/// dozens of interpreters at once.
static RUNNING: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub async fn submit(
    State(app): State<Shared>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, PageError> {
    let (script, interp) = submission(&body)?;
    blocking(move || {
        let a = load(&app, id)?;
        if a.finished_at.is_some() {
            return Err(PageError::bad(format!(
                "attempt {id} was already run; use \u{201c}Try again\u{201d} to start a new one"
            )));
        }
        let ex = script_drill::exercise(&a.item_id).map_err(|_| {
            PageError::missing(format!("exercise `{}` is not in this build", a.item_id))
        })?;
        let report = {
            let _one = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
            script_drill::run_submission(
                ex,
                interp.cmd,
                interp.file,
                script.as_bytes(),
                script_drill::attempt_seed(id),
                script_drill::DEFAULT_TESTS,
            )
            .map_err(|e| PageError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message: format!("The script could not be run: {e}"),
            })?
        };
        let elapsed = elapsed_secs(&a.started_at);
        let mut details = report.attempt_details();
        details["script"] = json!(script);
        details["interpreter"] = json!(interp.cmd);
        let mut s = app.open()?;
        // another tab may have submitted while this one ran
        if s.attempt(id)
            .map_err(PageError::store)?
            .is_some_and(|a| a.finished_at.is_some())
        {
            return Err(PageError::bad(format!(
                "attempt {id} was submitted from another tab meanwhile; its result stands"
            )));
        }
        s.finish_attempt(
            id,
            &store::AttemptResult {
                finished_at: store::now_rfc3339(),
                elapsed_secs: elapsed.min(u64::from(u32::MAX)) as u32,
                score: report.score(),
                details,
            },
        )
        .map_err(PageError::store)?;
        Ok(())
    })
    .await?;
    // the result lives at the attempt's address: reloading it shows the
    // result again instead of resubmitting
    Ok(Redirect::to(&format!("/script/attempt/{id}")).into_response())
}
