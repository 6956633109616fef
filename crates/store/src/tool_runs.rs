//! Runs of the scanners and audits from the web app's Tools page: what ran
//! on what, when, and the findings, so a result keeps a stable URL.
//!
//! The findings are kept as the JSON the engines produced (`report::Finding`
//! objects with the engine's name); the store does not interpret them, so it
//! needs no engine crate. Runs are not part of [`Store::export`]: they are
//! output about files on this machine that a new run re-creates.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

use crate::error::{Result, StoreError};
use crate::{json_text, parse_json, validate, Store};

/// A finished run as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolRun {
    /// Row id: the run's URL.
    pub id: i64,
    /// Which tool ran (`code-scan`, `threat-model`, `logs`, `iam`, ...).
    pub tool: String,
    /// What it ran on, as the user gave it (a path).
    pub target: String,
    /// Start (RFC 3339).
    pub started_at: String,
    /// End (RFC 3339).
    pub finished_at: String,
    /// The findings: a JSON array.
    pub findings: Vec<Value>,
    /// What was read: a JSON object.
    pub summary: Value,
}

/// A run in the list of past runs: everything but the findings, which can
/// run to megabytes, and their count instead.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolRunHead {
    pub id: i64,
    pub tool: String,
    pub target: String,
    pub started_at: String,
    pub finished_at: String,
    /// How many findings the run has.
    pub findings: usize,
    pub summary: Value,
}

/// A finished run to save.
#[derive(Debug, Clone, PartialEq)]
pub struct NewToolRun {
    pub tool: String,
    pub target: String,
    pub started_at: String,
    pub finished_at: String,
    pub findings: Vec<Value>,
    /// Must be a JSON object.
    pub summary: Value,
}

impl Store {
    /// Save a finished run; returns its id.
    pub fn save_tool_run(&mut self, r: &NewToolRun) -> Result<i64> {
        self.check("tool", validate::label(&r.tool))?;
        self.check("target", validate::label(&r.target))?;
        self.check("started_at", validate::timestamp(&r.started_at))?;
        self.check("finished_at", validate::timestamp(&r.finished_at))?;
        if !r.summary.is_object() {
            return Err(self.invalid("summary", "must be a JSON object"));
        }
        let findings = json_text(&Value::Array(r.findings.clone()));
        self.write(|tx, path| {
            tx.execute(
                "INSERT INTO tool_runs (tool, target, started_at, finished_at, findings, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    r.tool,
                    r.target,
                    r.started_at,
                    r.finished_at,
                    findings,
                    json_text(&r.summary)
                ],
            )
            .map_err(|e| StoreError::sqlite(path, e))?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// One run with its findings.
    pub fn tool_run(&self, id: i64) -> Result<Option<ToolRun>> {
        let raw = self
            .conn
            .query_row(
                "SELECT id, tool, target, started_at, finished_at, findings, summary
                 FROM tool_runs WHERE id = ?1",
                [id],
                |r: &Row<'_>| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((id, tool, target, started_at, finished_at, findings, summary)) = raw else {
            return Ok(None);
        };
        let findings = match parse_json(&self.path, "tool_runs", "findings", id, &findings)? {
            Value::Array(a) => a,
            _ => return Err(self.invalid("findings", format!("run {id}: not a JSON array"))),
        };
        Ok(Some(ToolRun {
            id,
            tool,
            target,
            started_at,
            finished_at,
            findings,
            summary: parse_json(&self.path, "tool_runs", "summary", id, &summary)?,
        }))
    }

    /// The newest `limit` runs, newest first.
    pub fn tool_runs(&self, limit: usize) -> Result<Vec<ToolRunHead>> {
        self.read(|c| load_heads(c, &self.path, limit))
    }
}

fn load_heads(c: &Connection, path: &std::path::Path, limit: usize) -> Result<Vec<ToolRunHead>> {
    let e = |e| StoreError::sqlite(path, e);
    let mut stmt = c
        .prepare(
            "SELECT id, tool, target, started_at, finished_at, json_array_length(findings), summary
             FROM tool_runs ORDER BY julianday(started_at) DESC, id DESC LIMIT ?1",
        )
        .map_err(e)?;
    let rows = stmt
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            Ok((
                ToolRunHead {
                    id: r.get(0)?,
                    tool: r.get(1)?,
                    target: r.get(2)?,
                    started_at: r.get(3)?,
                    finished_at: r.get(4)?,
                    findings: r.get::<_, i64>(5)?.max(0) as usize,
                    summary: Value::Null,
                },
                r.get::<_, String>(6)?,
            ))
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(e)?;
    rows.into_iter()
        .map(|(mut h, summary)| {
            h.summary = parse_json(path, "tool_runs", "summary", h.id, &summary)?;
            Ok(h)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(tool: &str, at: &str, n: usize) -> NewToolRun {
        NewToolRun {
            tool: tool.into(),
            target: "/src/app".into(),
            started_at: at.into(),
            finished_at: at.into(),
            findings: (0..n)
                .map(|i| json!({"rule_id": format!("r{i}")}))
                .collect(),
            summary: json!({"files": 3}),
        }
    }

    #[test]
    fn a_run_round_trips_and_the_list_is_newest_first() {
        let mut s = Store::open_in_memory().unwrap();
        let a = s
            .save_tool_run(&run("code-scan", "2026-01-01T10:00:00Z", 2))
            .unwrap();
        let b = s
            .save_tool_run(&run("logs", "2026-01-02T10:00:00Z", 0))
            .unwrap();
        let got = s.tool_run(a).unwrap().unwrap();
        assert_eq!(got.tool, "code-scan");
        assert_eq!(got.findings.len(), 2);
        assert_eq!(got.findings[1]["rule_id"], "r1");
        assert_eq!(got.summary["files"], 3);
        let heads = s.tool_runs(10).unwrap();
        assert_eq!(
            heads.iter().map(|h| (h.id, h.findings)).collect::<Vec<_>>(),
            [(b, 0), (a, 2)]
        );
        assert_eq!(s.tool_runs(1).unwrap().len(), 1);
        assert!(s.tool_run(99).unwrap().is_none());
    }

    #[test]
    fn bad_runs_are_refused_before_writing() {
        let mut s = Store::open_in_memory().unwrap();
        let mut r = run("", "2026-01-01T10:00:00Z", 0);
        assert!(matches!(
            s.save_tool_run(&r),
            Err(StoreError::Invalid { field: "tool", .. })
        ));
        r.tool = "iam".into();
        r.started_at = "yesterday".into();
        assert!(matches!(
            s.save_tool_run(&r),
            Err(StoreError::Invalid {
                field: "started_at",
                ..
            })
        ));
        r.started_at = "2026-01-01T10:00:00Z".into();
        r.summary = json!([1]);
        assert!(matches!(
            s.save_tool_run(&r),
            Err(StoreError::Invalid {
                field: "summary",
                ..
            })
        ));
        assert!(s.tool_runs(10).unwrap().is_empty());
    }

    #[test]
    fn runs_stay_out_of_the_export() {
        let mut s = Store::open_in_memory().unwrap();
        s.save_tool_run(&run("iam", "2026-01-01T10:00:00Z", 1))
            .unwrap();
        let doc = s.export().unwrap();
        assert!(doc.get("tool_runs").is_none());
        // and an export of this database still imports into a fresh one
        let mut copy = Store::open_in_memory().unwrap();
        copy.import(doc.clone(), crate::ImportMode::IntoEmpty)
            .unwrap();
        // a backup written by a version-1 build (before this table) imports too
        let mut v1 = doc;
        v1["schema_version"] = json!(1);
        let mut old = Store::open_in_memory().unwrap();
        old.import(v1, crate::ImportMode::IntoEmpty).unwrap();
    }
}
