//! The STAR coach: the story bank, an editor that lints as you type
//! (`/api/star/lint`), and the coverage matrix of the 16 principles.

use super::{blocking, render, PageError};
use crate::security::{form_pairs, Csrf};
use crate::Shared;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
pub struct StarQuery {
    id: Option<i64>,
    saved: Option<u8>,
}

/// The editor's fields.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Draft {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub principles: Vec<String>,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub task: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub result: String,
}

/// Lint of a draft, as the page and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct LintView {
    pub words: usize,
    pub spoken: String,
    pub i_share: String,
    pub issues: Vec<IssueView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IssueView {
    pub severity: &'static str,
    pub check: &'static str,
    pub part: String,
    pub message: String,
}

fn to_story(d: &Draft) -> Result<star::Story, String> {
    let date: star::YearMonth = d
        .date
        .trim()
        .parse()
        .map_err(|e: star::StarError| e.to_string())?;
    Ok(star::Story {
        title: d.title.trim().to_string(),
        principles: d.principles.clone(),
        date,
        situation: d.situation.clone(),
        task: d.task.clone(),
        action: d.action.clone(),
        result: d.result.clone(),
    })
}

pub fn lint_draft(d: &Draft, today: time::Date) -> LintView {
    // an unparsable date is reported as an issue, the rest is still linted
    let (story, date_issue) = match to_story(d) {
        Ok(s) => (s, None),
        Err(e) => {
            let mut fixed = d.clone();
            fixed.date = format!("{}-{:02}", today.year(), today.month() as u8);
            (to_story(&fixed).expect("a valid date"), Some(e))
        }
    };
    let m = story.metrics();
    let mut issues: Vec<IssueView> = star::lint(&story, today)
        .into_iter()
        .map(|i| IssueView {
            severity: match i.severity {
                star::Severity::Error => "error",
                star::Severity::Warning => "warning",
            },
            check: i.check.as_str(),
            part: i.part.map(|p| p.to_string()).unwrap_or_default(),
            message: i.message,
        })
        .collect();
    if let Some(e) = date_issue {
        issues.insert(
            0,
            IssueView {
                severity: "error",
                check: "date",
                part: String::new(),
                message: e,
            },
        );
    }
    LintView {
        words: m.words,
        spoken: m.spoken(),
        i_share: m
            .i_share
            .map_or("-".into(), |x| format!("{:.0}%", x * 100.0)),
        issues,
    }
}

pub struct StoryRow {
    pub id: i64,
    pub title: String,
    pub selected: bool,
}

pub struct PrincipleBox {
    pub id: String,
    pub name: String,
    pub checked: bool,
    pub stories: Vec<String>,
}

#[derive(Template)]
#[template(path = "star.html")]
pub struct Page {
    pub csrf: String,
    pub stories: Vec<StoryRow>,
    pub id: Option<i64>,
    pub draft: Draft,
    pub lint: Option<LintView>,
    pub principles: Vec<PrincipleBox>,
    pub covered: usize,
    pub over_reused: Vec<String>,
    pub saved: bool,
}

fn stored_to_draft(s: &store::Story) -> Draft {
    Draft {
        title: s.title.clone(),
        principles: s.principles.clone(),
        date: s
            .date
            .as_deref()
            .and_then(|d| d.get(..7))
            .unwrap_or("")
            .to_string(),
        situation: s.situation.clone(),
        task: s.task.clone(),
        action: s.action.clone(),
        result: s.result.clone(),
    }
}

pub async fn page(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    Query(q): Query<StarQuery>,
) -> Result<Response, PageError> {
    let p = blocking(move || {
        let s = app.open()?;
        let today = app.today();
        let stored = s.stories().map_err(PageError::store)?;
        let current = match q.id {
            Some(id) => Some(
                stored
                    .iter()
                    .find(|x| x.id == id)
                    .ok_or_else(|| PageError::missing(format!("no story {id}")))?,
            ),
            None => None,
        };
        let draft = current.map(stored_to_draft).unwrap_or_default();
        let lint = current.map(|_| lint_draft(&draft, today));
        let cov = progress::stories::coverage(&stored);
        Ok(Page {
            csrf,
            stories: stored
                .iter()
                .map(|x| StoryRow {
                    id: x.id,
                    title: x.title.clone(),
                    selected: Some(x.id) == q.id,
                })
                .collect(),
            id: q.id,
            principles: cov
                .rows
                .iter()
                .map(|r| PrincipleBox {
                    id: r.principle_id.clone(),
                    name: r.principle_name.clone(),
                    checked: draft.principles.contains(&r.principle_id),
                    stories: r.stories.clone(),
                })
                .collect(),
            covered: cov.covered(),
            over_reused: cov.over_reused.iter().map(|o| o.title.clone()).collect(),
            draft,
            lint,
            saved: q.saved.is_some(),
        })
    })
    .await?;
    Ok(render(&p))
}

fn draft_from(pairs: &[(String, String)]) -> (Option<i64>, Draft) {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let id = get("id").trim().parse().ok();
    (
        id,
        Draft {
            title: get("title"),
            principles: pairs
                .iter()
                .filter(|(n, _)| n == "principle")
                .map(|(_, v)| v.clone())
                .collect(),
            date: get("date"),
            situation: get("situation"),
            task: get("task"),
            action: get("action"),
            result: get("result"),
        },
    )
}

pub async fn save(State(app): State<Shared>, body: Bytes) -> Result<Response, PageError> {
    let (id, d) = draft_from(&form_pairs(&body));
    if d.title.trim().is_empty() {
        return Err(PageError::bad("a story needs a title"));
    }
    let story = to_story(&d).map_err(|e| PageError::bad(format!("date: {e}")))?;
    let saved = blocking(move || {
        let mut s = app.open()?;
        let new = store::NewStory {
            title: story.title.clone(),
            principles: story.principles.clone(),
            date: Some(format!("{}-01", story.date)),
            situation: story.situation,
            task: story.task,
            action: story.action,
            result: story.result,
            updated_at: store::now_rfc3339(),
        };
        match id {
            Some(id) => {
                s.update_story(id, &new).map_err(PageError::store)?;
                Ok(id)
            }
            None => s.insert_story(&new).map_err(PageError::store),
        }
    })
    .await?;
    Ok(Redirect::to(&format!("/star?id={saved}&saved=1")).into_response())
}

pub async fn lint_api(State(app): State<Shared>, Json(d): Json<Draft>) -> Json<LintView> {
    Json(lint_draft(&d, app.today()))
}
