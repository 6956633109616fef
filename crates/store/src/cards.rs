//! Spaced repetition: the scheduler's state per question and the log of every rating.
//! The store keeps the state as opaque JSON so the scheduler (FSRS) owns its own format.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Result, StoreError};
use crate::{json_text, parse_json, validate, Store};

/// A question's scheduling state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// The question id from the content bank.
    pub question_id: String,
    /// The scheduler's memory state (stability, difficulty, ...), as JSON.
    pub state: Value,
    /// When the question is next due (RFC 3339).
    pub due_at: String,
}

/// One self-rating of recall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Row id (0 for a review not yet saved).
    pub id: i64,
    /// The question reviewed.
    pub question_id: String,
    /// 1 again, 2 hard, 3 good, 4 easy.
    pub rating: u8,
    /// When it was rated (RFC 3339).
    pub reviewed_at: String,
}

impl Store {
    fn check_card(&self, c: &Card) -> Result<()> {
        self.check("question_id", validate::label(&c.question_id))?;
        self.check("due_at", validate::timestamp(&c.due_at))
    }

    fn check_review(&self, r: &Review) -> Result<()> {
        self.check("question_id", validate::label(&r.question_id))?;
        self.check("reviewed_at", validate::timestamp(&r.reviewed_at))?;
        if !(1..=4).contains(&r.rating) {
            return Err(self.invalid(
                "rating",
                format!(
                    "{} is not 1 (again), 2 (hard), 3 (good) or 4 (easy)",
                    r.rating
                ),
            ));
        }
        Ok(())
    }

    /// Create or replace a card (e.g. when a question enters the deck).
    pub fn upsert_card(&mut self, card: &Card) -> Result<()> {
        self.check_card(card)?;
        self.write(|tx, path| upsert(tx, card).map_err(|e| StoreError::sqlite(path, e)))
    }

    /// Save a rating and the card state it produced, together: either both or neither.
    /// `review.id` is ignored; the new review's id is returned.
    pub fn record_review(&mut self, review: &Review, card: &Card) -> Result<i64> {
        self.check_review(review)?;
        self.check_card(card)?;
        if review.question_id != card.question_id {
            return Err(self.invalid(
                "question_id",
                format!(
                    "the review is for {:?} but the card is {:?}",
                    review.question_id, card.question_id
                ),
            ));
        }
        self.write(|tx, path| {
            let e = |e| StoreError::sqlite(path, e);
            upsert(tx, card).map_err(e)?;
            tx.execute(
                "INSERT INTO reviews (question_id, rating, reviewed_at) VALUES (?1, ?2, ?3)",
                params![review.question_id, review.rating, review.reviewed_at],
            )
            .map_err(e)?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// One card.
    pub fn card(&self, question_id: &str) -> Result<Option<Card>> {
        let raw = self
            .conn
            .query_row(
                "SELECT question_id, state, due_at FROM cards WHERE question_id = ?1",
                [question_id],
                raw_card,
            )
            .optional()
            .map_err(|e| self.err(e))?;
        raw.map(|r| finish_card(&self.path, r)).transpose()
    }

    /// Every card, by question id.
    pub fn cards(&self) -> Result<Vec<Card>> {
        self.read(|c| load_cards(c, &self.path, None))
    }

    /// Cards due at or before `now` (RFC 3339), most overdue first.
    pub fn due_cards(&self, now: &str) -> Result<Vec<Card>> {
        self.check("now", validate::timestamp(now))?;
        self.read(|c| load_cards(c, &self.path, Some(now)))
    }

    /// Reviews, oldest first; only those of `question_id` when given.
    pub fn reviews(&self, question_id: Option<&str>) -> Result<Vec<Review>> {
        self.read(|c| load_reviews(c, question_id).map_err(|e| self.err(e)))
    }
}

fn upsert(tx: &Connection, card: &Card) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO cards (question_id, state, due_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (question_id) DO UPDATE SET state = excluded.state, due_at = excluded.due_at",
        params![card.question_id, json_text(&card.state), card.due_at],
    )?;
    Ok(())
}

fn raw_card(r: &Row<'_>) -> rusqlite::Result<(String, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
}

fn finish_card(
    path: &std::path::Path,
    (question_id, state, due_at): (String, String, String),
) -> Result<Card> {
    let state = parse_json(path, "cards", "state", &question_id, &state)?;
    Ok(Card {
        question_id,
        state,
        due_at,
    })
}

pub(crate) fn load_cards(
    c: &Connection,
    path: &std::path::Path,
    due_by: Option<&str>,
) -> Result<Vec<Card>> {
    let e = |e| StoreError::sqlite(path, e);
    let sql = if due_by.is_some() {
        "SELECT question_id, state, due_at FROM cards WHERE julianday(due_at) <= julianday(?1)
         ORDER BY julianday(due_at), question_id"
    } else {
        "SELECT question_id, state, due_at FROM cards WHERE ?1 IS NULL ORDER BY question_id"
    };
    let mut stmt = c.prepare(sql).map_err(e)?;
    let raws = stmt
        .query_map([due_by], raw_card)
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(e)?;
    raws.into_iter().map(|r| finish_card(path, r)).collect()
}

pub(crate) fn load_reviews(
    c: &Connection,
    question_id: Option<&str>,
) -> rusqlite::Result<Vec<Review>> {
    let mut stmt = c.prepare(
        "SELECT id, question_id, rating, reviewed_at FROM reviews
         WHERE ?1 IS NULL OR question_id = ?1 ORDER BY julianday(reviewed_at), id",
    )?;
    let rows = stmt.query_map([question_id], |r| {
        Ok(Review {
            id: r.get(0)?,
            question_id: r.get(1)?,
            rating: r.get(2)?,
            reviewed_at: r.get(3)?,
        })
    })?;
    rows.collect()
}

pub(crate) fn insert_card(tx: &Connection, card: &Card) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO cards (question_id, state, due_at) VALUES (?1, ?2, ?3)",
        params![card.question_id, json_text(&card.state), card.due_at],
    )?;
    Ok(())
}

pub(crate) fn insert_review(tx: &Connection, r: &Review) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO reviews (id, question_id, rating, reviewed_at) VALUES (?1, ?2, ?3, ?4)",
        params![r.id, r.question_id, r.rating, r.reviewed_at],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn card(q: &str, due: &str) -> Card {
        Card {
            question_id: q.into(),
            state: json!({"stability": 2.31, "difficulty": 5.1}),
            due_at: due.into(),
        }
    }

    fn review(q: &str, rating: u8) -> Review {
        Review {
            id: 0,
            question_id: q.into(),
            rating,
            reviewed_at: "2026-11-24T08:00:00Z".into(),
        }
    }

    #[test]
    fn due_cards_compare_instants_not_text() {
        let mut s = Store::open_in_memory().unwrap();
        s.upsert_card(&card("a", "2026-11-24T09:00:00Z")).unwrap();
        // 08:30 at UTC+02:00 is 06:30Z: due earlier than "a" although its text sorts later.
        s.upsert_card(&card("b", "2026-11-24T08:30:00+02:00"))
            .unwrap();
        s.upsert_card(&card("c", "2026-11-30T00:00:00Z")).unwrap();
        let due: Vec<_> = s
            .due_cards("2026-11-24T10:00:00Z")
            .unwrap()
            .into_iter()
            .map(|c| c.question_id)
            .collect();
        assert_eq!(due, ["b", "a"]);
        assert_eq!(s.cards().unwrap().len(), 3);
    }

    #[test]
    fn review_and_card_move_together() {
        let mut s = Store::open_in_memory().unwrap();
        let id = s
            .record_review(&review("tls", 3), &card("tls", "2026-11-27T08:00:00Z"))
            .unwrap();
        assert!(id > 0);
        assert_eq!(
            s.card("tls").unwrap().unwrap().due_at,
            "2026-11-27T08:00:00Z"
        );
        // A bad rating writes neither the review nor the new card state.
        let err = s
            .record_review(&review("tls", 5), &card("tls", "2026-12-27T08:00:00Z"))
            .unwrap_err();
        assert!(matches!(
            err,
            StoreError::Invalid {
                field: "rating",
                ..
            }
        ));
        assert_eq!(
            s.card("tls").unwrap().unwrap().due_at,
            "2026-11-27T08:00:00Z"
        );
        assert_eq!(s.reviews(Some("tls")).unwrap().len(), 1);
        assert!(s
            .record_review(&review("tls", 2), &card("iam", "2026-12-27T08:00:00Z"))
            .is_err());
        assert_eq!(s.reviews(None).unwrap()[0].rating, 3);
    }
}
