//! SQLite persistence for the preparation system.
//!
//! [`Store::open`] creates the file (and its directory), switches it to WAL mode with foreign
//! keys on and a busy timeout, and applies the versioned migrations in `src/migrations/`.
//! Every write goes through one `BEGIN IMMEDIATE` transaction, so a crash at any moment leaves
//! either the whole write or none of it. [`Store::export`] and [`Store::import`] move the whole
//! history to and from one JSON document without loss.
//!
//! Conventions of the stored values: dates are `YYYY-MM-DD`, timestamps RFC 3339
//! (`2026-03-14T09:30:00Z`); both are checked before they are written.
//!
//! ```
//! use store::{AttemptResult, ImportMode, NewAttempt, Store};
//!
//! let dir = tempfile::tempdir()?;
//! let mut db = Store::open(dir.path().join("barraiser.db"))?;
//! let id = db.start_attempt(&NewAttempt {
//!     drill_kind: "code-review".into(),
//!     item_id: "java-sqli-01".into(),
//!     started_at: "2026-11-24T10:00:00Z".into(),
//!     details: serde_json::Value::Null,
//! })?;
//! db.finish_attempt(id, &AttemptResult {
//!     finished_at: "2026-11-24T10:08:00Z".into(),
//!     elapsed_secs: 480,
//!     score: 80,
//!     details: serde_json::json!({"precision": 1.0, "recall": 0.67}),
//! })?;
//! assert_eq!(db.latest_finished_attempt("code-review")?.unwrap().score, Some(80));
//!
//! // A backup, restored into another database.
//! let backup = db.export()?;
//! let mut copy = Store::open_in_memory()?;
//! copy.import(backup.clone(), ImportMode::IntoEmpty)?;
//! assert_eq!(copy.export()?, backup);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

mod attempts;
mod cards;
mod error;
mod migrate;
mod mocks;
mod plan;
mod profile;
mod stories;
mod time;
mod tool_runs;
mod transfer;
mod validate;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use attempts::{Attempt, AttemptResult, AttemptsStamp, NewAttempt};
pub use cards::{Card, Review};
pub use error::{Result, StoreError};
pub use migrate::latest_version;
pub use mocks::{Mock, NewMock};
pub use plan::{NewPlanDay, NewPlanItem, PlanDay, PlanItem};
pub use profile::Profile;
pub use stories::{NewStory, Story};
pub use time::{now_rfc3339, rfc3339_utc};
pub use tool_runs::{NewToolRun, ToolRun, ToolRunHead};
pub use transfer::{ImportMode, EXPORT_FORMAT};

/// How long a writer waits for another process's lock before giving up with [`StoreError::Busy`].
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open barraiser database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Open (creating if needed) the database at `path` and bring its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        if path.is_dir() {
            return Err(StoreError::IsDirectory { path });
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                dir: dir.to_path_buf(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // Several processes (or the web app's concurrent requests) may open a
        // new file at once. Switching it to WAL and migrating take locks,
        // and some of those SQLite reports as busy at once instead of
        // waiting in the busy handler (a connection that finds the WAL being
        // set up or recovered by another). So a busy set-up is retried
        // with a fresh connection until the busy timeout has passed.
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        let mut pause = std::time::Duration::from_millis(5);
        loop {
            let conn = Connection::open_with_flags(&path, flags)
                .map_err(|e| StoreError::sqlite(&path, e))?;
            match Self::setup(conn, path.clone()) {
                Err(StoreError::Busy { .. }) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(std::time::Duration::from_millis(100));
                }
                other => return other,
            }
        }
    }

    /// A private database in memory (for tests and dry runs); nothing is written to disk.
    pub fn open_in_memory() -> Result<Self> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| StoreError::sqlite(&path, e))?;
        Self::setup(conn, path)
    }

    fn setup(mut conn: Connection, path: PathBuf) -> Result<Self> {
        let err = |e| StoreError::sqlite(&path, e);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        // The first statement that reads the file: a non-SQLite file fails here.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(err)?;
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(err)?;
        // FULL: a commit is on disk before it is reported, so power loss cannot undo it either.
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(err)?;
        migrate::migrate(&mut conn, &path, migrate::MIGRATIONS)?;
        Ok(Store { conn, path })
    }

    /// `$XDG_DATA_HOME/barraiser/barraiser.db`, or `~/.local/share/barraiser/barraiser.db`.
    pub fn default_path() -> Result<PathBuf> {
        default_path_from(std::env::var_os("XDG_DATA_HOME"), std::env::var_os("HOME"))
    }

    /// The file this store reads and writes (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        migrate::current_version(&self.conn).map_err(|e| self.err(e))
    }

    /// The journal mode in effect (`wal` for files).
    pub fn journal_mode(&self) -> Result<String> {
        self.conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Run SQLite's full integrity check; `Ok(())` when it answers `ok`, else the problems found.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        Ok(if rows == ["ok"] { Vec::new() } else { rows })
    }

    pub(crate) fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, e)
    }

    pub(crate) fn invalid(&self, field: &'static str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid {
            path: self.path.clone(),
            field,
            message: message.into(),
        }
    }

    pub(crate) fn not_found(&self, what: &'static str, id: impl ToString) -> StoreError {
        StoreError::NotFound {
            path: self.path.clone(),
            what,
            id: id.to_string(),
        }
    }

    /// Check a value with a `validate` function, naming `field` on failure.
    pub(crate) fn check(
        &self,
        field: &'static str,
        outcome: std::result::Result<(), String>,
    ) -> Result<()> {
        outcome.map_err(|m| self.invalid(field, m))
    }

    /// Run `f` inside one `BEGIN IMMEDIATE` transaction: committed if it returns `Ok`,
    /// rolled back otherwise.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Path) -> Result<T>,
    ) -> Result<T> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::sqlite(&path, e))?;
        let value = f(&tx, &path)?;
        tx.commit().map_err(|e| StoreError::sqlite(&path, e))?;
        Ok(value)
    }

    /// A read-only snapshot: every query inside `f` sees the same committed state.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let value = f(&tx)?;
        tx.finish().map_err(|e| self.err(e))?;
        Ok(value)
    }
}

/// [`Store::default_path`] from explicit environment values. Per the XDG spec a relative
/// `XDG_DATA_HOME` is ignored.
pub fn default_path_from(
    xdg_data_home: Option<OsString>,
    home: Option<OsString>,
) -> Result<PathBuf> {
    let base = match xdg_data_home.map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => dir,
        _ => match home.map(PathBuf::from) {
            Some(home) if !home.as_os_str().is_empty() => home.join(".local").join("share"),
            _ => return Err(StoreError::NoDataDir),
        },
    };
    Ok(base.join("barraiser").join("barraiser.db"))
}

/// Parse a JSON column, naming the row on failure.
pub(crate) fn parse_json(
    path: &Path,
    table: &'static str,
    column: &'static str,
    id: impl ToString,
    text: &str,
) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|source| StoreError::BadJson {
        path: path.to_path_buf(),
        table,
        column,
        id: id.to_string(),
        source,
    })
}

/// Serialise a JSON value for storage. Serialising a `Value` cannot fail.
pub(crate) fn json_text(value: &serde_json::Value) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_path_prefers_absolute_xdg() {
        let p = default_path_from(Some("/data".into()), Some("/home/u".into())).unwrap();
        assert_eq!(p, Path::new("/data/barraiser/barraiser.db"));
        let p = default_path_from(Some("relative".into()), Some("/home/u".into())).unwrap();
        assert_eq!(p, Path::new("/home/u/.local/share/barraiser/barraiser.db"));
        let p = default_path_from(None, Some("/home/u".into())).unwrap();
        assert_eq!(p, Path::new("/home/u/.local/share/barraiser/barraiser.db"));
        assert!(matches!(
            default_path_from(None, None),
            Err(StoreError::NoDataDir)
        ));
    }
}
