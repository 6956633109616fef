//! Drill attempts. An attempt is saved when the drill starts and completed when it is graded,
//! so a drill cut short by a crash is still on record (unfinished) and every graded one is kept.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Result, StoreError};
use crate::{json_text, parse_json, validate, Store};

/// An attempt as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attempt {
    /// Row id.
    pub id: i64,
    /// Drill kind: `threat-model`, `code-review`, `scripting`, `question`, `star`, ...
    pub drill_kind: String,
    /// The content item drilled (scenario, snippet, exercise or question id).
    pub item_id: String,
    /// When the drill started (RFC 3339).
    pub started_at: String,
    /// When it was graded; `None` while running or if it was interrupted.
    pub finished_at: Option<String>,
    /// Time taken, in seconds.
    pub elapsed_secs: Option<u32>,
    /// Grade from 0 to 100.
    pub score: Option<u8>,
    /// The grader's report (any JSON).
    pub details: Value,
}

/// See [`Store::attempts_stamp`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptsStamp {
    count: i64,
    max_id: i64,
    last_finished: String,
    score_total: i64,
    elapsed_total: i64,
    finished: i64,
}

/// What is known when a drill starts.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttempt {
    /// Drill kind.
    pub drill_kind: String,
    /// The content item drilled.
    pub item_id: String,
    /// Start time (RFC 3339).
    pub started_at: String,
    /// Anything worth keeping from the start (e.g. the prompt shown); `Value::Null` if nothing.
    pub details: Value,
}

/// What is known when a drill is graded.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptResult {
    /// End time (RFC 3339).
    pub finished_at: String,
    /// Time taken, in seconds.
    pub elapsed_secs: u32,
    /// Grade from 0 to 100.
    pub score: u8,
    /// The grader's report; replaces the details saved at start.
    pub details: Value,
}

const COLUMNS: &str =
    "id, drill_kind, item_id, started_at, finished_at, elapsed_secs, score, details";

impl Store {
    pub(crate) fn check_new_attempt(&self, a: &NewAttempt) -> Result<()> {
        self.check("drill_kind", validate::label(&a.drill_kind))?;
        self.check("item_id", validate::label(&a.item_id))?;
        self.check("started_at", validate::timestamp(&a.started_at))
    }

    pub(crate) fn check_result(&self, r: &AttemptResult) -> Result<()> {
        self.check("finished_at", validate::timestamp(&r.finished_at))?;
        if r.score > 100 {
            return Err(self.invalid("score", format!("{} is above 100", r.score)));
        }
        Ok(())
    }

    /// Save a drill as started; returns its id.
    pub fn start_attempt(&mut self, a: &NewAttempt) -> Result<i64> {
        self.check_new_attempt(a)?;
        self.write(|tx, path| {
            tx.execute(
                "INSERT INTO attempts (drill_kind, item_id, started_at, details)
                 VALUES (?1, ?2, ?3, ?4)",
                params![a.drill_kind, a.item_id, a.started_at, json_text(&a.details)],
            )
            .map_err(|e| StoreError::sqlite(path, e))?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Record the grade of a started attempt.
    pub fn finish_attempt(&mut self, id: i64, r: &AttemptResult) -> Result<()> {
        self.check_result(r)?;
        let changed =
            self.write(|tx, path| {
                tx.execute(
                "UPDATE attempts SET finished_at = ?2, elapsed_secs = ?3, score = ?4, details = ?5
                 WHERE id = ?1",
                params![id, r.finished_at, r.elapsed_secs, r.score, json_text(&r.details)],
            )
            .map_err(|e| StoreError::sqlite(path, e))
            })?;
        if changed == 0 {
            return Err(self.not_found("attempt", id));
        }
        Ok(())
    }

    /// Replace the details of an attempt that is still running: the web
    /// studio keeps the candidate's draft there, so a reload or a crash
    /// loses nothing. A graded attempt is refused (its details are the
    /// grade, which a late draft must not overwrite).
    pub fn save_attempt_details(&mut self, id: i64, details: &Value) -> Result<()> {
        let changed = self.write(|tx, path| {
            tx.execute(
                "UPDATE attempts SET details = ?2 WHERE id = ?1 AND finished_at IS NULL",
                params![id, json_text(details)],
            )
            .map_err(|e| StoreError::sqlite(path, e))
        })?;
        if changed == 0 {
            return Err(match self.attempt(id)? {
                Some(_) => self.invalid(
                    "finished_at",
                    format!("attempt {id} is already graded; its details are the grade"),
                ),
                None => self.not_found("attempt", id),
            });
        }
        Ok(())
    }

    /// Save a whole attempt (started and graded) in one transaction; returns its id.
    pub fn record_attempt(&mut self, a: &NewAttempt, r: &AttemptResult) -> Result<i64> {
        self.check_new_attempt(a)?;
        self.check_result(r)?;
        self.write(|tx, path| insert_graded(tx, path, a, r))
    }

    /// Like [`Store::attempts`] without the details (left `Null`): what
    /// lists, readiness and charts need. A year of history holds megabytes
    /// of grader reports; reading and parsing them on every dashboard view
    /// was most of its time (bench/web: 149 requests/s before, see
    /// bench/README.md for after).
    pub fn attempt_summaries(&self, drill_kind: Option<&str>) -> Result<Vec<Attempt>> {
        self.read(|c| {
            let e = |e| StoreError::sqlite(&self.path, e);
            let mut stmt = c
                .prepare(
                    "SELECT id, drill_kind, item_id, started_at, finished_at, elapsed_secs, score
                     FROM attempts WHERE ?1 IS NULL OR drill_kind = ?1
                     ORDER BY julianday(started_at), id",
                )
                .map_err(e)?;
            let rows = stmt
                .query_map([drill_kind], summary_from_row)
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(e)?;
            Ok(rows)
        })
    }

    /// A fingerprint of the attempts table: it changes whenever an attempt
    /// is added, graded, or the table is replaced by an import, so a caller
    /// can keep something computed from [`Store::attempt_summaries`] until
    /// then. One aggregate pass, much cheaper than reading the rows.
    pub fn attempts_stamp(&self) -> Result<AttemptsStamp> {
        self.conn
            .query_row(
                "SELECT count(*), COALESCE(max(id), 0), COALESCE(max(finished_at), ''),
                        total(score), total(elapsed_secs), count(finished_at)
                 FROM attempts",
                [],
                |r| {
                    Ok(AttemptsStamp {
                        count: r.get(0)?,
                        max_id: r.get(1)?,
                        last_finished: r.get(2)?,
                        score_total: r.get::<_, f64>(3)? as i64,
                        elapsed_total: r.get::<_, f64>(4)? as i64,
                        finished: r.get(5)?,
                    })
                },
            )
            .map_err(|e| self.err(e))
    }

    /// One attempt by id.
    pub fn attempt(&self, id: i64) -> Result<Option<Attempt>> {
        let raw = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM attempts WHERE id = ?1"),
                [id],
                RawAttempt::from_row,
            )
            .optional()
            .map_err(|e| self.err(e))?;
        raw.map(|r| r.into_attempt(&self.path)).transpose()
    }

    /// Attempts, oldest first; only those of `drill_kind` when given.
    pub fn attempts(&self, drill_kind: Option<&str>) -> Result<Vec<Attempt>> {
        self.read(|c| load_attempts(c, &self.path, drill_kind))
    }

    /// The latest graded attempt of a drill kind.
    pub fn latest_finished_attempt(&self, drill_kind: &str) -> Result<Option<Attempt>> {
        let raw = self
            .conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM attempts WHERE drill_kind = ?1 AND finished_at IS NOT NULL
                     ORDER BY julianday(finished_at) DESC, id DESC LIMIT 1"
                ),
                [drill_kind],
                RawAttempt::from_row,
            )
            .optional()
            .map_err(|e| self.err(e))?;
        raw.map(|r| r.into_attempt(&self.path)).transpose()
    }
}

pub(crate) fn load_attempts(
    c: &Connection,
    path: &std::path::Path,
    drill_kind: Option<&str>,
) -> Result<Vec<Attempt>> {
    let e = |e| StoreError::sqlite(path, e);
    let mut stmt = c
        .prepare(&format!(
            "SELECT {COLUMNS} FROM attempts WHERE ?1 IS NULL OR drill_kind = ?1
             ORDER BY julianday(started_at), id"
        ))
        .map_err(e)?;
    let raws = stmt
        .query_map([drill_kind], RawAttempt::from_row)
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(e)?;
    raws.into_iter().map(|r| r.into_attempt(path)).collect()
}

pub(crate) fn insert_attempt(tx: &Connection, a: &Attempt) -> rusqlite::Result<()> {
    tx.execute(
        &format!("INSERT INTO attempts ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
        params![
            a.id,
            a.drill_kind,
            a.item_id,
            a.started_at,
            a.finished_at,
            a.elapsed_secs,
            a.score,
            json_text(&a.details)
        ],
    )?;
    Ok(())
}

/// An attempt from the first seven of [`COLUMNS`], details left `Null`.
fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<Attempt> {
    Ok(Attempt {
        id: r.get(0)?,
        drill_kind: r.get(1)?,
        item_id: r.get(2)?,
        started_at: r.get(3)?,
        finished_at: r.get(4)?,
        elapsed_secs: r.get(5)?,
        score: r.get(6)?,
        details: Value::Null,
    })
}

struct RawAttempt {
    attempt: Attempt,
    details: String,
}

impl RawAttempt {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(RawAttempt {
            attempt: summary_from_row(r)?,
            details: r.get(7)?,
        })
    }

    fn into_attempt(self, path: &std::path::Path) -> Result<Attempt> {
        let mut a = self.attempt;
        a.details = parse_json(path, "attempts", "details", a.id, &self.details)?;
        Ok(a)
    }
}

/// Insert a graded attempt inside the caller's transaction; returns its id.
/// The inputs are checked by the caller ([`Store::check_new_attempt`],
/// [`Store::check_result`]).
pub(crate) fn insert_graded(
    tx: &Connection,
    path: &std::path::Path,
    a: &NewAttempt,
    r: &AttemptResult,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO attempts
             (drill_kind, item_id, started_at, finished_at, elapsed_secs, score, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            a.drill_kind,
            a.item_id,
            a.started_at,
            r.finished_at,
            r.elapsed_secs,
            r.score,
            json_text(&r.details)
        ],
    )
    .map_err(|e| StoreError::sqlite(path, e))?;
    Ok(tx.last_insert_rowid())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn new(kind: &str, at: &str) -> NewAttempt {
        NewAttempt {
            drill_kind: kind.into(),
            item_id: "java-sqli-01".into(),
            started_at: at.into(),
            details: Value::Null,
        }
    }

    fn result(score: u8) -> AttemptResult {
        AttemptResult {
            finished_at: "2026-11-24T10:08:00Z".into(),
            elapsed_secs: 480,
            score,
            details: json!({"precision": 1.0, "recall": 0.5, "missed": [{"line": 14}]}),
        }
    }

    #[test]
    fn summaries_are_the_attempts_without_details() {
        let mut s = Store::open_in_memory().unwrap();
        let a = s
            .start_attempt(&new("code-review", "2026-11-24T10:00:00Z"))
            .unwrap();
        s.start_attempt(&new("threat-model", "2026-11-24T09:00:00Z"))
            .unwrap();
        s.start_attempt(&new("code-review", "2026-11-23T09:00:00Z"))
            .unwrap();
        s.finish_attempt(a, &result(70)).unwrap();
        for kind in [
            None,
            Some("code-review"),
            Some("threat-model"),
            Some("none"),
        ] {
            let full = s.attempts(kind).unwrap();
            let brief = s.attempt_summaries(kind).unwrap();
            assert_eq!(brief.len(), full.len());
            for (b, f) in brief.iter().zip(&full) {
                assert_eq!(b.details, Value::Null);
                assert_eq!(
                    &Attempt {
                        details: Value::Null,
                        ..f.clone()
                    },
                    b
                );
            }
        }
        assert_eq!(s.attempt_summaries(None).unwrap().len(), 3);
        assert_ne!(
            s.attempts(Some("code-review")).unwrap()[1].details,
            Value::Null
        );
    }

    #[test]
    fn the_stamp_changes_with_every_write_to_attempts() {
        let mut s = Store::open_in_memory().unwrap();
        let empty = s.attempts_stamp().unwrap();
        assert_eq!(empty, s.attempts_stamp().unwrap());
        let a = s
            .start_attempt(&new("code-review", "2026-11-24T10:00:00Z"))
            .unwrap();
        let started = s.attempts_stamp().unwrap();
        assert_ne!(started, empty);
        s.finish_attempt(a, &result(70)).unwrap();
        let graded = s.attempts_stamp().unwrap();
        assert_ne!(graded, started);
        assert_eq!(
            graded,
            s.attempts_stamp().unwrap(),
            "reading changes nothing"
        );
    }

    #[test]
    fn start_finish_list() {
        let mut s = Store::open_in_memory().unwrap();
        let a = s
            .start_attempt(&new("code-review", "2026-11-24T10:00:00Z"))
            .unwrap();
        let b = s
            .start_attempt(&new("threat-model", "2026-11-24T09:00:00+00:00"))
            .unwrap();
        let got = s.attempt(a).unwrap().unwrap();
        assert_eq!(
            (got.finished_at, got.score, got.elapsed_secs),
            (None, None, None)
        );
        s.finish_attempt(a, &result(75)).unwrap();
        let got = s.attempt(a).unwrap().unwrap();
        assert_eq!(got.score, Some(75));
        assert_eq!(got.elapsed_secs, Some(480));
        assert_eq!(got.details["missed"][0]["line"], 14);
        // Oldest first, by instant rather than by text.
        let all = s.attempts(None).unwrap();
        assert_eq!(all.iter().map(|a| a.id).collect::<Vec<_>>(), vec![b, a]);
        assert_eq!(s.attempts(Some("code-review")).unwrap().len(), 1);
        assert_eq!(
            s.latest_finished_attempt("code-review")
                .unwrap()
                .unwrap()
                .id,
            a
        );
        assert!(s.latest_finished_attempt("threat-model").unwrap().is_none());
        assert!(s.attempt(9999).unwrap().is_none());
    }

    #[test]
    fn refuses_bad_grades_and_unknown_ids() {
        let mut s = Store::open_in_memory().unwrap();
        let a = s
            .start_attempt(&new("scripting", "2026-11-24T10:00:00Z"))
            .unwrap();
        assert!(matches!(
            s.finish_attempt(a, &result(101)),
            Err(StoreError::Invalid { field: "score", .. })
        ));
        assert!(matches!(
            s.finish_attempt(a + 1, &result(50)),
            Err(StoreError::NotFound { .. })
        ));
        assert!(matches!(
            s.start_attempt(&new("", "2026-11-24T10:00:00Z")),
            Err(StoreError::Invalid {
                field: "drill_kind",
                ..
            })
        ));
        assert!(matches!(
            s.start_attempt(&new("scripting", "now")),
            Err(StoreError::Invalid {
                field: "started_at",
                ..
            })
        ));
        assert_eq!(s.attempts(None).unwrap().len(), 1);
        let id = s
            .record_attempt(&new("scripting", "2026-11-24T11:00:00Z"), &result(100))
            .unwrap();
        assert_eq!(s.attempt(id).unwrap().unwrap().score, Some(100));
    }

    #[test]
    fn details_of_a_running_attempt_can_be_replaced_until_it_is_graded() {
        let mut s = Store::open_in_memory().unwrap();
        let a = s
            .start_attempt(&new("threat-model", "2026-11-24T10:00:00Z"))
            .unwrap();
        s.save_attempt_details(a, &json!({"draft": "name: one"}))
            .unwrap();
        s.save_attempt_details(a, &json!({"draft": "name: two"}))
            .unwrap();
        assert_eq!(s.attempt(a).unwrap().unwrap().details["draft"], "name: two");
        s.finish_attempt(a, &result(60)).unwrap();
        assert!(matches!(
            s.save_attempt_details(a, &json!({"draft": "late"})),
            Err(StoreError::Invalid {
                field: "finished_at",
                ..
            })
        ));
        assert_eq!(s.attempt(a).unwrap().unwrap().details["recall"], 0.5);
        assert!(matches!(
            s.save_attempt_details(a + 1, &json!({})),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn hand_edited_bad_json_is_reported_with_its_row() {
        let mut s = Store::open_in_memory().unwrap();
        let a = s
            .start_attempt(&new("scripting", "2026-11-24T10:00:00Z"))
            .unwrap();
        // Bypass the CHECK the way a careless hand edit with the checks disabled would.
        s.conn
            .pragma_update(None, "ignore_check_constraints", true)
            .unwrap();
        s.conn
            .execute("UPDATE attempts SET details = '{oops' WHERE id = ?1", [a])
            .unwrap();
        let err = s.attempt(a).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::BadJson {
                    table: "attempts",
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains(&format!("row {a}")));
    }
}
