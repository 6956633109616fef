//! Questions: the FSRS review queue. The prompt first; the key points are
//! revealed on demand (a `<details>` element, no script needed); four
//! rating buttons post the recall.

use super::{blocking, render, PageError};
use crate::security::Csrf;
use crate::Shared;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use progress::review::Kind;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct KindQuery {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    rated: Option<String>,
}

pub struct Card {
    pub id: String,
    pub label: String,
    pub prompt: String,
    pub points: Vec<String>,
    pub follow_up: Option<String>,
    pub points_title: &'static str,
}

#[derive(Template)]
#[template(path = "questions.html")]
pub struct Page {
    pub csrf: String,
    pub kind: String,
    pub card: Option<Card>,
    pub due: usize,
    pub rated: Option<String>,
}

fn parse_kind(k: Option<&str>) -> Result<(Kind, String), PageError> {
    match k.unwrap_or("any") {
        "any" | "" => Ok((Kind::Any, "any".into())),
        "technical" => Ok((Kind::Technical, "technical".into())),
        "behavioural" => Ok((Kind::Behavioural, "behavioural".into())),
        other => Err(PageError::bad(format!(
            "kind `{other}`: use technical, behavioural or any"
        ))),
    }
}

pub async fn page(
    State(app): State<Shared>,
    Extension(Csrf(csrf)): Extension<Csrf>,
    Query(q): Query<KindQuery>,
) -> Result<Response, PageError> {
    let (kind, kind_s) = parse_kind(q.kind.as_deref())?;
    let rated = q.rated.clone();
    let p = blocking(move || {
        let bank = questions::embedded().map_err(|e| PageError::bad(e.to_string()))?;
        let s = app.open()?;
        let now = time::OffsetDateTime::now_utc();
        let err = |e: progress::review::ReviewError| PageError::bad(e.to_string());
        let due = progress::review::due_count(&s, bank, now).map_err(err)?;
        let card = progress::review::next(&s, bank, kind, now)
            .map_err(err)?
            .map(|c| {
                if let Some(q) = bank.technical_by_id(&c.id) {
                    Card {
                        id: q.id.clone(),
                        label: q.area.as_str().to_string(),
                        prompt: q.prompt.clone(),
                        points: q.key_points.clone(),
                        follow_up: q.follow_up.clone(),
                        points_title: "Key points",
                    }
                } else {
                    let p = bank
                        .prompt_by_id(&c.id)
                        .expect("a card is a question or a prompt");
                    Card {
                        id: p.id.clone(),
                        label: bank
                            .principle_by_id(&p.principle)
                            .map_or(p.principle.clone(), |x| x.name.clone()),
                        prompt: p.prompt.clone(),
                        points: p.what_they_probe.clone(),
                        follow_up: None,
                        points_title: "What the interviewer listens for",
                    }
                }
            });
        Ok(Page {
            csrf,
            kind: kind_s,
            card,
            due,
            rated,
        })
    })
    .await?;
    Ok(render(&p))
}

#[derive(Deserialize)]
pub struct RateForm {
    id: String,
    rating: String,
    #[serde(default)]
    kind: String,
}

pub async fn rate(
    State(app): State<Shared>,
    Form(f): Form<RateForm>,
) -> Result<Response, PageError> {
    let rating = match f.rating.as_str() {
        "again" => questions::Rating::Again,
        "hard" => questions::Rating::Hard,
        "good" => questions::Rating::Good,
        "easy" => questions::Rating::Easy,
        other => {
            return Err(PageError::bad(format!(
                "rating `{other}`: use again, hard, good or easy"
            )))
        }
    };
    let (_, kind) = parse_kind(Some(&f.kind))?;
    let id = f.id.clone();
    blocking(move || {
        let bank = questions::embedded().map_err(|e| PageError::bad(e.to_string()))?;
        let mut s = app.open()?;
        progress::review::rate(&mut s, bank, &id, rating, time::OffsetDateTime::now_utc())
            .map_err(|e| PageError::bad(e.to_string()))?;
        Ok(())
    })
    .await?;
    let target = format!(
        "/questions?kind={kind}&rated={}",
        form_urlencoded::byte_serialize(f.id.as_bytes()).collect::<String>()
    );
    Ok(Redirect::to(&target).into_response())
}
