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

// ------------------------------------------------------------ practice
//
// Practice mode: draw a prompt for a chosen principle (or a least-covered
// one), see the stories that map to it, tell it aloud against the clock,
// and "I told it" records the telling as `barraiser star practice` and
// `star told` do (`progress::practice`): a "star" attempt timed from the
// draw, scored against the 3-4 minute bar and the named story's lint.

/// The practice routes, merged into the app's router.
pub fn practice_routes() -> axum::Router<Shared> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/star/practice", get(practice_page).post(practice_draw))
        .route("/star/practice/{attempt}", get(practice_attempt))
        .route("/star/practice/{attempt}/told", post(practice_told))
}

fn practice_error(e: progress::practice::PracticeError) -> PageError {
    use progress::practice::PracticeError as E;
    match e {
        E::Store(e) => PageError::store(e),
        E::NoAttempt(_) => PageError::missing(e.to_string()),
        other => PageError::bad(other.to_string()),
    }
}

pub struct PrincipleChoice {
    pub id: String,
    pub name: String,
    pub stories: usize,
    pub selected: bool,
}

pub struct Telling {
    pub id: i64,
    pub prompt: String,
    pub principle: String,
    pub time: String,
    pub score: u8,
}

#[derive(Template)]
#[template(path = "star_practice.html")]
pub struct PracticeStart {
    pub csrf: String,
    pub principles: Vec<PrincipleChoice>,
    pub least: Vec<String>,
    pub tellings: Vec<Telling>,
}

#[derive(Deserialize, Default)]
pub struct PracticeQuery {
    principle: Option<String>,
}

fn mmss(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

pub async fn practice_page(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    Query(q): Query<PracticeQuery>,
) -> Result<Response, PageError> {
    let p = blocking(move || {
        let s = app.open()?;
        let bank = questions::embedded().map_err(|e| PageError::bad(e.to_string()))?;
        let stored = s.stories().map_err(PageError::store)?;
        let cov = progress::stories::coverage(&stored);
        let least = progress::practice::least_covered(&stored);
        let name = |id: &str| {
            bank.principle_by_id(id)
                .map_or(id.to_string(), |p| p.name.clone())
        };
        let mut tellings: Vec<Telling> = s
            .attempts(Some(progress::practice::DRILL))
            .map_err(PageError::store)?
            .into_iter()
            .filter(|a| a.finished_at.is_some())
            .map(|a| Telling {
                id: a.id,
                prompt: bank
                    .prompt_by_id(&a.item_id)
                    .map_or(a.item_id.clone(), |p| p.prompt.clone()),
                principle: name(a.details["principle"].as_str().unwrap_or_default()),
                time: mmss(u64::from(a.elapsed_secs.unwrap_or(0))),
                score: a.score.unwrap_or(0),
            })
            .collect();
        tellings.reverse();
        tellings.truncate(10);
        Ok(PracticeStart {
            csrf,
            principles: cov
                .rows
                .iter()
                .map(|r| PrincipleChoice {
                    id: r.principle_id.clone(),
                    name: r.principle_name.clone(),
                    stories: r.stories.len(),
                    selected: q.principle.as_deref() == Some(r.principle_id.as_str()),
                })
                .collect(),
            least: least.iter().map(|id| name(id)).collect(),
            tellings,
        })
    })
    .await?;
    Ok(render(&p))
}

pub async fn practice_draw(State(app): State<Shared>, body: Bytes) -> Result<Response, PageError> {
    let pairs = form_pairs(&body);
    let principle = pairs
        .iter()
        .find(|(k, _)| k == "principle")
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty() && v != "least");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let id = blocking(move || {
        let mut s = app.open()?;
        let bank = questions::embedded().map_err(|e| PageError::bad(e.to_string()))?;
        let stored = s.stories().map_err(PageError::store)?;
        let d = progress::practice::draw(bank, &stored, principle.as_deref(), seed)
            .map_err(practice_error)?;
        progress::practice::begin(&mut s, &d).map_err(practice_error)
    })
    .await?;
    Ok(Redirect::to(&format!("/star/practice/{id}")).into_response())
}

pub struct MappedStory {
    pub title: String,
    pub spoken: String,
}

pub struct ToldView {
    pub time: String,
    pub verdict: &'static str,
    pub score: u8,
    pub story: Option<String>,
    pub fits: bool,
    pub issues: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "star_practice_attempt.html")]
pub struct PracticeAttempt {
    pub csrf: String,
    pub id: i64,
    pub principle_id: String,
    pub principle: String,
    pub prompt: String,
    pub probes: Vec<String>,
    pub mapped: Vec<MappedStory>,
    pub others: Vec<String>,
    pub elapsed: u64,
    pub low: u64,
    pub high: u64,
    pub told: Option<ToldView>,
}

fn attempt_view(
    s: &store::Store,
    csrf: String,
    a: &store::Attempt,
) -> Result<PracticeAttempt, PageError> {
    if a.drill_kind != progress::practice::DRILL {
        return Err(PageError::missing(format!(
            "attempt {} is not a STAR practice",
            a.id
        )));
    }
    let bank = questions::embedded().map_err(|e| PageError::bad(e.to_string()))?;
    let pid = a.details["principle"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let prompt = bank.prompt_by_id(&a.item_id);
    let stored = s.stories().map_err(PageError::store)?;
    let (mapped, others): (Vec<_>, Vec<_>) =
        stored.iter().partition(|x| x.principles.contains(&pid));
    let told = a.finished_at.as_ref().map(|_| {
        let secs = u64::from(a.elapsed_secs.unwrap_or(0));
        let story = a.details["story"].as_str().map(str::to_string);
        let fits = story.as_ref().is_none_or(|t| {
            mapped
                .iter()
                .any(|x| x.title.trim().eq_ignore_ascii_case(t.trim()))
        });
        ToldView {
            time: mmss(secs),
            verdict: progress::practice::verdict(secs),
            score: a.score.unwrap_or(0),
            story,
            fits,
            issues: a.details["issues"]
                .as_array()
                .map(|v| {
                    v.iter()
                        .map(|i| {
                            (
                                i["check"].as_str().unwrap_or_default().to_string(),
                                i["message"].as_str().unwrap_or_default().to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    });
    Ok(PracticeAttempt {
        csrf,
        id: a.id,
        principle: bank
            .principle_by_id(&pid)
            .map_or(pid.clone(), |p| p.name.clone()),
        principle_id: pid,
        prompt: prompt.map_or(a.item_id.clone(), |p| p.prompt.clone()),
        probes: prompt
            .map(|p| p.what_they_probe.clone())
            .unwrap_or_default(),
        mapped: mapped
            .iter()
            .map(|x| MappedStory {
                title: x.title.clone(),
                spoken: progress::stories::to_star(x).metrics().spoken(),
            })
            .collect(),
        others: others.iter().map(|x| x.title.clone()).collect(),
        elapsed: super::elapsed_secs(&a.started_at),
        low: progress::practice::BAR_LOW,
        high: progress::practice::BAR_HIGH,
        told,
    })
}

pub async fn practice_attempt(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<Response, PageError> {
    let p = blocking(move || {
        let s = app.open()?;
        let a = s
            .attempt(id)
            .map_err(PageError::store)?
            .ok_or_else(|| PageError::missing(format!("no STAR practice {id}")))?;
        attempt_view(&s, csrf, &a)
    })
    .await?;
    Ok(render(&p))
}

/// "I told it": stop the clock (timed from the draw, as `star told` is)
/// with the story named, if any.
pub async fn practice_told(
    State(app): State<Shared>,
    axum::extract::Path(id): axum::extract::Path<i64>,
    body: Bytes,
) -> Result<Response, PageError> {
    let pairs = form_pairs(&body);
    let story = pairs
        .iter()
        .find(|(k, _)| k == "story")
        .map(|(_, v)| v.clone())
        .filter(|v| !v.trim().is_empty());
    blocking(move || {
        let mut s = app.open()?;
        let today = app.today();
        progress::practice::told(&mut s, id, story.as_deref(), today).map_err(practice_error)
    })
    .await?;
    Ok(Redirect::to(&format!("/star/practice/{id}")).into_response())
}
