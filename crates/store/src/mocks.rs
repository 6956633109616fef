//! Mock interviews: the rounds as they were run, and the debrief.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Result, StoreError};
use crate::{json_text, validate, Store};

/// A mock interview as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mock {
    /// Row id.
    pub id: i64,
    /// `phone-screen` or `loop`.
    pub kind: String,
    /// Start (RFC 3339).
    pub started_at: String,
    /// End; `None` while running or if abandoned.
    pub finished_at: Option<String>,
    /// The rounds, each a JSON object (area, principles, attempt ids, scores...).
    pub rounds: Vec<Value>,
    /// The written debrief, once finished.
    pub debrief: Option<String>,
}

/// A mock interview being started.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMock {
    /// `phone-screen` or `loop`.
    pub kind: String,
    /// Start (RFC 3339).
    pub started_at: String,
    /// The rounds planned.
    pub rounds: Vec<Value>,
}

const COLUMNS: &str = "id, kind, started_at, finished_at, rounds, debrief";

impl Store {
    /// Save a mock interview as started; returns its id.
    pub fn start_mock(&mut self, m: &NewMock) -> Result<i64> {
        self.check("kind", validate::label(&m.kind))?;
        self.check("started_at", validate::timestamp(&m.started_at))?;
        self.write(|tx, path| {
            tx.execute(
                "INSERT INTO mocks (kind, started_at, rounds) VALUES (?1, ?2, ?3)",
                params![m.kind, m.started_at, rounds_text(&m.rounds)],
            )
            .map_err(|e| StoreError::sqlite(path, e))?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Replace the rounds of mock `id` (after each round is done).
    pub fn update_mock_rounds(&mut self, id: i64, rounds: &[Value]) -> Result<()> {
        let changed = self.write(|tx, path| {
            tx.execute(
                "UPDATE mocks SET rounds = ?2 WHERE id = ?1",
                params![id, rounds_text(rounds)],
            )
            .map_err(|e| StoreError::sqlite(path, e))
        })?;
        if changed == 0 {
            return Err(self.not_found("mock interview", id));
        }
        Ok(())
    }

    /// Close mock `id` with its end time and debrief.
    pub fn finish_mock(&mut self, id: i64, finished_at: &str, debrief: &str) -> Result<()> {
        self.check("finished_at", validate::timestamp(finished_at))?;
        let changed = self.write(|tx, path| {
            tx.execute(
                "UPDATE mocks SET finished_at = ?2, debrief = ?3 WHERE id = ?1",
                params![id, finished_at, debrief],
            )
            .map_err(|e| StoreError::sqlite(path, e))
        })?;
        if changed == 0 {
            return Err(self.not_found("mock interview", id));
        }
        Ok(())
    }

    /// Replace the rounds of mock `id` and record the graded attempt of
    /// one of its hands-on items, in one transaction: the round's score
    /// and the drill attempt that readiness counts never disagree.
    /// Returns the attempt's id.
    pub fn update_mock_rounds_with_attempt(
        &mut self,
        id: i64,
        rounds: &[Value],
        a: &crate::NewAttempt,
        r: &crate::AttemptResult,
    ) -> Result<i64> {
        self.check_new_attempt(a)?;
        self.check_result(r)?;
        let (changed, attempt) = self.write(|tx, path| {
            let changed = tx
                .execute(
                    "UPDATE mocks SET rounds = ?2 WHERE id = ?1",
                    params![id, rounds_text(rounds)],
                )
                .map_err(|e| StoreError::sqlite(path, e))?;
            if changed == 0 {
                // nothing to attach the attempt to; the transaction rolls back
                return Ok((0, 0));
            }
            Ok((changed, crate::attempts::insert_graded(tx, path, a, r)?))
        })?;
        if changed == 0 {
            return Err(self.not_found("mock interview", id));
        }
        Ok(attempt)
    }

    /// Close mock `id`: its last rounds, end time and debrief in one
    /// transaction.
    pub fn finish_mock_with_rounds(
        &mut self,
        id: i64,
        rounds: &[Value],
        finished_at: &str,
        debrief: &str,
    ) -> Result<()> {
        self.check("finished_at", validate::timestamp(finished_at))?;
        let changed = self.write(|tx, path| {
            tx.execute(
                "UPDATE mocks SET rounds = ?2, finished_at = ?3, debrief = ?4 WHERE id = ?1",
                params![id, rounds_text(rounds), finished_at, debrief],
            )
            .map_err(|e| StoreError::sqlite(path, e))
        })?;
        if changed == 0 {
            return Err(self.not_found("mock interview", id));
        }
        Ok(())
    }

    /// One mock interview.
    pub fn mock(&self, id: i64) -> Result<Option<Mock>> {
        let raw = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM mocks WHERE id = ?1"),
                [id],
                raw_mock,
            )
            .optional()
            .map_err(|e| self.err(e))?;
        raw.map(|r| finish_mock_row(&self.path, r)).transpose()
    }

    /// Every mock interview, oldest first.
    pub fn mocks(&self) -> Result<Vec<Mock>> {
        self.read(|c| load_mocks(c, &self.path))
    }
}

fn rounds_text(rounds: &[Value]) -> String {
    json_text(&Value::Array(rounds.to_vec()))
}

fn raw_mock(r: &Row<'_>) -> rusqlite::Result<(Mock, String)> {
    Ok((
        Mock {
            id: r.get(0)?,
            kind: r.get(1)?,
            started_at: r.get(2)?,
            finished_at: r.get(3)?,
            rounds: Vec::new(),
            debrief: r.get(5)?,
        },
        r.get(4)?,
    ))
}

fn finish_mock_row(path: &std::path::Path, (mut mock, rounds): (Mock, String)) -> Result<Mock> {
    mock.rounds = serde_json::from_str(&rounds).map_err(|source| StoreError::BadJson {
        path: path.to_path_buf(),
        table: "mocks",
        column: "rounds",
        id: mock.id.to_string(),
        source,
    })?;
    Ok(mock)
}

pub(crate) fn load_mocks(c: &Connection, path: &std::path::Path) -> Result<Vec<Mock>> {
    let e = |e| StoreError::sqlite(path, e);
    let mut stmt = c
        .prepare(&format!(
            "SELECT {COLUMNS} FROM mocks ORDER BY julianday(started_at), id"
        ))
        .map_err(e)?;
    let raws = stmt
        .query_map([], raw_mock)
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(e)?;
    raws.into_iter().map(|r| finish_mock_row(path, r)).collect()
}

pub(crate) fn insert_mock_row(tx: &Connection, m: &Mock) -> rusqlite::Result<()> {
    tx.execute(
        &format!("INSERT INTO mocks ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
        params![
            m.id,
            m.kind,
            m.started_at,
            m.finished_at,
            rounds_text(&m.rounds),
            m.debrief
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn start_rounds_finish() {
        let mut s = Store::open_in_memory().unwrap();
        let id = s
            .start_mock(&NewMock {
                kind: "phone-screen".into(),
                started_at: "2026-11-24T09:00:00Z".into(),
                rounds: vec![json!({"area": "threat-model", "minutes": 15})],
            })
            .unwrap();
        let m = s.mock(id).unwrap().unwrap();
        assert_eq!((m.finished_at, m.debrief), (None, None));
        let rounds = vec![
            json!({"area": "threat-model", "minutes": 15, "attempt": 4, "score": 70}),
            json!({"area": "code-review", "minutes": 10}),
        ];
        s.update_mock_rounds(id, &rounds).unwrap();
        s.finish_mock(
            id,
            "2026-11-24T10:00:00Z",
            "Strong on STRIDE; quantify results.",
        )
        .unwrap();
        let m = s.mock(id).unwrap().unwrap();
        assert_eq!(m.rounds, rounds);
        assert_eq!(
            m.debrief.as_deref(),
            Some("Strong on STRIDE; quantify results.")
        );
        assert_eq!(s.mocks().unwrap().len(), 1);
        assert!(matches!(
            s.finish_mock(id + 1, "2026-11-24T10:00:00Z", ""),
            Err(StoreError::NotFound { .. })
        ));
        assert!(matches!(
            s.update_mock_rounds(id + 1, &[]),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn graded_work_and_the_close_are_each_one_write() {
        let mut s = Store::open_in_memory().unwrap();
        let id = s
            .start_mock(&NewMock {
                kind: "loop".into(),
                started_at: "2026-11-24T09:00:00Z".into(),
                rounds: vec![json!({"n": 1})],
            })
            .unwrap();
        let a = crate::NewAttempt {
            drill_kind: "code-review".into(),
            item_id: "py-sqli".into(),
            started_at: "2026-11-24T09:00:00Z".into(),
            details: json!({}),
        };
        let r = crate::AttemptResult {
            finished_at: "2026-11-24T09:08:00Z".into(),
            elapsed_secs: 480,
            score: 80,
            details: json!({"mock": id}),
        };
        let rounds = vec![json!({"n": 1, "scores": {"py-sqli": 80}})];
        let att = s
            .update_mock_rounds_with_attempt(id, &rounds, &a, &r)
            .unwrap();
        assert_eq!(s.mock(id).unwrap().unwrap().rounds, rounds);
        assert_eq!(s.attempt(att).unwrap().unwrap().score, Some(80));
        // an unknown mock writes neither
        assert!(matches!(
            s.update_mock_rounds_with_attempt(id + 1, &rounds, &a, &r),
            Err(StoreError::NotFound { .. })
        ));
        assert_eq!(s.attempts(None).unwrap().len(), 1);
        // a bad attempt writes nothing either
        let bad = crate::AttemptResult {
            score: 101,
            ..r.clone()
        };
        assert!(s
            .update_mock_rounds_with_attempt(id, &[json!({})], &a, &bad)
            .is_err());
        assert_eq!(s.mock(id).unwrap().unwrap().rounds, rounds);
        let last = vec![json!({"n": 1, "closed": true})];
        s.finish_mock_with_rounds(id, &last, "2026-11-24T10:00:00Z", "# Debrief")
            .unwrap();
        let m = s.mock(id).unwrap().unwrap();
        assert_eq!(m.rounds, last);
        assert_eq!(m.finished_at.as_deref(), Some("2026-11-24T10:00:00Z"));
        assert_eq!(m.debrief.as_deref(), Some("# Debrief"));
        assert!(s
            .finish_mock_with_rounds(id, &last, "yesterday", "")
            .is_err());
    }
}
