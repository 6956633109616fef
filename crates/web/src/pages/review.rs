//! Code review: pick a snippet, read the numbered listing with a timer,
//! click lines to mark them, choose a category and write the fix; the
//! grade shows what was found and missed, the explanation and the fix.

use super::{blocking, elapsed_secs, render, PageError};
use crate::security::{form_pairs, Csrf};
use crate::Shared;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use serde_json::json;

pub struct SnippetRow {
    pub id: String,
    pub title: String,
    pub language: String,
    pub tried: bool,
}

#[derive(Template)]
#[template(path = "review_list.html")]
pub struct List {
    pub csrf: String,
    pub snippets: Vec<SnippetRow>,
}

pub async fn list(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
) -> Result<Response, PageError> {
    let p = blocking(move || {
        let s = app.open()?;
        let tried: Vec<String> = s
            .attempt_summaries(Some("code-review"))
            .map_err(PageError::store)?
            .into_iter()
            .map(|a| a.item_id)
            .collect();
        let snippets = review_drill::Catalog::embedded()
            .snippets
            .iter()
            .map(|x| SnippetRow {
                id: x.id().to_string(),
                title: x.key.title.clone(),
                language: x.language().name().to_string(),
                tried: tried.iter().any(|t| t == x.id()),
            })
            .collect();
        Ok(List { csrf, snippets })
    })
    .await?;
    Ok(render(&p))
}

#[derive(Deserialize)]
pub struct StartForm {
    snippet: String,
}

pub async fn start(
    State(app): State<Shared>,
    Form(f): Form<StartForm>,
) -> Result<Response, PageError> {
    let id = blocking(move || {
        let cat = review_drill::Catalog::embedded();
        if !cat.snippets.iter().any(|x| x.id() == f.snippet) {
            return Err(PageError::missing(format!("no snippet `{}`", f.snippet)));
        }
        let mut s = app.open()?;
        s.start_attempt(&store::NewAttempt {
            drill_kind: "code-review".into(),
            item_id: f.snippet,
            started_at: store::now_rfc3339(),
            details: json!({}),
        })
        .map_err(PageError::store)
    })
    .await?;
    Ok(Redirect::to(&format!("/review/attempt/{id}")).into_response())
}

pub struct Line {
    pub n: usize,
    /// The line's text in highlighted pieces: (token class, text). The
    /// template escapes the text and turns the class into `tok-<class>`.
    pub pieces: Vec<(Option<&'static str>, String)>,
}

/// What the scanner says about a planted line: the same engine as
/// `barraiser scan`, run on the snippet.
pub struct ScannerNote {
    pub rule: String,
    pub line: u32,
    pub title: String,
    pub message: String,
    /// The source-to-sink steps, `line N: note`, when the finding has them.
    pub path: Vec<String>,
    /// The remediation's one-line fix and its code pattern.
    pub fix: String,
    pub pattern: String,
}

pub struct Outcome {
    pub line: u32,
    pub category: String,
    pub hit: bool,
    /// Why the line is vulnerable (the answer key).
    pub explanation: String,
    /// The fixed pattern (the answer key).
    pub fix: String,
    pub scanner: Option<ScannerNote>,
    /// When the scanner has no rule for this issue: why (the key says).
    pub scanner_blind: Option<String>,
}

pub struct Graded {
    pub score: u32,
    pub recall: u32,
    pub precision: u32,
    pub fix_quality: u32,
    pub minutes: String,
    pub pace: String,
    pub outcomes: Vec<Outcome>,
    pub decoys: Vec<(u32, String)>,
}

#[derive(Template)]
#[template(path = "review_attempt.html")]
pub struct Attempt {
    pub csrf: String,
    pub id: i64,
    pub title: String,
    pub language: String,
    pub scenario: String,
    pub lines: Vec<Line>,
    pub categories: Vec<(String, String)>,
    pub elapsed: u64,
    pub graded: Option<Graded>,
}

fn snippet(id: &str) -> Result<&'static review_drill::Snippet, PageError> {
    review_drill::Catalog::embedded()
        .snippets
        .iter()
        .find(|x| x.id() == id)
        .ok_or_else(|| PageError::missing(format!("snippet `{id}` is not in this build")))
}

/// Lines a scanner finding may be from the key's line and still be about
/// the same issue (the key marks the sink; the scanner may report the
/// statement's first line); the drill's agreement test uses the same.
const SCANNER_TOLERANCE: u32 = 2;

/// The scanner's finding for a planted vulnerability: one of its
/// category's rules, on the nearest line within the tolerance.
fn scanner_note(
    v: &review_drill::Vuln,
    findings: &[report::Finding],
    cats: &review_drill::Categories,
) -> Option<ScannerNote> {
    let rules = cats.get(&v.category).map(|c| c.scanner_rules.as_slice())?;
    let f = findings
        .iter()
        .filter_map(|f| Some((review_drill::agree::finding_line(f)?, f)))
        .filter(|(l, f)| l.abs_diff(v.line) <= SCANNER_TOLERANCE && rules.contains(&f.rule_id))
        .min_by_key(|(l, _)| l.abs_diff(v.line))?;
    let (line, f) = f;
    let path = match &f.evidence {
        Some(report::Evidence::Path { steps, .. }) => steps
            .iter()
            .map(|(sp, note)| format!("line {}: {note}", sp.start_line))
            .collect(),
        _ => Vec::new(),
    };
    let rem = f.remediation.first();
    Some(ScannerNote {
        rule: f.rule_id.clone(),
        line,
        title: f.title.clone(),
        message: f.message.clone(),
        path,
        fix: rem.map(|r| r.title.to_string()).unwrap_or_default(),
        pattern: rem.map(|r| r.parameter.to_string()).unwrap_or_default(),
    })
}

fn graded_view(sn: &review_drill::Snippet, g: &review_drill::Grade) -> Graded {
    let pct = |x: f64| (x * 100.0).round() as u32;
    let cats = &review_drill::Catalog::embedded().categories;
    let findings = review_drill::agree::scan(sn);
    Graded {
        score: g.score,
        recall: pct(g.recall),
        precision: pct(g.precision),
        fix_quality: pct(g.fix_quality),
        minutes: format!("{:.1}", g.elapsed_secs as f64 / 60.0),
        pace: format!("{:?}", g.pace),
        outcomes: g
            .outcomes(&sn.key)
            .into_iter()
            .map(|(k, hit)| Outcome {
                line: k.line,
                category: k.category.clone(),
                hit,
                explanation: k.explanation.clone(),
                fix: k.fix.clone(),
                scanner: scanner_note(k, &findings, cats),
                scanner_blind: (!k.scanner).then(|| {
                    k.scanner_reason
                        .clone()
                        .unwrap_or_else(|| "The scanner has no rule for this issue.".into())
                }),
            })
            .collect(),
        decoys: g
            .decoys_hit(&sn.key)
            .into_iter()
            .map(|d| (d.line, d.why_safe.clone()))
            .collect(),
    }
}

/// A snippet's lines, highlighted, for a clickable listing (the drill and
/// the mock's code-review round).
pub fn listing(sn: &review_drill::Snippet) -> Vec<Line> {
    code_scan::highlight::highlight(sn.language().scan_lang(), &sn.source)
        .into_iter()
        .enumerate()
        .map(|(i, pieces)| Line {
            n: i + 1,
            pieces: pieces
                .into_iter()
                .map(|p| (p.token.map(|t| t.name()), p.text))
                .collect(),
        })
        .collect()
}

fn view(csrf: String, a: &store::Attempt, graded: Option<Graded>) -> Result<Attempt, PageError> {
    let sn = snippet(&a.item_id)?;
    let cat = review_drill::Catalog::embedded();
    Ok(Attempt {
        csrf,
        id: a.id,
        title: sn.key.title.clone(),
        language: sn.language().name().to_string(),
        scenario: sn.key.scenario.clone(),
        lines: listing(sn),
        categories: cat
            .categories
            .all()
            .iter()
            .map(|c| (c.id.clone(), c.id.replace('-', " ")))
            .collect(),
        elapsed: a
            .elapsed_secs
            .map_or_else(|| elapsed_secs(&a.started_at), u64::from),
        graded,
    })
}

pub async fn attempt(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let page = blocking(move || {
        let s = app.open()?;
        let a = s
            .attempt(id)
            .map_err(PageError::store)?
            .filter(|a| a.drill_kind == "code-review")
            .ok_or_else(|| PageError::missing(format!("no code-review attempt {id}")))?;
        let graded = match (
            &a.finished_at,
            serde_json::from_value::<review_drill::Grade>(a.details.clone()),
        ) {
            (Some(_), Ok(g)) => Some(graded_view(snippet(&a.item_id)?, &g)),
            _ => None,
        };
        view(csrf, &a, graded)
    })
    .await?;
    Ok(render(&page))
}

/// The answers of the submitted form: rows `line_N`, `category_N`,
/// `fix_N`; rows without a line are ignored.
pub fn answers_from(pairs: &[(String, String)]) -> Result<Vec<review_drill::Answer>, PageError> {
    let get = |k: String| {
        pairs
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.trim().to_string())
    };
    let mut out = Vec::new();
    for i in 0..200 {
        let Some(line) = get(format!("line_{i}")) else {
            continue;
        };
        if line.is_empty() {
            continue;
        }
        let line: u32 = line.parse().map_err(|_| {
            PageError::bad(format!("finding {}: `{line}` is not a line number", i + 1))
        })?;
        out.push(review_drill::Answer {
            line,
            category: get(format!("category_{i}")).unwrap_or_default(),
            fix: get(format!("fix_{i}")).unwrap_or_default(),
        });
    }
    Ok(out)
}

pub async fn submit(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, PageError> {
    let answers = answers_from(&form_pairs(&body))?;
    let page = blocking(move || {
        let mut s = app.open()?;
        let a = s
            .attempt(id)
            .map_err(PageError::store)?
            .filter(|a| a.drill_kind == "code-review")
            .ok_or_else(|| PageError::missing(format!("no code-review attempt {id}")))?;
        if a.finished_at.is_some() {
            return Err(PageError::bad(format!(
                "attempt {id} was already graded; start a new one"
            )));
        }
        let sn = snippet(&a.item_id)?;
        let elapsed = std::time::Duration::from_secs(elapsed_secs(&a.started_at));
        let g = review_drill::grade(&sn.key, &answers, elapsed);
        s.finish_attempt(
            id,
            &store::AttemptResult {
                finished_at: store::now_rfc3339(),
                elapsed_secs: elapsed.as_secs().min(u64::from(u32::MAX)) as u32,
                score: g.score.min(100) as u8,
                details: serde_json::to_value(&g).map_err(|e| PageError::bad(e.to_string()))?,
            },
        )
        .map_err(PageError::store)?;
        let a = s
            .attempt(id)
            .map_err(PageError::store)?
            .ok_or_else(|| PageError::missing("attempt vanished"))?;
        view(csrf, &a, Some(graded_view(sn, &g)))
    })
    .await?;
    Ok(render(&page))
}
