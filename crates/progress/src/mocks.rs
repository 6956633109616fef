//! Mock interviews kept in the store: start one, find the running one,
//! record graded work, ratings and recalls, close rounds and write the
//! debrief.
//!
//! The rules of a running mock live in `mock::Session` (a pure library);
//! this module only reads and writes the store's `mocks` table around
//! them, so that `barraiser mock` and the web app's mock pages store the
//! same rows and see each other's mocks. It sits here rather than in
//! `mock` because this crate is the one that knows the store: every
//! function below is one read and at most one write transaction.

use mock::{Closed, Part, Session, StepError};
use serde_json::json;
use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Why a mock step failed. The messages name no command: the CLI and the
/// web app each add their own hint.
#[derive(Debug, thiserror::Error)]
pub enum MockRunError {
    #[error("{0}")]
    Store(#[from] store::StoreError),
    #[error("no mock {0}")]
    NotFound(i64),
    #[error("no mock is running")]
    NoneRunning,
    #[error("mock {0} is finished")]
    Finished(i64),
    #[error("mock {id} in the database is not readable ({message}); start a new one")]
    Unreadable { id: i64, message: String },
    #[error("round {round} still has unanswered parts")]
    Unanswered { round: usize, parts: Vec<Part> },
    #[error("{0}")]
    Step(#[from] StepError),
    #[error("{0}")]
    Mock(#[from] mock::MockError),
    #[error("{0}")]
    Grade(#[from] mock::grade::GradeError),
}

/// A stored mock with its session read.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub row: store::Mock,
    pub session: Session,
}

impl Loaded {
    pub fn id(&self) -> i64 {
        self.row.id
    }

    /// The open round's index, `None` when the mock is finished.
    pub fn current(&self) -> Option<usize> {
        if self.row.finished_at.is_some() {
            None
        } else {
            self.session.current()
        }
    }

    /// Seconds since the open round's clock started.
    pub fn round_elapsed(&self) -> u64 {
        self.current()
            .and_then(|i| self.session.rounds[i].started_at.as_deref())
            .map_or(0, elapsed_since)
    }
}

/// Whole seconds from an RFC 3339 stamp to now (0 if unreadable).
pub fn elapsed_since(started: &str) -> u64 {
    OffsetDateTime::parse(started, &Rfc3339)
        .map(|t| (OffsetDateTime::now_utc() - t).whole_seconds().max(0) as u64)
        .unwrap_or(0)
}

fn read(row: store::Mock) -> Result<Loaded, MockRunError> {
    let session =
        Session::from_values(&row.kind, &row.rounds).map_err(|e| MockRunError::Unreadable {
            id: row.id,
            message: e.to_string(),
        })?;
    Ok(Loaded { row, session })
}

/// Draw a mock of `kind` for `seed` and store it with the first round's
/// clock running.
pub fn start(
    s: &mut store::Store,
    kind: mock::MockKind,
    seed: u64,
) -> Result<Loaded, MockRunError> {
    let m = match kind {
        mock::MockKind::PhoneScreen => mock::phone_screen(seed),
        mock::MockKind::Loop => mock::loop_(seed),
    }?;
    let now = store::now_rfc3339();
    let session = Session::new(&m, &now);
    let id = s.start_mock(&store::NewMock {
        kind: kind.as_str().into(),
        started_at: now,
        rounds: session.to_values(),
    })?;
    load(s, id)
}

/// Mock `id`, finished or not.
pub fn load(s: &store::Store, id: i64) -> Result<Loaded, MockRunError> {
    read(s.mock(id)?.ok_or(MockRunError::NotFound(id))?)
}

/// Every mock, oldest first, each with its overall score once finished.
pub fn list(s: &store::Store) -> Result<Vec<(Loaded, Option<u8>)>, MockRunError> {
    s.mocks()?
        .into_iter()
        .map(|row| {
            let l = read(row)?;
            let score = score(&l);
            Ok((l, score))
        })
        .collect()
}

/// The running mock: `id`, or else the latest unfinished one. A finished
/// mock is an error.
pub fn running(s: &store::Store, id: Option<i64>) -> Result<Loaded, MockRunError> {
    let row = match id {
        Some(id) => s.mock(id)?.ok_or(MockRunError::NotFound(id))?,
        None => s
            .mocks()?
            .into_iter()
            .rev()
            .find(|m| m.finished_at.is_none())
            .ok_or(MockRunError::NoneRunning)?,
    };
    if row.finished_at.is_some() {
        return Err(MockRunError::Finished(row.id));
    }
    let l = read(row)?;
    if l.session.current().is_none() {
        return Err(MockRunError::Finished(l.id()));
    }
    Ok(l)
}

fn save(s: &mut store::Store, l: &Loaded) -> Result<(), MockRunError> {
    Ok(s.update_mock_rounds(l.id(), &l.session.to_values())?)
}

/// Grade `work` on the open round's hands-on item of mock `id`, timed from
/// the round's start; the round's score and a drill attempt (so readiness
/// counts the work) are written in one transaction. Work on an item
/// already graded is graded again and replaces the round's score.
pub fn answer(
    s: &mut store::Store,
    id: Option<i64>,
    work: mock::grade::Work<'_>,
) -> Result<(Loaded, mock::grade::Graded), MockRunError> {
    let mut l = running(s, id)?;
    let item = l.session.hands_on().cloned().ok_or(StepError::NoHandsOn)?;
    let elapsed = Duration::from_secs(l.round_elapsed());
    let graded = mock::grade::grade(&item, work, elapsed)?;
    l.session.score_hands_on(graded.score)?;
    let cur = l.current().unwrap_or(0);
    let mut details = graded.details.clone();
    // the attempt says which mock it belongs to; the graders' results are
    // JSON objects, read back ignoring keys they do not know
    if let Some(o) = details.as_object_mut() {
        o.insert("mock".into(), json!(l.id()));
        o.insert("round".into(), json!(cur + 1));
    }
    s.update_mock_rounds_with_attempt(
        l.id(),
        &l.session.to_values(),
        &store::NewAttempt {
            drill_kind: graded.drill.into(),
            item_id: item.id().to_string(),
            started_at: l.session.rounds[cur]
                .started_at
                .clone()
                .unwrap_or_else(store::now_rfc3339),
            details: json!({"mock": l.id()}),
        },
        &store::AttemptResult {
            finished_at: store::now_rfc3339(),
            elapsed_secs: elapsed.as_secs().min(u64::from(u32::MAX)) as u32,
            score: graded.score,
            details,
        },
    )?;
    Ok((l, graded))
}

/// The graded attempts of mock `id`, latest last (to show a round's
/// grader report again after a reload).
pub fn attempts(s: &store::Store, id: i64) -> Result<Vec<store::Attempt>, MockRunError> {
    Ok(s.attempts(None)?
        .into_iter()
        .filter(|a| a.details.get("mock").and_then(|v| v.as_i64()) == Some(id))
        .collect())
}

/// Rate recall (1-4) of a question of the open round.
pub fn recall(
    s: &mut store::Store,
    id: Option<i64>,
    question: &str,
    rating: u8,
) -> Result<(Loaded, u8), MockRunError> {
    let mut l = running(s, id)?;
    let score = l.session.recall(question, rating)?;
    save(s, &l)?;
    Ok((l, score))
}

/// Rate (1-4) a principle of the open round, with the story told.
pub fn rate(
    s: &mut store::Store,
    id: Option<i64>,
    principle: &str,
    rating: u8,
    story: Option<&str>,
) -> Result<Loaded, MockRunError> {
    let mut l = running(s, id)?;
    l.session.rate(principle, rating, story)?;
    save(s, &l)?;
    Ok(l)
}

/// Close the open round (refused while parts are unanswered, unless
/// `force`: they then score 0, or a rating of 1) and open the next; after
/// the last round, write the debrief and finish the mock.
pub fn next(
    s: &mut store::Store,
    id: Option<i64>,
    force: bool,
) -> Result<(Loaded, Closed), MockRunError> {
    let mut l = running(s, id)?;
    let cur = l.current().ok_or(MockRunError::Finished(l.id()))?;
    let parts = l.session.missing(cur);
    if !parts.is_empty() && !force {
        return Err(MockRunError::Unanswered {
            round: cur + 1,
            parts,
        });
    }
    let elapsed = l.round_elapsed();
    let now = store::now_rfc3339();
    let closed = l.session.close(elapsed, &now)?;
    if closed.last {
        let text = l.session.debrief()?;
        s.finish_mock_with_rounds(l.id(), &l.session.to_values(), &now, &text)?;
    } else {
        save(s, &l)?;
    }
    let l = load(s, l.id())?;
    Ok((l, closed))
}

/// The overall score of a finished mock, recomputed from its rounds.
pub fn score(l: &Loaded) -> Option<u8> {
    l.row.finished_at.as_ref()?;
    l.session.overall().ok()
}

/// The overall score of a stored mock row (for `status`).
pub fn row_score(m: &store::Mock) -> Option<u8> {
    score(&read(m.clone()).ok()?)
}

/// Topics of the latest finished mock, for the thank-you note.
pub fn latest_topics(s: &store::Store) -> Result<Vec<String>, MockRunError> {
    let Some(row) = s
        .mocks()?
        .into_iter()
        .rev()
        .find(|m| m.finished_at.is_some())
    else {
        return Ok(Vec::new());
    };
    Ok(read(row)?.session.topics())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_screen_through_the_store() {
        let mut s = store::Store::open_in_memory().unwrap();
        assert!(matches!(running(&s, None), Err(MockRunError::NoneRunning)));
        let l = start(&mut s, mock::MockKind::PhoneScreen, 7).unwrap();
        let id = l.id();
        assert_eq!(l.row.kind, "phone-screen");
        assert_eq!(running(&s, None).unwrap().id(), id);
        // round 1 cannot close unanswered
        assert!(matches!(
            next(&mut s, Some(id), false),
            Err(MockRunError::Unanswered { round: 1, .. })
        ));
        // the wrong kind of work is refused and nothing is written
        assert!(matches!(
            answer(&mut s, Some(id), mock::grade::Work::CodeReview(&[])),
            Err(MockRunError::Grade(_))
        ));
        assert!(s.attempts(None).unwrap().is_empty());
        for _ in 0..3 {
            next(&mut s, Some(id), true).unwrap();
        }
        let l = running(&s, Some(id)).unwrap();
        let principles: Vec<String> = l.session.rounds[3]
            .round
            .principles
            .iter()
            .map(|p| p.principle.clone())
            .collect();
        for p in &principles {
            rate(&mut s, Some(id), p, 3, Some("Leaked key")).unwrap();
        }
        let (l, closed) = next(&mut s, Some(id), false).unwrap();
        assert!(closed.last && closed.score == 75);
        assert!(l.row.finished_at.is_some());
        assert!(l.row.debrief.as_deref().unwrap().contains("Overall **"));
        assert_eq!(score(&l), Some(38)); // (30 * 75) / 60, half up
        assert_eq!(row_score(&l.row), Some(38));
        assert!(matches!(
            running(&s, Some(id)),
            Err(MockRunError::Finished(_))
        ));
        assert_eq!(list(&s).unwrap().len(), 1);
        assert!(latest_topics(&s).unwrap()[0].starts_with("threat modeling"));
    }

    #[test]
    fn graded_work_is_stored_with_an_attempt() {
        let mut s = store::Store::open_in_memory().unwrap();
        let l = start(&mut s, mock::MockKind::PhoneScreen, 1).unwrap();
        let id = l.id();
        next(&mut s, Some(id), true).unwrap();
        let l = running(&s, Some(id)).unwrap();
        let mock::Item::Snippet(sid) = l.session.hands_on().unwrap().clone() else {
            panic!("round 2 is a code review")
        };
        let sn = review_drill::Catalog::embedded()
            .snippets
            .iter()
            .find(|x| x.id() == sid)
            .unwrap();
        let answers: Vec<review_drill::Answer> = sn
            .key
            .vulns
            .iter()
            .map(|v| review_drill::Answer {
                line: v.line,
                category: v.category.clone(),
                fix: v.fix.clone(),
            })
            .collect();
        let (l, g) = answer(&mut s, Some(id), mock::grade::Work::CodeReview(&answers)).unwrap();
        assert!(g.score > 0);
        assert_eq!(l.session.rounds[1].scores[&sid], g.score);
        let stored = attempts(&s, id).unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].drill_kind, "code-review");
        assert_eq!(stored[0].details["round"], 2);
        // the stored details still read as the grader's result
        assert!(serde_json::from_value::<review_drill::Grade>(stored[0].details.clone()).is_ok());
        assert_eq!(
            load(&s, id).unwrap().session.rounds[1].scores[&sid],
            g.score
        );
    }
}
