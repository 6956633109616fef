//! The two records a run keeps: the **audit log** and the **state file**.
//!
//! - The audit log is JSON Lines, append-only: one record per step
//!   attempted, done, already done, waiting or failed, each with the time
//!   and the run id. Every line is flushed and `fsync`ed before the call it
//!   describes is made (for attempts) or before the next step starts (for
//!   outcomes), so a crash never loses what was done. Secrets never reach
//!   it: the only secret the engine handles is a [`crate::backend::Secret`],
//!   which cannot be serialised.
//! - The state file holds the plan and the steps completed, with their
//!   times (a key's deactivation time starts its grace period). It is
//!   rewritten atomically (temporary file, `fsync`, rename, `fsync` of the
//!   directory) after every completed step. A rerun with the same state
//!   file resumes the same plan and skips what is done.

use crate::plan::{Plan, Step};
use crate::time::Timestamp;
use report::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub const STATE_VERSION: u32 = 1;

/// The state file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub version: u32,
    pub plan: Plan,
    /// Step id to what happened to it.
    #[serde(default)]
    pub steps: BTreeMap<String, StepRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    /// When the step completed (done, or found already done).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<Timestamp>,
    /// Non-secret result, e.g. the id of a created key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A key created by this step whose secret may not be stored yet: a
    /// resumed run deletes it if the secret does not hold it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_key: Option<String>,
    /// The last failure, until the step succeeds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

impl State {
    pub fn new(plan: Plan) -> State {
        State {
            version: STATE_VERSION,
            plan,
            steps: BTreeMap::new(),
        }
    }

    /// Read a state file; errors carry `path:line:col`.
    pub fn parse(path: &str, bytes: &[u8]) -> Result<State, Diagnostic> {
        let text = Diagnostic::check_text(path, bytes)?;
        let st: State = serde_json::from_str(text).map_err(|e| {
            let msg = e.to_string();
            let msg = match msg.rfind(" at line ") {
                Some(i) => msg[..i].to_string(),
                None => msg,
            };
            Diagnostic::new(path, e.line().max(1) as u32, e.column().max(1) as u32, msg).with_help(
                "this is not a barraiser state file, or it was edited; move it away to plan afresh",
            )
        })?;
        if st.version != STATE_VERSION {
            return Err(Diagnostic::new(
                path,
                1,
                1,
                format!(
                    "state file version {} is not supported (expected {STATE_VERSION})",
                    st.version
                ),
            )
            .with_help(
                "finish that run with the barraiser release that wrote it, or move the file away",
            ));
        }
        Ok(st)
    }

    pub fn done_at(&self, step: &str) -> Option<Timestamp> {
        self.steps.get(step).and_then(|r| r.done)
    }

    /// When a waiting step may run: `days` after its `after` step was done,
    /// or after the plan was made.
    pub fn ready_at(&self, step: &Step) -> Option<Timestamp> {
        let w = step.wait.as_ref()?;
        let start = w
            .after
            .as_deref()
            .and_then(|a| self.done_at(a))
            .unwrap_or(self.plan.created);
        Some(start.plus_days(w.days))
    }

    /// A step's status for display: `done`, `waiting until T`, `failed: E`.
    pub fn status(&self, step: &Step, now: Timestamp) -> Option<String> {
        if let Some(t) = self.done_at(&step.id) {
            return Some(format!("done {t}"));
        }
        let failed = self.steps.get(&step.id).and_then(|r| r.last_error.clone());
        if let Some(t) = self.ready_at(step).filter(|t| *t > now) {
            return Some(format!("waiting until {t}"));
        }
        failed.map(|e| format!("failed last time: {e}"))
    }

    /// True when every step is done.
    pub fn finished(&self) -> bool {
        self.plan
            .steps()
            .all(|(_, s)| self.done_at(&s.id).is_some())
    }
}

/// One audit line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub time: Timestamp,
    pub run: String,
    pub account: String,
    /// `attempt`, `done`, `already`, `waiting`, `failed`, `cleanup`, `account-failed`.
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("{path}: cannot write: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// The state and the audit log of one run, shared by the accounts' threads.
pub struct Journal {
    inner: Mutex<Inner>,
    run: String,
}

struct Inner {
    state: State,
    state_path: Option<PathBuf>,
    audit: Option<(PathBuf, File)>,
    /// In-memory copy of the audit lines (tests, summaries).
    lines: Vec<AuditRecord>,
}

impl Journal {
    /// A journal that writes nowhere but memory (tests and dry runs).
    pub fn in_memory(state: State, run: impl Into<String>) -> Journal {
        Journal {
            inner: Mutex::new(Inner {
                state,
                state_path: None,
                audit: None,
                lines: Vec::new(),
            }),
            run: run.into(),
        }
    }

    /// A journal over files: the state is written at once (so the plan is
    /// on disk before the first change) and the audit log opened for
    /// appending.
    pub fn open(
        state: State,
        state_path: Option<&Path>,
        audit_path: Option<&Path>,
        run: impl Into<String>,
    ) -> Result<Journal, JournalError> {
        let audit = match audit_path {
            Some(p) => {
                let f = OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(p)
                    .map_err(|source| JournalError::Io {
                        path: p.display().to_string(),
                        source,
                    })?;
                Some((p.to_path_buf(), f))
            }
            None => None,
        };
        let j = Journal {
            inner: Mutex::new(Inner {
                state,
                state_path: state_path.map(Path::to_path_buf),
                audit,
                lines: Vec::new(),
            }),
            run: run.into(),
        };
        j.lock().save()?;
        Ok(j)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn run_id(&self) -> &str {
        &self.run
    }

    pub fn state(&self) -> State {
        self.lock().state.clone()
    }

    pub fn audit_lines(&self) -> Vec<AuditRecord> {
        self.lock().lines.clone()
    }

    pub fn done_at(&self, step: &str) -> Option<Timestamp> {
        self.lock().state.done_at(step)
    }

    pub fn ready_at(&self, step: &Step) -> Option<Timestamp> {
        self.lock().state.ready_at(step)
    }

    pub fn pending_key(&self, step: &str) -> Option<String> {
        self.lock()
            .state
            .steps
            .get(step)
            .and_then(|r| r.pending_key.clone())
    }

    /// Append one audit line, synced to disk.
    pub fn audit(
        &self,
        time: Timestamp,
        account: &str,
        event: &str,
        step: Option<&Step>,
        detail: Option<String>,
    ) -> Result<(), JournalError> {
        let rec = AuditRecord {
            time,
            run: self.run.clone(),
            account: account.to_string(),
            event: event.to_string(),
            step: step.map(|s| s.id.clone()),
            action: step.map(|s| s.action.verb().to_string()),
            detail,
        };
        let mut g = self.lock();
        if let Some((path, f)) = g.audit.as_mut() {
            let mut line = serde_json::to_string(&rec).expect("plain data");
            line.push('\n');
            f.write_all(line.as_bytes())
                .and_then(|_| f.sync_data())
                .map_err(|source| JournalError::Io {
                    path: path.display().to_string(),
                    source,
                })?;
        }
        g.lines.push(rec);
        Ok(())
    }

    /// Record that a step is done (durably, before the next step starts).
    pub fn mark_done(
        &self,
        step: &str,
        at: Timestamp,
        detail: Option<String>,
    ) -> Result<(), JournalError> {
        let mut g = self.lock();
        let r = g.state.steps.entry(step.to_string()).or_default();
        r.done = Some(at);
        r.detail = detail;
        r.pending_key = None;
        r.last_error = None;
        g.save()
    }

    pub fn mark_failed(&self, step: &str, error: &str) -> Result<(), JournalError> {
        let mut g = self.lock();
        g.state
            .steps
            .entry(step.to_string())
            .or_default()
            .last_error = Some(error.to_string());
        g.save()
    }

    pub fn set_pending_key(&self, step: &str, key: Option<&str>) -> Result<(), JournalError> {
        let mut g = self.lock();
        g.state
            .steps
            .entry(step.to_string())
            .or_default()
            .pending_key = key.map(str::to_string);
        g.save()
    }
}

impl Inner {
    fn save(&self) -> Result<(), JournalError> {
        let Some(path) = &self.state_path else {
            return Ok(());
        };
        write_atomic(path, &report::to_json_pretty(&self.state)).map_err(|source| {
            JournalError::Io {
                path: path.display().to_string(),
                source,
            }
        })
    }
}

/// Write `text` to `path` so that a crash leaves either the old file or
/// the new one: a temporary file in the same directory, synced, renamed
/// over the target, then the directory synced so the rename itself lasts.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?
        .to_string_lossy()
        .to_string();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let r = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}
