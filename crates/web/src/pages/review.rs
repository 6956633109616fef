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
            .attempts(Some("code-review"))
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
    pub text: String,
}

pub struct Outcome {
    pub line: u32,
    pub category: String,
    pub hit: bool,
    pub text: String,
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

fn graded_view(sn: &review_drill::Snippet, g: &review_drill::Grade) -> Graded {
    let pct = |x: f64| (x * 100.0).round() as u32;
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
                text: if hit {
                    k.fix.clone()
                } else {
                    format!("{} Fix: {}", k.explanation, k.fix)
                },
            })
            .collect(),
        decoys: g
            .decoys_hit(&sn.key)
            .into_iter()
            .map(|d| (d.line, d.why_safe.clone()))
            .collect(),
    }
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
        lines: sn
            .source
            .lines()
            .enumerate()
            .map(|(i, t)| Line {
                n: i + 1,
                text: t.to_string(),
            })
            .collect(),
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
