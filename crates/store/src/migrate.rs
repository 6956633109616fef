//! Versioned schema migrations.
//!
//! Each migration is one SQL file in `src/migrations/`, embedded at build time, applied in order,
//! each in its own `BEGIN IMMEDIATE` transaction together with the row that records it in
//! `schema_version`. A failed migration rolls back whole, leaving the file at the previous version.
//! A file whose version is above the newest known one is refused, never migrated down.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::error::{Result, StoreError};

/// One migration: the version it brings the schema to, and its SQL.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Migration {
    pub(crate) version: i64,
    pub(crate) sql: &'static str,
}

/// All migrations, oldest first. Append only: never edit a migration that has shipped.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: include_str!("migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        sql: include_str!("migrations/0002_tool_runs.sql"),
    },
    Migration {
        version: 3,
        sql: include_str!("migrations/0003_attempts_by_time.sql"),
    },
];

/// `PRAGMA application_id` of barraiser databases ("BRAI").
pub(crate) const APPLICATION_ID: i64 = 0x4252_4149;

/// Newest schema version this build knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Version recorded in the file, 0 when it has no `schema_version` table yet.
pub(crate) fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    let has_table: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if has_table.is_none() {
        return Ok(0);
    }
    conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_version",
        [],
        |r| r.get(0),
    )
}

/// Bring the database at `path` up to the last of `migrations`.
pub(crate) fn migrate(conn: &mut Connection, path: &Path, migrations: &[Migration]) -> Result<()> {
    let supported = migrations.last().map_or(0, |m| m.version);
    let sql_err = |e| StoreError::sqlite(path, e);

    // One read transaction, so the version and the table count come from the
    // same snapshot. Read separately, another process's first migration could
    // commit in between: no version table, then tables present, and a new
    // database was refused as someone else's (seen once in CI's race test).
    let (found, foreign) = {
        let tx = conn.transaction().map_err(sql_err)?;
        let found = current_version(&tx).map_err(sql_err)?;
        let mut foreign = false;
        if found == 0 {
            // A file without our table: it must be empty (new) or be refused as someone else's.
            let tables: i64 = tx
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                    [],
                    |r| r.get(0),
                )
                .map_err(sql_err)?;
            let app_id: i64 = tx
                .query_row("PRAGMA application_id", [], |r| r.get(0))
                .map_err(sql_err)?;
            foreign = tables > 0 || (app_id != 0 && app_id != APPLICATION_ID);
        }
        tx.commit().map_err(sql_err)?;
        (found, foreign)
    };
    if found > supported {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported,
        });
    }
    if foreign {
        return Err(StoreError::ForeignDatabase {
            path: path.to_path_buf(),
        });
    }

    for m in migrations.iter().filter(|m| m.version > found) {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql_err)?;
        // Another process may have migrated while we waited for the lock.
        let before = current_version(&tx).map_err(sql_err)?;
        if before >= m.version {
            continue;
        }
        let applied = tx
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_version (
                     version     INTEGER PRIMARY KEY,
                     applied_at  TEXT NOT NULL
                 );",
            )
            .and_then(|()| tx.pragma_update(None, "application_id", APPLICATION_ID))
            .and_then(|()| tx.execute_batch(m.sql))
            .and_then(|()| {
                tx.execute(
                    "INSERT INTO schema_version (version, applied_at)
                     VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    [m.version],
                )
            })
            .and_then(|_| tx.commit());
        if let Err(source) = applied {
            return Err(match source.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                    StoreError::Busy {
                        path: path.to_path_buf(),
                    }
                }
                _ => StoreError::Migration {
                    path: path.to_path_buf(),
                    version: m.version,
                    version_before: before,
                    source,
                },
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_contiguous_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                m.version,
                i as i64 + 1,
                "migration {i} has version {}",
                m.version
            );
            assert!(!m.sql.trim().is_empty());
        }
        assert_eq!(latest_version(), MIGRATIONS.len() as i64);
    }

    #[test]
    fn failed_migration_rolls_back_whole() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new(":memory:");
        let good = Migration {
            version: 1,
            sql: "CREATE TABLE a (x INTEGER);",
        };
        let broken = Migration {
            version: 2,
            sql: "CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);",
        };
        migrate(&mut conn, path, &[good]).unwrap();
        let err = migrate(&mut conn, path, &[good, broken]).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Migration {
                    version: 2,
                    version_before: 1,
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(current_version(&conn).unwrap(), 1);
        let b: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'b'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            b, 0,
            "table b of the failed migration survived the rollback"
        );
        // A fixed version 2 then applies on top of version 1.
        let fixed = Migration {
            version: 2,
            sql: "CREATE TABLE b (y INTEGER);",
        };
        migrate(&mut conn, path, &[good, fixed]).unwrap();
        assert_eq!(current_version(&conn).unwrap(), 2);
    }

    #[test]
    fn newer_file_is_refused_not_migrated_down() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new("/tmp/x.db");
        migrate(&mut conn, path, MIGRATIONS).unwrap();
        conn.execute(
            "INSERT INTO schema_version VALUES (?1, '2030-01-01T00:00:00Z')",
            [latest_version() + 5],
        )
        .unwrap();
        let err = migrate(&mut conn, path, MIGRATIONS).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, StoreError::TooNew { .. }));
        assert!(
            msg.contains("/tmp/x.db") && msg.contains("upgrade barraiser"),
            "{msg}"
        );
    }

    #[test]
    fn reapplying_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new(":memory:");
        migrate(&mut conn, path, MIGRATIONS).unwrap();
        migrate(&mut conn, path, MIGRATIONS).unwrap();
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM schema_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, MIGRATIONS.len() as i64);
    }
}
