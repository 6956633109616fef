//! Mock interviews: start a phone screen or a loop, work through its rounds
//! against each round's clock, and read the debrief.
//!
//! Every step goes through `progress::mocks` (over `mock::Session` and
//! `mock::grade`), the same calls `barraiser mock` makes, so a mock begun
//! here can be continued on the command line and `barraiser mock list`
//! shows it. Pages: `/mock` (start, past mocks), `/mock/{id}` (the open
//! round), `/mock/{id}/debrief`. Each POST does its step and redirects
//! back (or re-renders the round with the error and what was typed).

use super::{blocking, render, PageError};
use crate::security::{form_pairs, Csrf};
use crate::Shared;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use progress::mocks::{Loaded, MockRunError};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/mock", get(list))
        .route("/mock/start", post(start))
        .route("/mock/{id}", get(round))
        .route("/mock/{id}/answer", post(answer))
        .route("/mock/{id}/recall", post(recall))
        .route("/mock/{id}/rate", post(rate))
        .route("/mock/{id}/next", post(next))
        .route("/mock/{id}/debrief", get(debrief))
}

/// A library error as a page: unknown ids are 404, refused steps 400.
fn page_error(e: MockRunError) -> PageError {
    match e {
        MockRunError::Store(e) => PageError::store(e),
        MockRunError::NotFound(id) => PageError::missing(format!("There is no mock {id}.")),
        MockRunError::Unanswered { round, parts } => PageError::bad(format!(
            "Round {round} still has unanswered parts: {}.",
            parts.iter().map(part_text).collect::<Vec<_>>().join("; ")
        )),
        other => PageError::bad(other.to_string()),
    }
}

fn part_text(p: &mock::Part) -> String {
    match p {
        mock::Part::HandsOn(i) => format!("the hands-on item ({i})"),
        mock::Part::Question(q) => format!("the recall of question {q}"),
        mock::Part::Principle(p) => format!("the rating of {p}"),
    }
}

fn mmss(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

fn field<'a>(pairs: &'a [(String, String)], k: &str) -> Option<&'a str> {
    pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

// ---------------------------------------------------------------- list

pub struct MockRow {
    pub id: i64,
    pub kind: &'static str,
    pub started: String,
    pub done: usize,
    pub rounds: usize,
    pub finished: bool,
    pub score: Option<u8>,
}

#[derive(Template)]
#[template(path = "mock_list.html")]
pub struct List {
    pub csrf: String,
    pub mocks: Vec<MockRow>,
}

fn kind_label(k: mock::MockKind) -> &'static str {
    match k {
        mock::MockKind::PhoneScreen => "Phone screen",
        mock::MockKind::Loop => "Loop",
    }
}

pub async fn list(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
) -> Result<Response, PageError> {
    let p = blocking(move || {
        let s = app.open()?;
        let mut mocks: Vec<MockRow> = progress::mocks::list(&s)
            .map_err(page_error)?
            .into_iter()
            .map(|(l, score)| MockRow {
                id: l.id(),
                kind: kind_label(l.session.kind),
                started: l
                    .row
                    .started_at
                    .replace('T', " ")
                    .trim_end_matches('Z')
                    .to_string(),
                done: l
                    .session
                    .rounds
                    .iter()
                    .filter(|r| r.finished_at.is_some())
                    .count(),
                rounds: l.session.rounds.len(),
                finished: l.row.finished_at.is_some(),
                score,
            })
            .collect();
        mocks.reverse();
        Ok(List { csrf, mocks })
    })
    .await?;
    Ok(render(&p))
}

pub async fn start(State(app): State<Shared>, body: Bytes) -> Result<Response, PageError> {
    let pairs = form_pairs(&body);
    let kind = match field(&pairs, "kind") {
        Some("phone-screen") => mock::MockKind::PhoneScreen,
        Some("loop") => mock::MockKind::Loop,
        other => {
            return Err(PageError::bad(format!(
                "kind `{}`: choose phone-screen or loop",
                other.unwrap_or("")
            )))
        }
    };
    // a seed from the clock, as the CLI draws one
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let id = blocking(move || {
        let mut s = app.open()?;
        progress::mocks::start(&mut s, kind, seed)
            .map(|l| l.id())
            .map_err(page_error)
    })
    .await?;
    Ok(Redirect::to(&format!("/mock/{id}")).into_response())
}

// ---------------------------------------------------------------- round

pub struct Step {
    pub n: usize,
    pub label: &'static str,
    pub minutes: u32,
    /// done, current or later
    pub state: &'static str,
    pub score: Option<u8>,
}

pub struct ScenarioView {
    pub prompt: String,
}

pub struct SnippetView {
    pub language: String,
    pub scenario: String,
    pub lines: Vec<super::review::Line>,
    pub categories: Vec<(String, String)>,
}

pub struct ExerciseView {
    pub statement: String,
    pub input_format: String,
    pub output_format: String,
    pub sample_input: String,
    pub sample_output: String,
}

pub enum HandsOn {
    Scenario(ScenarioView),
    Snippet(SnippetView),
    Exercise(ExerciseView),
}

pub struct QuestionView {
    pub id: String,
    pub prompt: String,
    pub key_points: Vec<String>,
    pub score: Option<u8>,
}

pub struct PrincipleView {
    pub id: String,
    pub name: String,
    pub prompt: String,
    pub probes: Vec<String>,
    pub rating: Option<u8>,
    /// The four rating buttons: (rating, whether it is the one given).
    pub choices: Vec<(u8, bool)>,
    pub story: String,
}

#[derive(Template)]
#[template(path = "mock_round.html")]
pub struct RoundPage {
    pub csrf: String,
    pub id: i64,
    pub kind: &'static str,
    pub n: usize,
    pub total: usize,
    pub round_kind: &'static str,
    pub title: String,
    pub minutes: u32,
    pub bar_raiser: bool,
    pub elapsed: u64,
    pub steps: Vec<Step>,
    pub hands_on: Option<HandsOn>,
    /// The hands-on item's id (a scenario, snippet or exercise id).
    pub hands_on_id: String,
    /// The hands-on item's score so far.
    pub hands_on_score: Option<u8>,
    /// The grader's report: in full right after grading, else a summary
    /// of the stored attempt.
    pub feedback: Option<String>,
    /// What was typed into the hands-on form, kept on an error.
    pub draft: String,
    pub questions: Vec<QuestionView>,
    pub principles: Vec<PrincipleView>,
    /// The user's story titles, offered when rating a principle.
    pub stories: Vec<String>,
    pub missing: Vec<String>,
    pub last: bool,
    pub error: Option<String>,
}

/// A summary of a stored grade, for a round page reloaded after grading.
fn stored_feedback(a: &store::Attempt) -> String {
    let d = &a.details;
    let pct = |k: &str| {
        d.get(k)
            .and_then(|v| v.as_f64())
            .map_or("-".into(), |x| format!("{:.0}%", x * 100.0))
    };
    let score = a.score.unwrap_or(0);
    match a.drill_kind.as_str() {
        "threat-model" => format!(
            "Threat model {score}/100: elements {}, STRIDE {}, in {}.",
            pct("element_coverage"),
            pct("stride_coverage"),
            mmss(u64::from(a.elapsed_secs.unwrap_or(0)))
        ),
        "code-review" => format!(
            "Code review {score}/100: recall {}, precision {}, fix quality {}.",
            pct("recall"),
            pct("precision"),
            pct("fix_quality")
        ),
        _ => format!(
            "Script {score}/100: {} of {} hidden tests passed.",
            d.get("passed").and_then(|v| v.as_u64()).unwrap_or(0),
            d.get("tests").and_then(|v| v.as_u64()).unwrap_or(0)
        ),
    }
}

fn hands_on_view(item: &mock::Item) -> Option<HandsOn> {
    match item {
        mock::Item::Scenario(n) => {
            let c = threat_model::content::Content::embedded().ok()?;
            let sc = c.scenario(n)?;
            Some(HandsOn::Scenario(ScenarioView {
                prompt: sc.prompt.clone(),
            }))
        }
        mock::Item::Snippet(sid) => {
            let cat = review_drill::Catalog::embedded();
            let sn = cat.snippets.iter().find(|x| x.id() == sid)?;
            Some(HandsOn::Snippet(SnippetView {
                language: sn.language().name().to_string(),
                scenario: sn.key.scenario.clone(),
                lines: super::review::listing(sn),
                categories: cat
                    .categories
                    .all()
                    .iter()
                    .map(|c| (c.id.clone(), c.id.replace('-', " ")))
                    .collect(),
            }))
        }
        mock::Item::Exercise(e) => {
            let ex = script_drill::exercise(e).ok()?;
            Some(HandsOn::Exercise(ExerciseView {
                statement: ex.statement.trim().to_string(),
                input_format: ex.input_format.trim().to_string(),
                output_format: ex.output_format.trim().to_string(),
                sample_input: ex.sample_input.clone(),
                sample_output: ex.sample_output.clone(),
            }))
        }
        _ => None,
    }
}

/// The page of the open round of `l`.
fn round_view(
    s: &store::Store,
    csrf: String,
    l: &Loaded,
    feedback: Option<String>,
    draft: String,
    error: Option<String>,
) -> Result<RoundPage, PageError> {
    let cur = l
        .current()
        .ok_or_else(|| PageError::bad(format!("mock {} is finished", l.id())))?;
    let r = &l.session.rounds[cur];
    let bank = questions::embedded().map_err(|e| PageError::bad(e.to_string()))?;
    let scores = l.session.round_scores();
    let item = l.session.hands_on().cloned();
    let feedback = match (feedback, &item) {
        (Some(f), _) => Some(f),
        (None, Some(item)) => progress::mocks::attempts(s, l.id())
            .map_err(page_error)?
            .into_iter()
            .rev()
            .find(|a| {
                a.item_id == item.id()
                    && a.details.get("round").and_then(|v| v.as_u64()) == Some(cur as u64 + 1)
            })
            .map(|a| stored_feedback(&a)),
        (None, None) => None,
    };
    Ok(RoundPage {
        csrf,
        id: l.id(),
        kind: kind_label(l.session.kind),
        n: cur + 1,
        total: l.session.rounds.len(),
        round_kind: r.round.kind.label(),
        title: r.round.title.clone(),
        minutes: r.round.minutes,
        bar_raiser: r.round.bar_raiser,
        elapsed: l.round_elapsed(),
        steps: l
            .session
            .rounds
            .iter()
            .enumerate()
            .map(|(i, x)| Step {
                n: i + 1,
                label: x.round.kind.label(),
                minutes: x.round.minutes,
                state: if i < cur {
                    "done"
                } else if i == cur {
                    "current"
                } else {
                    "later"
                },
                score: scores[i],
            })
            .collect(),
        hands_on_score: item.as_ref().and_then(|i| r.scores.get(i.id()).copied()),
        hands_on: item.as_ref().and_then(hands_on_view),
        hands_on_id: item.as_ref().map_or(String::new(), |i| i.id().to_string()),
        feedback,
        draft,
        questions: r
            .round
            .items
            .iter()
            .filter_map(|i| match i {
                mock::Item::Question(q) => bank.technical_by_id(q).map(|t| QuestionView {
                    id: t.id.clone(),
                    prompt: t.prompt.clone(),
                    key_points: t.key_points.clone(),
                    score: r.scores.get(q).copied(),
                }),
                _ => None,
            })
            .collect(),
        principles: r
            .round
            .principles
            .iter()
            .map(|p| {
                let bp = bank.prompt_by_id(&p.prompt);
                PrincipleView {
                    id: p.principle.clone(),
                    name: p.name.clone(),
                    prompt: bp.map_or(p.prompt.clone(), |x| x.prompt.clone()),
                    probes: bp.map(|x| x.what_they_probe.clone()).unwrap_or_default(),
                    rating: r.ratings.get(&p.principle).copied(),
                    choices: (1..=4)
                        .map(|x| (x, r.ratings.get(&p.principle) == Some(&x)))
                        .collect(),
                    story: r.stories.get(&p.principle).cloned().unwrap_or_default(),
                }
            })
            .collect(),
        stories: s
            .stories()
            .map_err(PageError::store)?
            .into_iter()
            .map(|x| x.title)
            .collect(),
        missing: l.session.missing(cur).iter().map(part_text).collect(),
        last: cur + 1 == l.session.rounds.len(),
        error,
    })
}

fn with_status(status: StatusCode, page: &impl Template) -> Response {
    let mut r = render(page);
    *r.status_mut() = status;
    r
}

pub async fn round(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let page = blocking(move || {
        let s = app.open()?;
        let l = progress::mocks::load(&s, id).map_err(page_error)?;
        if l.current().is_none() {
            return Ok(None);
        }
        round_view(&s, csrf, &l, None, String::new(), None).map(Some)
    })
    .await?;
    Ok(match page {
        Some(p) => render(&p),
        None => Redirect::to(&format!("/mock/{id}/debrief")).into_response(),
    })
}

/// Grade the hands-on work of the open round: a threat model (`yaml`),
/// code-review findings (`line_N`, `category_N`, `fix_N`) or a script
/// (`code`, run with python3 as the scripting drill does).
pub async fn answer(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, PageError> {
    let pairs = form_pairs(&body);
    blocking(move || {
        let mut s = app.open()?;
        let l = progress::mocks::running(&s, Some(id)).map_err(page_error)?;
        let item = l
            .session
            .hands_on()
            .cloned()
            .ok_or_else(|| PageError::bad("this round has no hands-on item"))?;
        let text = field(&pairs, "yaml")
            .or_else(|| field(&pairs, "code"))
            .unwrap_or("")
            .to_string();
        let answers = match item {
            mock::Item::Snippet(_) => super::review::answers_from(&pairs)?,
            _ => Vec::new(),
        };
        let work = match &item {
            mock::Item::Scenario(_) => mock::grade::Work::ThreatModel {
                shown: "answer.yaml",
                yaml: &text,
            },
            mock::Item::Snippet(_) => mock::grade::Work::CodeReview(&answers),
            _ => mock::grade::Work::Script {
                argv: script_drill::default_argv("solution.py"),
                name: "solution.py",
                code: text.as_bytes(),
                seed: mock::grade::script_seed(id),
            },
        };
        let refuse = |msg: String, s: &store::Store, l: &Loaded, text: String| {
            round_view(s, csrf.clone(), l, None, text, Some(msg))
                .map(|p| with_status(StatusCode::BAD_REQUEST, &p))
        };
        let empty = match item {
            mock::Item::Snippet(_) => answers.is_empty(),
            _ => text.trim().is_empty(),
        };
        if empty {
            return refuse(
                format!(
                    "The answer is empty: write {} first.",
                    mock::grade::expects(&item)
                ),
                &s,
                &l,
                text,
            );
        }
        match progress::mocks::answer(&mut s, Some(id), work) {
            Ok((l, g)) => {
                let fb = g.feedback(&item);
                round_view(&s, csrf, &l, Some(fb), text, None).map(|p| render(&p))
            }
            Err(MockRunError::Grade(e)) => refuse(e.to_string(), &s, &l, text),
            Err(e) => Err(page_error(e)),
        }
    })
    .await
}

/// Rate recall of a loop question: `question`, `rating` 1-4.
pub async fn recall(
    State(app): State<Shared>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, PageError> {
    let pairs = form_pairs(&body);
    let q = field(&pairs, "question").unwrap_or("").to_string();
    let rating: u8 = field(&pairs, "rating")
        .and_then(|r| r.parse().ok())
        .ok_or_else(|| PageError::bad("rating: choose 1 (again) to 4 (easy)"))?;
    blocking(move || {
        let mut s = app.open()?;
        progress::mocks::recall(&mut s, Some(id), &q, rating).map_err(page_error)
    })
    .await?;
    Ok(Redirect::to(&format!("/mock/{id}")).into_response())
}

/// Rate a principle: `principle`, `rating` 1-4, optional `story`.
pub async fn rate(
    State(app): State<Shared>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, PageError> {
    let pairs = form_pairs(&body);
    let p = field(&pairs, "principle").unwrap_or("").to_string();
    let rating: u8 = field(&pairs, "rating")
        .and_then(|r| r.parse().ok())
        .ok_or_else(|| PageError::bad("rating: choose 1 to 4"))?;
    let story = field(&pairs, "story").map(|t| t.chars().take(200).collect::<String>());
    blocking(move || {
        let mut s = app.open()?;
        progress::mocks::rate(&mut s, Some(id), &p, rating, story.as_deref()).map_err(page_error)
    })
    .await?;
    Ok(Redirect::to(&format!("/mock/{id}#principles")).into_response())
}

/// Close the open round (`force` closes it with parts unanswered); after
/// the last one, the debrief.
pub async fn next(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, PageError> {
    let force = field(&form_pairs(&body), "force").is_some();
    blocking(move || {
        let mut s = app.open()?;
        match progress::mocks::next(&mut s, Some(id), force) {
            Ok((_, c)) if c.last => {
                Ok(Redirect::to(&format!("/mock/{id}/debrief")).into_response())
            }
            Ok(_) => Ok(Redirect::to(&format!("/mock/{id}")).into_response()),
            Err(MockRunError::Unanswered { round, parts }) => {
                let l = progress::mocks::running(&s, Some(id)).map_err(page_error)?;
                let msg = format!(
                    "Round {round} still has unanswered parts: {}. Answer them, or tick \"close anyway\" to score them as not answered.",
                    parts.iter().map(part_text).collect::<Vec<_>>().join("; ")
                );
                round_view(&s, csrf, &l, None, String::new(), Some(msg))
                    .map(|p| with_status(StatusCode::BAD_REQUEST, &p))
            }
            Err(e) => Err(page_error(e)),
        }
    })
    .await
}

// ---------------------------------------------------------------- debrief

pub struct DebriefRound {
    pub n: usize,
    pub label: &'static str,
    pub title: String,
    pub score: u8,
    pub used: String,
    pub budget: u32,
    pub over: bool,
    /// Time used as a percentage of the budget, capped at 200 (for the bar).
    pub used_pct: u64,
}

pub struct Told {
    pub round: usize,
    pub principle: String,
    pub rating: u8,
    pub story: String,
}

#[derive(Template)]
#[template(path = "mock_debrief.html")]
pub struct DebriefPage {
    pub id: i64,
    pub kind: &'static str,
    pub overall: u8,
    pub used: String,
    pub minutes: u32,
    pub rounds: Vec<DebriefRound>,
    pub strongest: String,
    pub weakest: String,
    pub weak_principles: Vec<Told>,
    pub told: Vec<Told>,
    pub repeated: Vec<(String, String)>,
    pub next_drills: Vec<String>,
    pub markdown: String,
}

pub async fn debrief(
    State(app): State<Shared>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let page = blocking(move || {
        let s = app.open()?;
        let l = progress::mocks::load(&s, id).map_err(page_error)?;
        let Some(markdown) = l.row.debrief.clone() else {
            if l.current().is_none() {
                return Err(PageError::bad(format!(
                    "mock {id} has every round closed but no debrief; start a new one"
                )));
            }
            return Ok(None);
        };
        let planned = l.session.planned();
        let results = l.session.results();
        let scores: Vec<u8> = l
            .session
            .round_scores()
            .into_iter()
            .map(|x| x.unwrap_or(0))
            .collect();
        let overall = l
            .session
            .overall()
            .map_err(|e| PageError::bad(e.to_string()))?;
        let plan =
            mock::practice_plan(&planned, &results).map_err(|e| PageError::bad(e.to_string()))?;
        let rounds: Vec<DebriefRound> = l
            .session
            .rounds
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let budget = u64::from(r.round.minutes) * 60;
                DebriefRound {
                    n: i + 1,
                    label: r.round.kind.label(),
                    title: r.round.title.clone(),
                    score: scores[i],
                    used: mmss(r.elapsed_secs),
                    budget: r.round.minutes,
                    over: r.elapsed_secs > budget,
                    used_pct: (r.elapsed_secs * 100 / budget.max(1)).min(200),
                }
            })
            .collect();
        // the earliest round wins a tie, as in the written debrief
        let best = (0..scores.len())
            .rev()
            .max_by_key(|&i| scores[i])
            .unwrap_or(0);
        let worst = (0..scores.len()).min_by_key(|&i| scores[i]).unwrap_or(0);
        let describe = |i: usize| {
            format!(
                "round {}, {} ({}/100)",
                i + 1,
                planned.rounds[i].title,
                scores[i]
            )
        };
        let mut told = Vec::new();
        let mut weak = Vec::new();
        for (i, r) in l.session.rounds.iter().enumerate() {
            for p in &r.round.principles {
                let t = Told {
                    round: i + 1,
                    principle: p.name.clone(),
                    rating: results[i].ratings.get(&p.principle).copied().unwrap_or(1),
                    story: r.stories.get(&p.principle).cloned().unwrap_or_default(),
                };
                if t.rating <= 2 {
                    weak.push(Told {
                        round: t.round,
                        principle: t.principle.clone(),
                        rating: t.rating,
                        story: t.story.clone(),
                    });
                }
                told.push(t);
            }
        }
        let names = |ids: &[String]| {
            ids.iter()
                .map(|id| {
                    planned
                        .principles()
                        .find(|a| &a.principle == id)
                        .map_or(id.clone(), |a| a.name.clone())
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        Ok(Some(DebriefPage {
            id,
            kind: kind_label(l.session.kind),
            overall,
            used: mmss(results.iter().map(|r| r.elapsed_secs).sum()),
            minutes: planned.minutes(),
            rounds,
            strongest: describe(best),
            weakest: describe(worst),
            weak_principles: weak,
            told,
            repeated: l
                .session
                .repeated_stories()
                .into_iter()
                .map(|(s, ps)| (s, names(&ps)))
                .collect(),
            // the practice plan's text is Markdown; shown as plain text
            next_drills: plan
                .iter()
                .take(3)
                .map(|p| p.text.replace(['`', '\\'], ""))
                .collect(),
            markdown,
        }))
    })
    .await?;
    Ok(match page {
        Some(p) => render(&p),
        None => Redirect::to(&format!("/mock/{id}")).into_response(),
    })
}
