//! Export of the whole history to one JSON document, and import back.
//!
//! The document is `{"format": "barraiser-prep", "schema_version": N, "profile": ..., "plan": [...],
//! "attempts": [...], "cards": [...], "reviews": [...], "stories": [...], "mocks": [...]}` with
//! rows in a fixed order, ids kept, NULLs as `null` and JSON columns as JSON (not strings).
//! Export then import into a fresh database then export again gives the same document.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::attempts::{insert_attempt, load_attempts, Attempt};
use crate::cards::{insert_card, insert_review, load_cards, load_reviews, Card, Review};
use crate::error::{Result, StoreError};
use crate::mocks::{insert_mock_row, load_mocks, Mock};
use crate::plan::{insert_plan_day, load_plan, PlanDay};
use crate::profile::{insert_profile, load_profile, Profile};
use crate::stories::{insert_story_row, load_stories, Story};
use crate::{migrate, validate, Store};

/// The oldest schema version whose export document has the shape this
/// build reads. Version 2 added only `tool_runs`, which is not exported, so
/// a version-1 backup still imports. Raise it when a migration changes an
/// exported table.
const EXPORT_SHAPE_SINCE: i64 = 1;

/// Value of the `format` field of every export.
pub const EXPORT_FORMAT: &str = "barraiser-prep";

/// What [`Store::import`] does when the database already holds data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Refuse unless the database is empty.
    IntoEmpty,
    /// Delete everything first, then import (in the same transaction).
    Replace,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    format: String,
    schema_version: i64,
    profile: Option<Profile>,
    plan: Vec<PlanDay>,
    attempts: Vec<Attempt>,
    cards: Vec<Card>,
    reviews: Vec<Review>,
    stories: Vec<Story>,
    mocks: Vec<Mock>,
}

/// Tables in the order rows are deleted (children before parents).
const TABLES: &[&str] = &[
    "reviews",
    "cards",
    "plan_items",
    "plan_days",
    "attempts",
    "stories",
    "mocks",
    "profile",
];

impl Store {
    /// The whole history as one JSON document, read from one consistent snapshot.
    pub fn export(&self) -> Result<Value> {
        let doc = self.read(|c| {
            let e = |e| self.err(e);
            Ok(Document {
                format: EXPORT_FORMAT.to_string(),
                schema_version: migrate::current_version(c).map_err(e)?,
                profile: load_profile(c).map_err(e)?,
                plan: load_plan(c, None).map_err(e)?,
                attempts: load_attempts(c, &self.path, None)?,
                cards: load_cards(c, &self.path, None)?,
                reviews: load_reviews(c, None).map_err(e)?,
                stories: load_stories(c, &self.path)?,
                mocks: load_mocks(c, &self.path)?,
            })
        })?;
        serde_json::to_value(&doc).map_err(|e| StoreError::ImportFormat {
            path: self.path.clone(),
            message: format!("cannot represent the data as JSON: {e}"),
        })
    }

    /// Load a document made by [`Store::export`], in one transaction: all of it or nothing.
    pub fn import(&mut self, document: Value, mode: ImportMode) -> Result<()> {
        let bad = |message: String| StoreError::ImportFormat {
            path: self.path.clone(),
            message,
        };
        let format = document.get("format").and_then(Value::as_str);
        if format != Some(EXPORT_FORMAT) {
            return Err(bad(format!(
                "its \"format\" is {} instead of {EXPORT_FORMAT:?}; produce it with `barraiser prep export`",
                format.map_or("missing".to_string(), |f| format!("{f:?}"))
            )));
        }
        let found = document.get("schema_version").and_then(Value::as_i64);
        let supported = migrate::latest_version();
        match found {
            Some(v) if v > supported => {
                return Err(StoreError::ImportTooNew {
                    path: self.path.clone(),
                    found: v,
                    supported,
                })
            }
            Some(v) if (EXPORT_SHAPE_SINCE..=supported).contains(&v) => {}
            other => {
                return Err(bad(format!(
                    "its \"schema_version\" is {} but this build reads versions {EXPORT_SHAPE_SINCE} to {supported}",
                    other.map_or("missing".to_string(), |v| v.to_string())
                )))
            }
        }
        let doc: Document = serde_json::from_value(document).map_err(|e| bad(e.to_string()))?;
        self.check_document(&doc)?;

        let path = self.path.clone();
        self.write(|tx, _| {
            let counts = row_counts(tx).map_err(|e| StoreError::sqlite(&path, e))?;
            match mode {
                ImportMode::IntoEmpty if !counts.is_empty() => {
                    return Err(StoreError::NotEmpty {
                        path: path.clone(),
                        what: counts.join(", "),
                    })
                }
                ImportMode::IntoEmpty => {}
                ImportMode::Replace => {
                    for t in TABLES {
                        tx.execute(&format!("DELETE FROM {t}"), [])
                            .map_err(|e| StoreError::sqlite(&path, e))?;
                    }
                }
            }
            let rejected = |what: &str, key: String, e: rusqlite::Error| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    StoreError::ImportFormat {
                        path: path.clone(),
                        message: format!("{what} {key} was refused by the database: {e}"),
                    }
                }
                e => StoreError::sqlite(&path, e),
            };
            if let Some(p) = &doc.profile {
                insert_profile(tx, p).map_err(|e| rejected("profile", String::new(), e))?;
            }
            for d in &doc.plan {
                insert_plan_day(tx, d).map_err(|e| rejected("plan day", d.date.clone(), e))?;
            }
            for a in &doc.attempts {
                insert_attempt(tx, a).map_err(|e| rejected("attempt", a.id.to_string(), e))?;
            }
            for c in &doc.cards {
                insert_card(tx, c).map_err(|e| rejected("card", c.question_id.clone(), e))?;
            }
            for r in &doc.reviews {
                insert_review(tx, r).map_err(|e| rejected("review", r.id.to_string(), e))?;
            }
            for s in &doc.stories {
                insert_story_row(tx, s).map_err(|e| rejected("story", s.id.to_string(), e))?;
            }
            for m in &doc.mocks {
                insert_mock_row(tx, m).map_err(|e| rejected("mock", m.id.to_string(), e))?;
            }
            Ok(())
        })
    }

    /// Check every value of an import before anything is written.
    fn check_document(&self, doc: &Document) -> Result<()> {
        let ts = |field, v: &str| self.check(field, validate::timestamp(v));
        let opt_ts = |field, v: &Option<String>| v.as_deref().map_or(Ok(()), |v| ts(field, v));
        if let Some(p) = &doc.profile {
            self.check_profile(p)?;
        }
        for d in &doc.plan {
            self.check("plan day date", validate::date(&d.date))?;
            for i in &d.items {
                self.check("plan item kind", validate::label(&i.kind))?;
                opt_ts("plan item done_at", &i.done_at)?;
            }
        }
        for a in &doc.attempts {
            self.check("drill_kind", validate::label(&a.drill_kind))?;
            self.check("item_id", validate::label(&a.item_id))?;
            ts("started_at", &a.started_at)?;
            opt_ts("finished_at", &a.finished_at)?;
            if a.score.is_some_and(|s| s > 100) {
                return Err(
                    self.invalid("score", format!("attempt {} has a score above 100", a.id))
                );
            }
        }
        for c in &doc.cards {
            self.check("question_id", validate::label(&c.question_id))?;
            ts("due_at", &c.due_at)?;
        }
        for r in &doc.reviews {
            ts("reviewed_at", &r.reviewed_at)?;
            if !(1..=4).contains(&r.rating) {
                return Err(
                    self.invalid("rating", format!("review {} has rating {}", r.id, r.rating))
                );
            }
        }
        for s in &doc.stories {
            self.check("title", validate::label(&s.title))?;
            if let Some(d) = &s.date {
                self.check("date", validate::date(d))?;
            }
            ts("updated_at", &s.updated_at)?;
        }
        for m in &doc.mocks {
            self.check("kind", validate::label(&m.kind))?;
            ts("started_at", &m.started_at)?;
            opt_ts("finished_at", &m.finished_at)?;
        }
        Ok(())
    }
}

/// "3 attempts"-style counts of the non-empty tables.
fn row_counts(c: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut out = Vec::new();
    for t in TABLES {
        let n: i64 = c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
        if n > 0 {
            out.push(format!("{n} rows in {t}"));
        }
    }
    Ok(out)
}
