//! A mock while it runs: the rounds as drawn, which one is open, and what
//! has been scored so far.
//!
//! This was the CLI's private state; it moved here so that `barraiser
//! mock` and the web app's mock pages advance a mock by the same rules and
//! read each other's mocks. It stays free of I/O: the caller supplies the
//! clock (start and end stamps, elapsed seconds) and stores the rounds
//! (`progress::mocks` keeps them in the store's `mocks` table as the JSON
//! array [`Session::to_values`] writes).

use crate::error::MockError;
use crate::mock::{area_title, Item, Mock, MockKind, Round, RoundKind};
use crate::score::{round_score, RoundResult};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One round as kept while the mock runs.
///
/// The serialized form is the stored one: the CLI wrote these fields
/// before the web app existed, so fields added since are optional and
/// left out when empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundState {
    /// The mock's seed (the same in every round).
    pub seed: u64,
    pub round: Round,
    /// When the round was first shown (its clock starts then).
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// Time taken, set when the round closes.
    pub elapsed_secs: u64,
    /// 0-100 per technical item id.
    pub scores: BTreeMap<String, u8>,
    /// 1-4 per principle id.
    pub ratings: BTreeMap<String, u8>,
    /// The story told per principle id, when the candidate named one: the
    /// debrief shows it and flags a story told for two principles.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stories: BTreeMap<String, String>,
}

/// A part of a round still without a score or a rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A hands-on item (threat model, code review, script) by id.
    HandsOn(String),
    /// A loop question by id, to be recalled and rated.
    Question(String),
    /// A principle by id, to be rated 1-4.
    Principle(String),
}

/// Why a step of a running mock was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("question `{0}` is not in this round")]
    NoSuchQuestion(String),
    #[error("`{principle}` is not asked in this round; it asks: {asked}")]
    NotAsked { principle: String, asked: String },
    #[error("rating {0} is not 1 to 4")]
    BadRating(u8),
    #[error("every round is closed")]
    Finished,
    #[error("this round has no hands-on item")]
    NoHandsOn,
    #[error(transparent)]
    Mock(#[from] MockError),
}

/// Recall of a loop question, 1 (again) to 4 (easy), on the 0-100 scale
/// the drills' question review uses: 25, 50, 80, 100.
pub fn recall_score(rating: u8) -> Option<u8> {
    [25u8, 50, 80, 100]
        .get(usize::from(rating).wrapping_sub(1))
        .copied()
}

/// What a round close reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    /// 0-based index of the round closed.
    pub round: usize,
    pub score: u8,
    pub elapsed_secs: u64,
    /// Whether that was the last round (the mock is over).
    pub last: bool,
}

/// A running (or finished) mock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub kind: MockKind,
    pub rounds: Vec<RoundState>,
}

impl MockKind {
    /// The name stored and shown: `phone-screen` or `loop`.
    pub fn as_str(self) -> &'static str {
        match self {
            MockKind::PhoneScreen => "phone-screen",
            MockKind::Loop => "loop",
        }
    }

    /// The kind of a stored name; anything but `loop` was a phone screen,
    /// as the CLI has always read it.
    pub fn from_stored(s: &str) -> MockKind {
        if s == "loop" {
            MockKind::Loop
        } else {
            MockKind::PhoneScreen
        }
    }
}

impl RoundKind {
    /// A short label for the kind of round.
    pub fn label(self) -> &'static str {
        match self {
            RoundKind::ThreatModel => "Threat model",
            RoundKind::CodeReview => "Code review",
            RoundKind::Scripting => "Scripting",
            RoundKind::Behavioural => "Behavioural",
            RoundKind::Loop(_) => "Loop round",
        }
    }
}

impl Session {
    /// A new session for `m`; the first round's clock starts at `now`.
    pub fn new(m: &Mock, now: &str) -> Session {
        Session {
            kind: m.kind,
            rounds: m
                .rounds
                .iter()
                .enumerate()
                .map(|(i, r)| RoundState {
                    seed: m.seed,
                    round: r.clone(),
                    started_at: (i == 0).then(|| now.to_string()),
                    finished_at: None,
                    elapsed_secs: 0,
                    scores: BTreeMap::new(),
                    ratings: BTreeMap::new(),
                    stories: BTreeMap::new(),
                })
                .collect(),
        }
    }

    /// A stored session: `kind` as stored and one JSON object per round.
    pub fn from_values(kind: &str, rounds: &[serde_json::Value]) -> serde_json::Result<Session> {
        Ok(Session {
            kind: MockKind::from_stored(kind),
            rounds: rounds
                .iter()
                .map(|v| serde_json::from_value(v.clone()))
                .collect::<Result<_, _>>()?,
        })
    }

    /// The rounds as stored.
    pub fn to_values(&self) -> Vec<serde_json::Value> {
        self.rounds
            .iter()
            // a struct of strings, numbers and string maps always serializes
            .map(|r| serde_json::to_value(r).unwrap_or(serde_json::Value::Null))
            .collect()
    }

    /// The open round: the first not closed; `None` once every round is.
    pub fn current(&self) -> Option<usize> {
        self.rounds.iter().position(|r| r.finished_at.is_none())
    }

    fn open(&mut self) -> Result<&mut RoundState, StepError> {
        let i = self.current().ok_or(StepError::Finished)?;
        Ok(&mut self.rounds[i])
    }

    /// The open round's hands-on item, if it has one.
    pub fn hands_on(&self) -> Option<&Item> {
        let r = &self.rounds[self.current()?];
        r.round
            .items
            .iter()
            .find(|i| matches!(i, Item::Scenario(_) | Item::Snippet(_) | Item::Exercise(_)))
    }

    /// Record the grader's score of the open round's hands-on item.
    pub fn score_hands_on(&mut self, score: u8) -> Result<String, StepError> {
        let id = self
            .hands_on()
            .ok_or(StepError::NoHandsOn)?
            .id()
            .to_string();
        self.open()?.scores.insert(id.clone(), score.min(100));
        Ok(id)
    }

    /// Record the recall (1-4) of a question of the open round; returns
    /// the score it stands for.
    pub fn recall(&mut self, question: &str, rating: u8) -> Result<u8, StepError> {
        let score = recall_score(rating).ok_or(StepError::BadRating(rating))?;
        let r = self.open()?;
        if !r
            .round
            .items
            .iter()
            .any(|i| matches!(i, Item::Question(q) if q == question))
        {
            return Err(StepError::NoSuchQuestion(question.to_string()));
        }
        r.scores.insert(question.to_string(), score);
        Ok(score)
    }

    /// Rate (1-4) the answer for a principle of the open round, with the
    /// story told for it when one is named (an empty name clears it).
    pub fn rate(
        &mut self,
        principle: &str,
        rating: u8,
        story: Option<&str>,
    ) -> Result<(), StepError> {
        if !(1..=4).contains(&rating) {
            return Err(StepError::BadRating(rating));
        }
        let r = self.open()?;
        if !r.round.principles.iter().any(|p| p.principle == principle) {
            let asked: Vec<&str> = r
                .round
                .principles
                .iter()
                .map(|p| p.principle.as_str())
                .collect();
            return Err(StepError::NotAsked {
                principle: principle.to_string(),
                asked: asked.join(", "),
            });
        }
        r.ratings.insert(principle.to_string(), rating);
        match story.map(str::trim) {
            Some("") => {
                r.stories.remove(principle);
            }
            Some(t) => {
                r.stories.insert(principle.to_string(), t.to_string());
            }
            None => {}
        }
        Ok(())
    }

    /// What round `i` still lacks: technical items first, then principles.
    pub fn missing(&self, i: usize) -> Vec<Part> {
        let r = &self.rounds[i];
        let mut out = Vec::new();
        for item in r.round.items.iter().filter(|x| x.is_technical()) {
            if !r.scores.contains_key(item.id()) {
                out.push(match item {
                    Item::Question(q) => Part::Question(q.clone()),
                    other => Part::HandsOn(other.id().to_string()),
                });
            }
        }
        for p in &r.round.principles {
            if !r.ratings.contains_key(&p.principle) {
                out.push(Part::Principle(p.principle.clone()));
            }
        }
        out
    }

    /// Close the open round after `elapsed_secs`, at `now`, and start the
    /// next one's clock. Unanswered parts score 0 (a rating of 1): the
    /// caller decides whether to allow that ([`Session::missing`]).
    pub fn close(&mut self, elapsed_secs: u64, now: &str) -> Result<Closed, StepError> {
        let i = self.current().ok_or(StepError::Finished)?;
        let r = &mut self.rounds[i];
        r.elapsed_secs = elapsed_secs;
        r.finished_at = Some(now.to_string());
        let score = round_score(i, &r.round, &result_of(r))?;
        let last = i + 1 == self.rounds.len();
        if !last {
            self.rounds[i + 1].started_at = Some(now.to_string());
        }
        Ok(Closed {
            round: i,
            score,
            elapsed_secs,
            last,
        })
    }

    /// The mock as planned, for the debrief.
    pub fn planned(&self) -> Mock {
        Mock {
            kind: self.kind,
            seed: self.rounds.first().map_or(0, |r| r.seed),
            rounds: self.rounds.iter().map(|r| r.round.clone()).collect(),
        }
    }

    /// One result per round, as the debrief reads them.
    pub fn results(&self) -> Vec<RoundResult> {
        self.rounds.iter().map(result_of).collect()
    }

    /// The score of each closed round, `None` for the others.
    pub fn round_scores(&self) -> Vec<Option<u8>> {
        self.rounds
            .iter()
            .enumerate()
            .map(|(i, r)| {
                r.finished_at
                    .as_ref()
                    .and_then(|_| round_score(i, &r.round, &result_of(r)).ok())
            })
            .collect()
    }

    /// The overall score (see [`crate::overall_score`]).
    pub fn overall(&self) -> Result<u8, MockError> {
        crate::overall_score(&self.planned(), &self.results())
    }

    /// The Markdown debrief (see [`crate::debrief`]).
    pub fn debrief(&self) -> Result<String, MockError> {
        crate::debrief(&self.planned(), &self.results())
    }

    /// Stories told for more than one principle in this mock: an
    /// interviewer panel compares notes, and the same story twice reads as
    /// a thin bank. Each with the principles it was told for.
    pub fn repeated_stories(&self) -> Vec<(String, Vec<String>)> {
        let mut by: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
        for r in &self.rounds {
            for (p, s) in &r.stories {
                let e = by
                    .entry(s.trim().to_lowercase())
                    .or_insert_with(|| (s.clone(), Vec::new()));
                e.1.push(p.clone());
            }
        }
        by.into_values().filter(|(_, ps)| ps.len() > 1).collect()
    }

    /// What each round's hands-on work and questions were about, in round
    /// order and without repeats: the topics a thank-you note mentions.
    pub fn topics(&self) -> Vec<String> {
        let tm = threat_model::content::Content::embedded().ok();
        let review = review_drill::Catalog::embedded();
        let mut topics = Vec::new();
        for r in &self.rounds {
            for item in &r.round.items {
                let t = match item {
                    Item::Scenario(n) => tm
                        .as_ref()
                        .and_then(|c| c.scenario(n))
                        .map(|sc| format!("threat modeling {}", sc.title)),
                    Item::Snippet(sid) => review
                        .snippets
                        .iter()
                        .find(|x| x.id() == sid)
                        .map(|sn| format!("reviewing {}", sn.key.title)),
                    Item::Exercise(e) => script_drill::exercise(e).ok().map(|ex| {
                        let mut t = ex.title.clone();
                        if let Some(first) = t.get(..1) {
                            t.replace_range(..1, &first.to_lowercase());
                        }
                        format!("a script to {t}")
                    }),
                    Item::Question(_) => match r.round.kind {
                        RoundKind::Loop(area) => Some(area_title(area).to_lowercase()),
                        _ => None,
                    },
                    Item::Prompt(_) => None,
                };
                if let Some(t) = t {
                    if !topics.contains(&t) {
                        topics.push(t);
                    }
                }
            }
        }
        topics
    }
}

/// The round's result for the debrief: the technical score is the mean of
/// its technical items (a missing one counts 0), a principle not rated
/// counts as a 1.
pub fn result_of(r: &RoundState) -> RoundResult {
    let tech: Vec<u32> = r
        .round
        .items
        .iter()
        .filter(|i| i.is_technical())
        .map(|i| u32::from(r.scores.get(i.id()).copied().unwrap_or(0)))
        .collect();
    RoundResult {
        technical: (!tech.is_empty()).then(|| {
            ((tech.iter().sum::<u32>() * 2 + tech.len() as u32) / (2 * tech.len() as u32)) as u8
        }),
        ratings: r
            .round
            .principles
            .iter()
            .map(|p| {
                (
                    p.principle.clone(),
                    r.ratings.get(&p.principle).copied().unwrap_or(1),
                )
            })
            .collect(),
        elapsed_secs: r.elapsed_secs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{loop_, phone_screen};

    const T0: &str = "2026-01-05T10:00:00Z";
    const T1: &str = "2026-01-05T10:15:00Z";

    #[test]
    fn a_phone_screen_runs_round_by_round_to_a_debrief() {
        let m = phone_screen(7).unwrap();
        let mut s = Session::new(&m, T0);
        assert_eq!(s.current(), Some(0));
        assert_eq!(s.rounds[0].started_at.as_deref(), Some(T0));
        assert!(s.rounds[1].started_at.is_none());
        assert_eq!(s.missing(0).len(), 1);
        assert!(matches!(s.hands_on(), Some(Item::Scenario(_))));
        s.score_hands_on(90).unwrap();
        assert!(s.missing(0).is_empty());
        let c = s.close(600, T1).unwrap();
        assert_eq!((c.round, c.score, c.last), (0, 90, false));
        assert_eq!(s.rounds[1].started_at.as_deref(), Some(T1));
        // rounds 2 and 3 closed unanswered score 0
        s.close(60, T1).unwrap();
        assert_eq!(s.close(60, T1).unwrap().score, 0);
        assert_eq!(s.hands_on(), None);
        assert!(matches!(s.score_hands_on(10), Err(StepError::NoHandsOn)));
        let asked: Vec<String> = s.rounds[3]
            .round
            .principles
            .iter()
            .map(|p| p.principle.clone())
            .collect();
        assert!(matches!(
            s.rate("not-asked", 3, None),
            Err(StepError::NotAsked { .. })
        ));
        assert_eq!(s.rate(&asked[0], 5, None), Err(StepError::BadRating(5)));
        for p in &asked {
            s.rate(p, 4, Some("Leaked key")).unwrap();
        }
        let c = s.close(1800, T1).unwrap();
        assert!(c.last && c.score == 100);
        assert_eq!(s.current(), None);
        assert_eq!(s.close(1, T1), Err(StepError::Finished));
        assert_eq!(
            s.round_scores(),
            vec![Some(90), Some(0), Some(0), Some(100)]
        );
        // weighted by minutes: (15*90 + 30*100) / 60
        assert_eq!(s.overall().unwrap(), 73);
        assert!(s.debrief().unwrap().contains("Overall **73/100**"));
        assert_eq!(s.repeated_stories().len(), 1);
        assert_eq!(s.repeated_stories()[0].1.len(), asked.len());
        assert!(s.topics().iter().any(|t| t.starts_with("threat modeling")));
    }

    #[test]
    fn loop_questions_take_a_recall_rating() {
        let m = loop_(3).unwrap();
        let mut s = Session::new(&m, T0);
        let q = s.rounds[0]
            .round
            .items
            .iter()
            .find_map(|i| match i {
                Item::Question(q) => Some(q.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(s.recall(&q, 3), Ok(80));
        assert_eq!(s.recall(&q, 0), Err(StepError::BadRating(0)));
        assert!(matches!(
            s.recall("nope", 2),
            Err(StepError::NoSuchQuestion(_))
        ));
        assert!(!s.missing(0).contains(&Part::Question(q)));
    }

    #[test]
    fn the_stored_form_round_trips_and_reads_the_cli_s_older_rows() {
        let m = phone_screen(11).unwrap();
        let mut s = Session::new(&m, T0);
        s.score_hands_on(55).unwrap();
        let back = Session::from_values("phone-screen", &s.to_values()).unwrap();
        assert_eq!(back, s);
        // rows written before `stories` existed have no such key
        assert!(s.to_values()[0].get("stories").is_none());
        let mut v = s.to_values();
        v[0].as_object_mut().unwrap().remove("stories");
        assert!(Session::from_values("phone-screen", &v).is_ok());
        assert!(Session::from_values("loop", &[serde_json::json!({"seed": 1})]).is_err());
    }

    #[test]
    fn recall_scores_match_the_question_review() {
        assert_eq!(
            (1..=4)
                .map(|r| recall_score(r).unwrap())
                .collect::<Vec<_>>(),
            vec![25, 50, 80, 100]
        );
        assert_eq!(recall_score(0), None);
        assert_eq!(recall_score(5), None);
    }
}
