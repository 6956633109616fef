//! The question-review queue over the store, shared by `barraiser drill
//! questions` and the web app's Questions page: every technical question
//! and behavioural prompt has an FSRS card (a card never reviewed is new
//! and not stored yet); rating one records the review, the card's next
//! state and an attempt on the "questions" or "behavioural" competency.

use questions::{Bank, Card, Rating};
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// New cards introduced per day, per kind (the FSRS default).
pub const NEW_PER_DAY: usize = 10;

/// Which cards a queue holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Technical,
    Behavioural,
    Any,
}

impl Kind {
    fn wants(self, bank: &Bank, id: &str) -> bool {
        match self {
            Kind::Technical => bank.technical_by_id(id).is_some(),
            Kind::Behavioural => bank.prompt_by_id(id).is_some(),
            Kind::Any => bank.technical_by_id(id).is_some() || bank.prompt_by_id(id).is_some(),
        }
    }
}

/// Errors of the queue: the store's, or an unknown id.
#[derive(Debug)]
pub enum ReviewError {
    Store(store::StoreError),
    Unknown(String),
    Schedule(String),
}

impl std::fmt::Display for ReviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReviewError::Store(e) => write!(f, "{e}"),
            ReviewError::Unknown(id) => write!(f, "no question or prompt `{id}`"),
            ReviewError::Schedule(e) => write!(f, "scheduling: {e}"),
        }
    }
}

impl std::error::Error for ReviewError {}

impl From<store::StoreError> for ReviewError {
    fn from(e: store::StoreError) -> Self {
        ReviewError::Store(e)
    }
}

/// Every card of the bank: the stored ones, then a new card for each id
/// never reviewed.
pub fn cards(s: &store::Store, bank: &Bank, now: OffsetDateTime) -> Result<Vec<Card>, ReviewError> {
    let mut cards: Vec<Card> = s
        .cards()?
        .into_iter()
        .filter_map(|c| serde_json::from_value(c.state).ok())
        .collect();
    let new = questions::missing_cards(bank.card_ids(), &cards, now);
    cards.extend(new);
    Ok(cards)
}

/// The next card of `kind` due at `now`, if any.
pub fn next(
    s: &store::Store,
    bank: &Bank,
    kind: Kind,
    now: OffsetDateTime,
) -> Result<Option<Card>, ReviewError> {
    let all: Vec<Card> = cards(s, bank, now)?
        .into_iter()
        .filter(|c| kind.wants(bank, &c.id))
        .collect();
    Ok(questions::due(&all, now, NEW_PER_DAY)
        .first()
        .map(|c| (*c).clone()))
}

/// How many cards are due at `now` (new ones within today's allowance).
pub fn due_count(s: &store::Store, bank: &Bank, now: OffsetDateTime) -> Result<usize, ReviewError> {
    let all = cards(s, bank, now)?;
    Ok(questions::due(&all, now, NEW_PER_DAY).len())
}

/// The 0-100 score a rating stands for on the readiness table.
pub fn rating_score(r: Rating) -> u8 {
    match r {
        Rating::Again => 25,
        Rating::Hard => 50,
        Rating::Good => 80,
        Rating::Easy => 100,
    }
}

/// Rate card `id`: store the review, the card's next state and an attempt.
/// Returns the card as rescheduled.
pub fn rate(
    s: &mut store::Store,
    bank: &Bank,
    id: &str,
    rating: Rating,
    now: OffsetDateTime,
) -> Result<Card, ReviewError> {
    if !Kind::Any.wants(bank, id) {
        return Err(ReviewError::Unknown(id.to_string()));
    }
    let card = cards(s, bank, now)?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| ReviewError::Unknown(id.to_string()))?;
    let next =
        questions::review(&card, rating, now).map_err(|e| ReviewError::Schedule(e.to_string()))?;
    let stamp = now
        .format(&Rfc3339)
        .map_err(|e| ReviewError::Schedule(e.to_string()))?;
    let due = next
        .due
        .format(&Rfc3339)
        .map_err(|e| ReviewError::Schedule(e.to_string()))?;
    let number = match rating {
        Rating::Again => 1,
        Rating::Hard => 2,
        Rating::Good => 3,
        Rating::Easy => 4,
    };
    s.record_review(
        &store::Review {
            id: 0,
            question_id: id.to_string(),
            rating: number,
            reviewed_at: stamp.clone(),
        },
        &store::Card {
            question_id: id.to_string(),
            state: serde_json::to_value(&next).map_err(|e| ReviewError::Schedule(e.to_string()))?,
            due_at: due,
        },
    )?;
    let kind = if bank.prompt_by_id(id).is_some() {
        "behavioural"
    } else {
        "questions"
    };
    s.record_attempt(
        &store::NewAttempt {
            drill_kind: kind.into(),
            item_id: id.to_string(),
            started_at: stamp.clone(),
            details: json!({}),
        },
        &store::AttemptResult {
            finished_at: stamp,
            elapsed_secs: 0,
            score: rating_score(rating),
            details: json!({"rating": format!("{rating:?}").to_lowercase()}),
        },
    )?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_then_the_queue_moves_on() {
        let bank = questions::embedded().unwrap();
        let mut s = store::Store::open_in_memory().unwrap();
        let now = OffsetDateTime::now_utc();
        let first = next(&s, bank, Kind::Behavioural, now).unwrap().unwrap();
        assert!(bank.prompt_by_id(&first.id).is_some());
        let t = next(&s, bank, Kind::Technical, now).unwrap().unwrap();
        assert!(bank.technical_by_id(&t.id).is_some());
        let after = rate(&mut s, bank, &first.id, Rating::Good, now).unwrap();
        assert!(after.due > now);
        let second = next(&s, bank, Kind::Behavioural, now).unwrap().unwrap();
        assert_ne!(second.id, first.id);
        let rows = crate::readiness(&s).unwrap();
        let beh = rows.iter().find(|r| r.drill == "behavioural").unwrap();
        assert_eq!(beh.latest_score, Some(80));
        assert!(matches!(
            rate(&mut s, bank, "no-such-card", Rating::Good, now),
            Err(ReviewError::Unknown(_))
        ));
    }
}
