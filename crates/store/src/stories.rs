//! The STAR story bank.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::{validate, Store};

/// A story as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    /// Row id.
    pub id: i64,
    /// Short name the candidate knows it by.
    pub title: String,
    /// Leadership Principles it illustrates.
    pub principles: Vec<String>,
    /// When it happened (`YYYY-MM-DD`), if known.
    pub date: Option<String>,
    /// S of STAR.
    pub situation: String,
    /// T of STAR.
    pub task: String,
    /// A of STAR.
    pub action: String,
    /// R of STAR.
    pub result: String,
    /// Last edit (RFC 3339).
    pub updated_at: String,
}

/// A story to create or the new content of one being edited.
#[derive(Debug, Clone, PartialEq)]
pub struct NewStory {
    /// Short name.
    pub title: String,
    /// Leadership Principles it illustrates.
    pub principles: Vec<String>,
    /// When it happened (`YYYY-MM-DD`), if known.
    pub date: Option<String>,
    /// S of STAR.
    pub situation: String,
    /// T of STAR.
    pub task: String,
    /// A of STAR.
    pub action: String,
    /// R of STAR.
    pub result: String,
    /// Time of this edit (RFC 3339).
    pub updated_at: String,
}

const COLUMNS: &str = "id, title, principles, date, situation, task, action, result, updated_at";

impl Store {
    fn check_story(&self, s: &NewStory) -> Result<()> {
        self.check("title", validate::label(&s.title))?;
        if let Some(d) = &s.date {
            self.check("date", validate::date(d))?;
        }
        self.check("updated_at", validate::timestamp(&s.updated_at))?;
        for p in &s.principles {
            self.check("principles", validate::label(p))?;
        }
        Ok(())
    }

    /// Add a story; returns its id.
    pub fn insert_story(&mut self, s: &NewStory) -> Result<i64> {
        self.check_story(s)?;
        self.write(|tx, path| {
            tx.execute(
                "INSERT INTO stories (title, principles, date, situation, task, action, result, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    s.title,
                    principles_text(&s.principles),
                    s.date,
                    s.situation,
                    s.task,
                    s.action,
                    s.result,
                    s.updated_at
                ],
            )
            .map_err(|e| StoreError::sqlite(path, e))?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Replace the content of story `id`.
    pub fn update_story(&mut self, id: i64, s: &NewStory) -> Result<()> {
        self.check_story(s)?;
        let changed = self.write(|tx, path| {
            tx.execute(
                "UPDATE stories SET title = ?2, principles = ?3, date = ?4, situation = ?5,
                     task = ?6, action = ?7, result = ?8, updated_at = ?9
                 WHERE id = ?1",
                params![
                    id,
                    s.title,
                    principles_text(&s.principles),
                    s.date,
                    s.situation,
                    s.task,
                    s.action,
                    s.result,
                    s.updated_at
                ],
            )
            .map_err(|e| StoreError::sqlite(path, e))
        })?;
        if changed == 0 {
            return Err(self.not_found("story", id));
        }
        Ok(())
    }

    /// Remove story `id`.
    pub fn delete_story(&mut self, id: i64) -> Result<()> {
        let changed = self.write(|tx, path| {
            tx.execute("DELETE FROM stories WHERE id = ?1", [id])
                .map_err(|e| StoreError::sqlite(path, e))
        })?;
        if changed == 0 {
            return Err(self.not_found("story", id));
        }
        Ok(())
    }

    /// One story.
    pub fn story(&self, id: i64) -> Result<Option<Story>> {
        let raw = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM stories WHERE id = ?1"),
                [id],
                raw_story,
            )
            .optional()
            .map_err(|e| self.err(e))?;
        raw.map(|r| finish_story(&self.path, r)).transpose()
    }

    /// Every story, by id.
    pub fn stories(&self) -> Result<Vec<Story>> {
        self.read(|c| load_stories(c, &self.path))
    }
}

fn principles_text(p: &[String]) -> String {
    serde_json::Value::from(p.to_vec()).to_string()
}

fn raw_story(r: &Row<'_>) -> rusqlite::Result<(Story, String)> {
    Ok((
        Story {
            id: r.get(0)?,
            title: r.get(1)?,
            principles: Vec::new(),
            date: r.get(3)?,
            situation: r.get(4)?,
            task: r.get(5)?,
            action: r.get(6)?,
            result: r.get(7)?,
            updated_at: r.get(8)?,
        },
        r.get(2)?,
    ))
}

fn finish_story(path: &std::path::Path, (mut story, principles): (Story, String)) -> Result<Story> {
    story.principles = serde_json::from_str(&principles).map_err(|source| StoreError::BadJson {
        path: path.to_path_buf(),
        table: "stories",
        column: "principles",
        id: story.id.to_string(),
        source,
    })?;
    Ok(story)
}

pub(crate) fn load_stories(c: &Connection, path: &std::path::Path) -> Result<Vec<Story>> {
    let e = |e| StoreError::sqlite(path, e);
    let mut stmt = c
        .prepare(&format!("SELECT {COLUMNS} FROM stories ORDER BY id"))
        .map_err(e)?;
    let raws = stmt
        .query_map([], raw_story)
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(e)?;
    raws.into_iter().map(|r| finish_story(path, r)).collect()
}

pub(crate) fn insert_story_row(tx: &Connection, s: &Story) -> rusqlite::Result<()> {
    tx.execute(
        &format!("INSERT INTO stories ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
        params![
            s.id,
            s.title,
            principles_text(&s.principles),
            s.date,
            s.situation,
            s.task,
            s.action,
            s.result,
            s.updated_at
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story() -> NewStory {
        NewStory {
            title: "Pager storm".into(),
            principles: vec!["Ownership".into(), "Dive Deep".into()],
            date: Some("2025-06-02".into()),
            situation: "Alerts fired every night.".into(),
            task: "I had to cut the noise.".into(),
            action: "I rewrote the thresholds.".into(),
            result: "Pages fell by 70%.".into(),
            updated_at: "2026-11-23T12:00:00Z".into(),
        }
    }

    #[test]
    fn insert_update_delete() {
        let mut s = Store::open_in_memory().unwrap();
        let id = s.insert_story(&story()).unwrap();
        let got = s.story(id).unwrap().unwrap();
        assert_eq!(got.principles, ["Ownership", "Dive Deep"]);
        let mut edit = story();
        edit.date = None;
        edit.principles.push("Bias for Action".into());
        s.update_story(id, &edit).unwrap();
        let got = s.story(id).unwrap().unwrap();
        assert_eq!(got.date, None);
        assert_eq!(got.principles.len(), 3);
        assert_eq!(s.stories().unwrap().len(), 1);
        assert!(matches!(
            s.update_story(id + 1, &edit),
            Err(StoreError::NotFound { .. })
        ));
        s.delete_story(id).unwrap();
        assert!(s.story(id).unwrap().is_none());
        assert!(matches!(
            s.delete_story(id),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn refuses_bad_dates_and_empty_titles() {
        let mut s = Store::open_in_memory().unwrap();
        let bad = NewStory {
            date: Some("June 2025".into()),
            ..story()
        };
        assert!(matches!(
            s.insert_story(&bad),
            Err(StoreError::Invalid { field: "date", .. })
        ));
        let bad = NewStory {
            title: String::new(),
            ..story()
        };
        assert!(matches!(
            s.insert_story(&bad),
            Err(StoreError::Invalid { field: "title", .. })
        ));
        assert!(s.stories().unwrap().is_empty());
    }
}
