//! Opening files: location, WAL, persistence, and the files that must be refused.

use std::fs;

use store::{NewAttempt, Store, StoreError};

#[test]
fn creates_parent_dirs_uses_wal_and_persists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep/er/barraiser.db");
    let id = {
        let mut s = Store::open(&path).unwrap();
        assert_eq!(s.journal_mode().unwrap(), "wal");
        assert_eq!(s.schema_version().unwrap(), store::latest_version());
        s.start_attempt(&NewAttempt {
            drill_kind: "code-review".into(),
            item_id: "py-xss-03".into(),
            started_at: "2026-11-24T10:00:00Z".into(),
            details: serde_json::json!({"note": "crème brûlée ✓"}),
        })
        .unwrap()
    };
    assert!(path.is_file());
    let s = Store::open(&path).unwrap();
    let a = s.attempt(id).unwrap().unwrap();
    assert_eq!(a.details["note"], "crème brûlée ✓");
    assert!(s.integrity_check().unwrap().is_empty());
}

#[test]
fn foreign_keys_are_enforced() {
    // A review cannot point at a card that does not exist: if foreign keys were off,
    // importing such a review would succeed.
    let mut s = Store::open_in_memory().unwrap();
    let doc = serde_json::json!({
        "format": "barraiser-prep", "schema_version": store::latest_version(),
        "profile": null, "plan": [], "attempts": [], "cards": [], "stories": [], "mocks": [],
        "reviews": [{"id": 1, "question_id": "ghost", "rating": 3, "reviewed_at": "2026-11-24T10:00:00Z"}]
    });
    let err = s.import(doc, store::ImportMode::IntoEmpty).unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let text = "these are my interview notes, not a database\n".repeat(200);
    fs::write(&path, &text).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotSqlite { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("notes.db") && msg.contains("--db"), "{msg}");
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn another_applications_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);")
            .unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::ForeignDatabase { .. }), "{err:?}");
    let c = rusqlite::Connection::open(&path).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'attempts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0, "the foreign file was migrated anyway");
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(Store::open(&path).unwrap());
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute(
            "INSERT INTO schema_version VALUES (?1, '2031-01-01T00:00:00Z')",
            [store::latest_version() + 1],
        )
        .unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err:?}");
    assert!(
        msg.contains("future.db") && msg.contains("upgrade barraiser"),
        "{msg}"
    );
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::IsDirectory { .. }), "{err:?}");
}

#[test]
fn an_unwritable_parent_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    fs::write(&blocker, "x").unwrap();
    let err = Store::open(blocker.join("sub/barraiser.db")).unwrap_err();
    assert!(matches!(err, StoreError::CreateDir { .. }), "{err:?}");
    assert!(err.to_string().contains("--db"));
}

#[test]
fn a_second_writer_waits_then_reports_busy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut s = Store::open(&path).unwrap();
    let hold = rusqlite::Connection::open(&path).unwrap();
    hold.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    let err = s
        .start_attempt(&NewAttempt {
            drill_kind: "scripting".into(),
            item_id: "ipv4".into(),
            started_at: "2026-11-24T10:00:00Z".into(),
            details: serde_json::Value::Null,
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    assert!(
        started.elapsed() >= store::BUSY_TIMEOUT / 2,
        "did not wait for the lock"
    );
    hold.execute_batch("ROLLBACK").unwrap();
    assert!(s.attempts(None).unwrap().is_empty());
}

#[test]
fn many_processes_opening_a_new_file_at_once_all_succeed() {
    // Threads stand in for processes: each has its own connection and races to create and
    // migrate the same new file; the loser of each step waits for the lock and rechecks.
    // Several rounds on fresh files: the race is timing-dependent (CI once
    // saw a busy error here that this machine had never shown).
    let dir = tempfile::tempdir().unwrap();
    for round in 0..8 {
        race(&dir.path().join(format!("race{round}.db")));
    }
}

fn race(path: &std::path::Path) {
    let path = path.to_path_buf();
    let handles: Vec<_> = (0..6)
        .map(|i| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&path).unwrap();
                s.start_attempt(&NewAttempt {
                    drill_kind: "question".into(),
                    item_id: format!("q{i}"),
                    started_at: "2026-11-24T10:00:00Z".into(),
                    details: serde_json::Value::Null,
                })
                .unwrap()
            })
        })
        .collect();
    let mut ids: Vec<i64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.journal_mode().unwrap(), "wal");
    assert_eq!(s.attempts(None).unwrap().len(), 6);
    let c = rusqlite::Connection::open(&path).unwrap();
    let versions: i64 = c
        .query_row("SELECT count(*) FROM schema_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        versions,
        store::latest_version(),
        "a migration was applied twice"
    );
}

#[test]
fn a_damaged_file_is_reported_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.db");
    {
        let mut s = Store::open(&path).unwrap();
        s.insert_story(&store::NewStory {
            title: "t".into(),
            principles: vec![],
            date: None,
            situation: "s".into(),
            task: "t".into(),
            action: "a".into(),
            result: "r".into(),
            updated_at: "2026-11-24T10:00:00Z".into(),
        })
        .unwrap();
    }
    // Keep the 100-byte file header, scribble over the rest of page 1 (the schema table).
    let mut bytes = fs::read(&path).unwrap();
    for b in &mut bytes[100..4096] {
        *b = 0xA5;
    }
    fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("damaged.db") && msg.contains("export"),
        "{msg}"
    );
}
